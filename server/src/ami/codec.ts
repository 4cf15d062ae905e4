import { AmiEncodeError } from "./errors";

/**
 * One AMI message: keys exactly as Asterisk sent them. A key that repeats
 * (`Output:` of a Command, `ChanVariable:`) keeps every value, joined by "\n" —
 * unambiguous because a value can never contain a line break.
 * Null prototype: keys come from the wire and must not reach Object.prototype.
 */
export type AmiMessage = { readonly [key: string]: string | undefined };

/** A value an action field may carry; arrays repeat the key (`Variable: a=1`, `Variable: b=2`). */
export type AmiFieldValue = string | number | boolean | readonly (string | number)[] | undefined;
export type AmiFields = Readonly<Record<string, AmiFieldValue>>;

const MESSAGE_END = Buffer.from("\r\n\r\n");
const LINE_END = "\r\n";
const CRLF = Buffer.from(LINE_END);
const BANNER_PREFIX = "Asterisk Call Manager/";

/**
 * Incremental AMI decoder. Feed it TCP chunks as they arrive; it returns the
 * messages completed by that chunk. A message split anywhere across chunks —
 * even inside a multi-byte UTF-8 character — decodes the same as unsplit.
 * It holds no socket and does no I/O.
 *
 * Boundaries are found in the bytes (CR and LF never occur inside a UTF-8
 * sequence) and each message is decoded on its own, so the strings it yields
 * never keep a whole network read alive.
 */
export class AmiDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private bannerDone = false;
  /** The version line Asterisk greets with, once seen. */
  banner: string | undefined;

  push(chunk: Uint8Array): AmiMessage[] {
    if (chunk.length === 0) return [];
    const data = this.pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) : Buffer.concat([this.pending, chunk]);
    let start = 0;
    if (!this.bannerDone) {
      const lineEnd = data.indexOf(CRLF);
      if (lineEnd === -1) {
        this.pending = Buffer.from(data);
        return [];
      }
      const first = data.toString("utf8", 0, lineEnd);
      // The greeting is one line without a blank line after it; anything else
      // means we joined mid-stream (a replay, a proxy) and parse from here.
      if (first.startsWith(BANNER_PREFIX)) {
        this.banner = first;
        start = lineEnd + CRLF.length;
      }
      this.bannerDone = true;
    }
    const messages: AmiMessage[] = [];
    let end = data.indexOf(MESSAGE_END, start);
    while (end !== -1) {
      if (end > start) {
        const message = parseBlock(data.toString("utf8", start, end));
        if (message !== null) messages.push(message);
      }
      start = end + MESSAGE_END.length;
      end = data.indexOf(MESSAGE_END, start);
    }
    // Copy the unfinished tail: a view would pin the whole read in memory.
    this.pending = start >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(start));
    return messages;
  }

  /** Bytes of an unfinished message held back, for a caller that wants to cap memory. */
  get bufferedLength(): number {
    return this.pending.length;
  }
}

/**
 * Parses the `Key: Value` lines of one message. Blank lines (a stray CRLF
 * between messages) are skipped; a line without a colon is kept whole under
 * the empty key. Null when nothing but blank lines was there.
 */
function parseBlock(text: string): AmiMessage | null {
  const message: Record<string, string> = Object.create(null);
  let any = false;
  let lineStart = 0;
  const end = text.length;
  while (lineStart < end) {
    let lineEnd = text.indexOf(LINE_END, lineStart);
    if (lineEnd === -1) lineEnd = end;
    if (lineEnd > lineStart) {
      const colon = text.indexOf(":", lineStart);
      let key: string;
      let value: string;
      if (colon === -1 || colon > lineEnd) {
        key = "";
        value = text.slice(lineStart, lineEnd);
      } else {
        key = text.slice(lineStart, colon);
        // "Key: value" — one space after the colon is framing, not data.
        const valueStart = text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
        value = valueStart >= lineEnd ? "" : text.slice(valueStart, lineEnd);
      }
      const previous = message[key];
      message[key] = previous === undefined ? value : previous + "\n" + value;
      any = true;
    }
    lineStart = lineEnd + LINE_END.length;
  }
  return any ? message : null;
}

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
// CR or LF would end the line and let the rest of a value become a new header
// (or a whole new action); NUL truncates strings inside Asterisk.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/**
 * Encodes one action. Every key and value is checked first: anything that
 * could smuggle a second header or action throws before a byte exists.
 */
export function encodeAction(action: string, actionId: string, fields: AmiFields = {}): string {
  checkValue("Action", action);
  if (!KEY_PATTERN.test(action)) throw new AmiEncodeError("Action", "action names are letters, digits, - and _ only");
  checkValue("ActionID", actionId);
  let out = `Action: ${action}\r\nActionID: ${actionId}\r\n`;
  for (const key of Object.keys(fields)) {
    if (!KEY_PATTERN.test(key)) throw new AmiEncodeError(key, "keys are letters, digits, - and _ only");
    const lower = key.toLowerCase();
    if (lower === "action" || lower === "actionid") throw new AmiEncodeError(key, "Action and ActionID are set by the client");
    const value = fields[key];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      const text = String(item);
      checkValue(key, text);
      out += `${key}: ${text}\r\n`;
    }
  }
  return out + "\r\n";
}

function checkValue(key: string, value: string): void {
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new AmiEncodeError(key, "values may not contain CR, LF or NUL");
  }
}

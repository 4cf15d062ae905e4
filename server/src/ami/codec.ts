import { StringDecoder } from "node:string_decoder";
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

const MESSAGE_END = "\r\n\r\n";
const LINE_END = "\r\n";
const BANNER_PREFIX = "Asterisk Call Manager/";

/**
 * Incremental AMI decoder. Feed it TCP chunks as they arrive; it returns the
 * messages completed by that chunk. A message split anywhere across chunks —
 * even inside a multi-byte UTF-8 character — decodes the same as unsplit.
 * It holds no socket and does no I/O.
 */
export class AmiDecoder {
  private readonly text = new StringDecoder("utf8");
  private pending = "";
  private bannerDone = false;
  /** The version line Asterisk greets with, once seen. */
  banner: string | undefined;

  push(chunk: Uint8Array): AmiMessage[] {
    const incoming = this.text.write(chunk as Buffer);
    if (incoming.length === 0) return [];
    const data = this.pending.length === 0 ? incoming : this.pending + incoming;
    let start = 0;
    if (!this.bannerDone) {
      const lineEnd = data.indexOf(LINE_END);
      if (lineEnd === -1) {
        this.pending = data;
        return [];
      }
      const first = data.slice(0, lineEnd);
      // The greeting is one line without a blank line after it; anything else
      // means we joined mid-stream (a replay, a proxy) and parse from here.
      if (first.startsWith(BANNER_PREFIX)) {
        this.banner = first;
        start = lineEnd + LINE_END.length;
      }
      this.bannerDone = true;
    }
    const messages: AmiMessage[] = [];
    let end = data.indexOf(MESSAGE_END, start);
    while (end !== -1) {
      if (end > start) messages.push(parseBlock(data, start, end));
      start = end + MESSAGE_END.length;
      end = data.indexOf(MESSAGE_END, start);
    }
    // Keep only the unfinished tail; a blank line can straddle chunks, so the
    // next search starts over at the tail's beginning.
    this.pending = start === 0 ? data : data.slice(start);
    return messages;
  }

  /** Bytes of an unfinished message held back, for a caller that wants to cap memory. */
  get bufferedLength(): number {
    return this.pending.length;
  }
}

/** Parses `Key: Value` lines in data[start, end). Lines without a colon are kept whole under the empty key. */
function parseBlock(data: string, start: number, end: number): AmiMessage {
  const message: Record<string, string> = Object.create(null);
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = data.indexOf(LINE_END, lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const colon = data.indexOf(":", lineStart);
    let key: string;
    let value: string;
    if (colon === -1 || colon > lineEnd) {
      key = "";
      value = data.slice(lineStart, lineEnd);
    } else {
      key = data.slice(lineStart, colon);
      // "Key: value" — one space after the colon is framing, not data.
      const valueStart = data.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      value = valueStart >= lineEnd ? "" : data.slice(valueStart, lineEnd);
    }
    const previous = message[key];
    message[key] = previous === undefined ? value : previous + "\n" + value;
    lineStart = lineEnd + LINE_END.length;
  }
  return message;
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

import { isAscii } from "node:buffer";
import { AmiEncodeError } from "./errors";

/** A value an action field may carry; arrays repeat the key (`Variable: a=1`, `Variable: b=2`). */
export type AmiFieldValue = string | number | boolean | readonly (string | number)[] | undefined;
export type AmiFields = Readonly<Record<string, AmiFieldValue>>;

const MESSAGE_END = Buffer.from("\r\n\r\n");
const LINE_END = "\r\n";
const CRLF = Buffer.from(LINE_END);
const CR = 13;
const LF = 10;
const SPACE = 32;
const COLON = 58;
const BANNER_PREFIX = "Asterisk Call Manager/";
const EMPTY = Buffer.alloc(0);

/**
 * One AMI message, read lazily. Its first line is read at once: every dispatch
 * needs it, and Asterisk always puts the message's kind there (`Response: …`
 * for a reply, `Event: …` for an event). The other fields are parsed together
 * on the first get() and kept. Most events are only routed by name (40 % of
 * the recorded traffic is VarSet, which nobody reads), so most are never parsed.
 *
 * Fields keep the wire's meaning: keys exactly as Asterisk sent them; a key
 * that repeats (`Output:` of a Command, `ChanVariable:`) keeps every value,
 * joined by "\n" (unambiguous: a value never contains a line break); a line
 * without a colon is kept under the empty key. They live in a Map, so no key
 * from the wire can reach Object.prototype.
 */
export class AmiMessage {
  /** The event's name, when the first line is `Event: …`. */
  readonly event: string | undefined;
  /** The reply's status (Success, Error, Follows, Goodbye), when the first line is `Response: …`. */
  readonly response: string | undefined;
  private parsed: Map<string, string> | undefined;

  /** @param text one message as Asterisk frames it, without the blank line that ends it. */
  constructor(private readonly text: string) {
    this.event = firstLineValue(text, "Event");
    this.response = this.event === undefined ? firstLineValue(text, "Response") : undefined;
  }

  /** Frames plain fields the way Asterisk does and reads them back: for tests and fakes. */
  static from(fields: Readonly<Record<string, string>>): AmiMessage {
    return new AmiMessage(Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join(LINE_END));
  }

  /** One field's value; every value of a repeated key, joined by "\n". */
  get(key: string): string | undefined {
    return this.all().get(key);
  }

  /** Matches a reply (and an event list's items) to the action that asked. */
  get actionId(): string | undefined {
    return this.get("ActionID");
  }

  /** Every field as a plain record with no prototype: for tests and logs. */
  fields(): Record<string, string> {
    const record: Record<string, string> = Object.create(null);
    for (const [key, value] of this.all()) record[key] = value;
    return record;
  }

  /** Logs and JSON.stringify show the fields, not the raw text. */
  toJSON(): Record<string, string> {
    return this.fields();
  }

  private all(): Map<string, string> {
    this.parsed ??= parseFields(this.text);
    return this.parsed;
  }
}

/**
 * Incremental AMI decoder. Feed it TCP chunks as they arrive; it returns the
 * messages completed by that chunk. A message split anywhere across chunks —
 * even inside a multi-byte UTF-8 character — decodes the same as unsplit.
 * It holds no socket and does no I/O.
 *
 * Boundaries are found in the bytes (CR and LF never occur inside a UTF-8
 * sequence) and each message becomes one string of its own, so a message kept
 * by a listener never keeps a whole network read alive.
 */
export class AmiDecoder {
  private pending: Buffer = EMPTY;
  private bannerDone = false;
  /** The version line Asterisk greets with, once seen. */
  banner: string | undefined;

  push(chunk: Uint8Array): AmiMessage[] {
    if (chunk.length === 0) return [];
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (!this.bannerDone) {
      if (this.pending.length > 0) data = Buffer.concat([this.pending, data]);
      this.pending = EMPTY;
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
        data = data.subarray(lineEnd + CRLF.length);
      }
      this.bannerDone = true;
    }
    const messages: AmiMessage[] = [];
    let start = 0;
    if (this.pending.length > 0) {
      // Join the held-back bytes with only as much of this read as can finish
      // their message (its end may begin in the held-back bytes), not the whole read.
      const firstEnd = data.indexOf(MESSAGE_END);
      const head = Buffer.concat([this.pending, firstEnd === -1 ? data : data.subarray(0, firstEnd + MESSAGE_END.length)]);
      start = decodeMessages(head, messages) - this.pending.length;
      if (start < 0) {
        // Still unfinished; `head` is a fresh copy of it all.
        this.pending = head;
        return messages;
      }
    }
    start = decodeMessages(data, messages, start);
    // Copy the unfinished tail: a view would pin the whole read in memory.
    this.pending = start >= data.length ? EMPTY : Buffer.from(data.subarray(start));
    return messages;
  }

  /** Bytes of an unfinished message held back, for a caller that wants to cap memory. */
  get bufferedLength(): number {
    return this.pending.length;
  }
}

/**
 * Appends every message that ends in `data` at or after `start`; returns where
 * the unfinished rest begins.
 */
function decodeMessages(data: Buffer, messages: AmiMessage[], start = 0): number {
  // AMI is nearly always ASCII, where latin1 decoding gives the same string for less work.
  const encoding = isAscii(data) ? "latin1" : "utf8";
  let end = data.indexOf(MESSAGE_END, start);
  while (end !== -1) {
    // A stray blank line between messages leaves one CRLF before the next (two
    // would have ended a message earlier); skip it so the first line is the kind.
    if (data[start] === CR && data[start + 1] === LF) start += CRLF.length;
    if (end > start) messages.push(new AmiMessage(data.toString(encoding, start, end)));
    start = end + MESSAGE_END.length;
    end = data.indexOf(MESSAGE_END, start);
  }
  return start;
}

/** The value of the first line when its key is `key`. Runs for every message, so no regex and no split. */
function firstLineValue(text: string, key: string): string | undefined {
  if (text.charCodeAt(key.length) !== COLON || !text.startsWith(key)) return undefined;
  // "Key: value" — one space after the colon is framing, not data.
  const valueStart = text.charCodeAt(key.length + 1) === SPACE ? key.length + 2 : key.length + 1;
  let lineEnd = valueStart;
  while (lineEnd < text.length && !(text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF)) lineEnd++;
  return text.slice(valueStart, lineEnd);
}

/**
 * Parses every `Key: Value` line of one message. Blank lines are skipped; a
 * line without a colon is kept whole under the empty key.
 */
function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
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
        const valueStart = text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
        value = valueStart >= lineEnd ? "" : text.slice(valueStart, lineEnd);
      }
      const previous = fields.get(key);
      fields.set(key, previous === undefined ? value : previous + "\n" + value);
    }
    lineStart = lineEnd + LINE_END.length;
  }
  return fields;
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

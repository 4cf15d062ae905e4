import { z } from "zod";

// Any string from a client may end up in an AMI header, a log line or a SIP
// display name; control characters there split headers or forge lines.
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isControl(value.charCodeAt(i))) return true;
  return false;
}

/** A lone UTF-16 surrogate is no character at all: it cannot be stored or shown. */
function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** A single-line string of at most `max` characters, without control characters. */
export function safeText(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacter(value), { message: "must not contain control characters (CR, LF, NUL, …)" });
}

/** How long a free-text field may be, in both measures that bind: what people type, and what is stored and sent. */
export interface TextLimit {
  /** Unicode characters (code points), as a person counts them. */
  readonly characters: number;
  /** UTF-8 bytes, as the database, the logs and the wire carry them. */
  readonly bytes: number;
}

/** A transfer note, from one agent to the next. */
// Bytes bind for text of 4-byte characters (emoji), characters for the rest (CJK is 3 bytes each).
export const NOTE_LIMIT: TextLimit = { characters: 2000, bytes: 6000 };
/** A voice bot's summary of its conversation. */
export const SUMMARY_LIMIT: TextLimit = { characters: 4000, bytes: 12000 };

/**
 * How much room a text takes, in both measures of a `TextLimit`. Counted by hand: the contract sees
 * neither DOM nor Node, so no TextEncoder; a lone surrogate counts 3 bytes, as TextEncoder's U+FFFD would.
 */
export function measureText(value: string): { characters: number; bytes: number } {
  let characters = 0;
  let bytes = 0;
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    characters++;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return { characters, bytes };
}

/** Line breaks and tabs are text; every other control character is refused. */
function hasNonTextControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isControl(code) && code !== 0x0a && code !== 0x0d && code !== 0x09) return true;
  }
  return false;
}

/**
 * Free text that may span lines (a note, a bot summary): any printable Unicode, line breaks and tabs.
 * It never reaches an AMI header or a SIP header (it travels in our own JSON), but it does reach logs
 * and screens, so other control characters are still refused.
 */
export function safeNote(limit: TextLimit) {
  return z
    .string()
    .refine((value) => measureText(value).characters <= limit.characters, { message: `must be at most ${limit.characters} characters` })
    .refine((value) => measureText(value).bytes <= limit.bytes, { message: `must be at most ${limit.bytes} bytes in UTF-8` })
    .refine((value) => !hasNonTextControl(value), { message: "must not contain control characters other than line breaks and tabs (NUL, ESC, …)" })
    .refine((value) => !hasLoneSurrogate(value), { message: "must be valid Unicode text" });
}

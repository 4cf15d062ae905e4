import { z } from "zod";

// Any string from a client may end up in an AMI header, a log line or a SIP
// display name; control characters there split headers or forge lines.
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A single-line string of at most `max` characters, without control characters. */
export function safeText(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacter(value), { message: "must not contain control characters (CR, LF, NUL, …)" });
}

/** Free text that may span lines (a note, a bot summary): only CR, LF and NUL are refused. */
export function safeNote(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !/[\r\n\0]/.test(value), { message: "must not contain CR, LF or NUL; send one paragraph" });
}

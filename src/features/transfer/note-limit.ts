import { measureText, safeNote, type TextLimit } from "@handoff/contract";

export interface NoteCheck {
  characters: number;
  bytes: number;
  /** Why the note cannot be sent as it is, or null. */
  problem: string | null;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
const schemas = new Map<TextLimit, ReturnType<typeof safeNote>>();

/** The note against the contract's limit, in both of its measures; the contract's schema has the last word. */
export function checkNote(note: string, limit: TextLimit): NoteCheck {
  const { characters, bytes } = measureText(note);
  let problem: string | null = null;
  if (characters > limit.characters) {
    problem = `The note is ${plural(characters - limit.characters, "character")} too long (at most ${limit.characters}). Shorten it to send the transfer.`;
  } else if (bytes > limit.bytes) {
    problem = `The note takes ${bytes} bytes; at most ${limit.bytes} can be sent (emoji and many scripts take 3 or 4 bytes a character). Shorten it to send the transfer.`;
  } else {
    const schema = schemas.get(limit) ?? safeNote(limit);
    schemas.set(limit, schema);
    if (!schema.safeParse(note).success) problem = "The note holds characters that cannot be sent (invisible control characters). Retype the part you pasted.";
  }
  return { characters, bytes, problem };
}

/** Line breaks and tabs are text; other control characters (pasted from elsewhere) are invisible, and the server refuses them. */
export function withoutControlCharacters(value: string): string {
  let kept = "";
  for (const character of value) {
    const code = character.charCodeAt(0);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (!control || character === "\n" || character === "\r" || character === "\t") kept += character;
  }
  return kept;
}

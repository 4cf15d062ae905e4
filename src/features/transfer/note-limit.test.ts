import { measureText, NOTE_LIMIT } from "@handoff/contract";
import { describe, expect, it } from "vitest";
import { checkNote, withoutControlCharacters } from "./note-limit";

describe("note limit", () => {
  it("counts bytes as TextEncoder does, and characters as code points", () => {
    const samples = ["", "plain", "Jürgen", "顧客は返金を希望", "🙂👍🏽👨‍👩‍👧", "line\nline\ttab", "\uD83D lone", "end \uDE42", "\u07FF\u0800\uFFFF\u{10000}"];
    for (const sample of samples) {
      expect(measureText(sample), JSON.stringify(sample)).toEqual({ characters: [...sample].length, bytes: new TextEncoder().encode(sample).length });
    }
  });

  it("refuses a note over the character limit, and says by how much", () => {
    expect(checkNote("x".repeat(2000), NOTE_LIMIT).problem).toBeNull();
    expect(checkNote("x".repeat(2002), NOTE_LIMIT).problem).toBe("The note is 2 characters too long (at most 2000). Shorten it to send the transfer.");
  });

  it("refuses a note within the characters but over the bytes", () => {
    // NOTE_LIMIT's bytes are 4 x its characters, which no text can exceed; a tighter limit shows the check is there.
    const check = checkNote("🙂🙂🙂", { characters: 10, bytes: 8 });
    expect(check).toMatchObject({ characters: 3, bytes: 12 });
    expect(check.problem).toMatch(/^The note takes 12 bytes; at most 8 can be sent/);
  });

  it("leaves what the contract refuses to the contract: a lone surrogate cannot be sent", () => {
    expect(checkNote("half an emoji \uD83D", NOTE_LIMIT).problem).toMatch(/cannot be sent/);
  });

  it("drops invisible control characters a paste brings, and keeps line breaks and tabs", () => {
    expect(withoutControlCharacters("a\u0000b\u001b[2Jc\u0085d\r\ne\tf")).toBe("ab[2Jcd\r\ne\tf");
  });
});

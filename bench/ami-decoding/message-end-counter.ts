/**
 * The ceiling: finds where messages end ("\r\n\r\n") and nothing else, with
 * Buffer.indexOf. A terminator split across chunks is still counted once, and
 * a stray extra CRLF after one (the fixture has a few) does not end another.
 */
export class MessageEndCounter {
  /** How much of "\r\n\r\n" the previous chunk ended with (0-3). */
  private partial = 0;
  count = 0;

  push(chunk: Buffer): void {
    let index = 0;
    // Finish a terminator that straddles the previous chunk.
    while (this.partial > 0 && index < chunk.length) {
      this.step(chunk[index] ?? 0);
      index++;
    }
    if (index >= chunk.length) return;
    let from = index;
    let at = chunk.indexOf(TERMINATOR, from);
    while (at !== -1) {
      this.count++;
      from = at + TERMINATOR.length;
      at = chunk.indexOf(TERMINATOR, from);
    }
    // A partial terminator can only sit in the last three bytes.
    for (let tail = Math.max(from, chunk.length - 3); tail < chunk.length; tail++) this.step(chunk[tail] ?? 0);
  }

  private step(byte: number): void {
    const expected = this.partial % 2 === 0 ? CR : LF;
    if (byte === expected) {
      this.partial++;
      if (this.partial === 4) {
        this.count++;
        this.partial = 0;
      }
    } else {
      this.partial = byte === CR ? 1 : 0;
    }
  }
}

const TERMINATOR = Buffer.from("\r\n\r\n");
const CR = 13;
const LF = 10;

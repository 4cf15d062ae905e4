/**
 * The honest naive baseline: what one writes in ten minutes. It keeps the tail
 * across chunks (so it is correct on this stream), but re-splits its whole
 * buffer with String.split and builds plain objects; repeated keys overwrite.
 */
export class NaiveDecoder {
  private buffered = "";

  push(text: string): Record<string, string>[] {
    this.buffered += text;
    const blocks = this.buffered.split("\r\n\r\n");
    this.buffered = blocks.pop() ?? "";
    const messages: Record<string, string>[] = [];
    for (const block of blocks) {
      if (block.length === 0) continue;
      const message: Record<string, string> = {};
      for (const line of block.split("\r\n")) {
        const separator = line.indexOf(": ");
        // The banner and stray blank lines have no separator.
        if (separator !== -1) message[line.slice(0, separator)] = line.slice(separator + 2);
      }
      messages.push(message);
    }
    return messages;
  }
}

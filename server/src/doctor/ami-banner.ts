import { connect } from "node:net";

const BANNER = /^Asterisk Call Manager\/\S+/;

/** The first line the port sends: Asterisk's manager says "Asterisk Call Manager/<version>" before anything else. */
export function readAmiBanner(host: string, port: number, timeoutMs = 3_000): Promise<{ kind: "banner"; banner: string } | { kind: "other"; banner: string } | { kind: "unreachable"; error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let text = "";
    const finish = (answer: Parameters<typeof resolve>[0]) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(text ? { kind: "other", banner: text.slice(0, 80) } : { kind: "other", banner: `(nothing within ${timeoutMs} ms)` }));
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      const line = text.split(/\r?\n/)[0] ?? "";
      if (text.includes("\n") || text.length > 200) finish(BANNER.test(line) ? { kind: "banner", banner: line } : { kind: "other", banner: line.slice(0, 80) });
    });
    socket.on("error", (error) => finish({ kind: "unreachable", error: error.message }));
    socket.on("close", () => finish(text ? { kind: "other", banner: text.slice(0, 80) } : { kind: "unreachable", error: "the connection closed before any greeting" }));
  });
}

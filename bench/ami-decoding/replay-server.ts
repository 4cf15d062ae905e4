import { createServer, type Server, type Socket } from "node:net";

/**
 * A fake Asterisk for throughput runs, in-process on 127.0.0.1. Each connection
 * gets the greeting, then waits for the client's Login and accepts it (the
 * baseline library will not read events before that), then the same events
 * buffer `repeats` times. Writes are large and only resume on 'drain', so TCP
 * picks the chunk sizes the reader sees and a slow reader slows the writer.
 */
export interface ReplayStream {
  readonly banner: Buffer;
  readonly events: Buffer;
  readonly repeats: number;
}

export interface ReplayServer {
  readonly port: number;
  close(): Promise<void>;
}

const MESSAGE_END = "\r\n\r\n";
/** A Login is a few hundred bytes; anything much longer is not a client we expect. */
const MAX_LOGIN_BYTES = 4096;

export async function startReplayServer(stream: ReplayStream): Promise<ReplayServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // The reader going away mid-stream (killed on a timeout) is not our error.
    socket.on("error", () => socket.destroy());
    socket.setNoDelay(true);
    serve(socket, stream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The replay server has no TCP port.");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(socket: Socket, stream: ReplayStream): void {
  socket.write(stream.banner);
  let login = "";
  const onLogin = (chunk: Buffer): void => {
    login += chunk.toString("latin1");
    const end = login.indexOf(MESSAGE_END);
    if (end === -1) {
      if (login.length > MAX_LOGIN_BYTES) socket.destroy();
      return;
    }
    socket.off("data", onLogin);
    const actionId = /^ActionID:[ \t]*([^\r\n]*)/im.exec(login.slice(0, end))?.[1];
    socket.write(`Response: Success\r\n${actionId === undefined ? "" : `ActionID: ${actionId}\r\n`}Message: Authentication accepted\r\n\r\n`);
    pump(socket, stream);
  };
  socket.on("data", onLogin);
}

function pump(socket: Socket, stream: ReplayStream): void {
  let sent = 0;
  const writeMore = (): void => {
    while (sent < stream.repeats) {
      sent++;
      if (!socket.write(stream.events)) return;
    }
    socket.off("drain", writeMore);
    socket.end();
  };
  socket.on("drain", writeMore);
  writeMore();
}

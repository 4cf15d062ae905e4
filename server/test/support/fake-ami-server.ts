import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { AmiDecoder } from "../../src/ami/codec";

export interface FakeAmiConnection {
  readonly socket: Socket;
  /** Writes one message as Asterisk frames it. */
  send(fields: Record<string, string>): void;
}

/** An action as the fake received it: a plain record, easy to match in tests. */
export type FakeAmiAction = Readonly<Record<string, string>>;

export type FakeAmiHandler = (action: FakeAmiAction, connection: FakeAmiConnection) => void;

/**
 * An in-process AMI server for edge cases the real Asterisk cannot produce on
 * demand (a reply that never comes, a link cut mid-action). It records every
 * action and every byte it receives, so a test can prove nothing was sent.
 */
export class FakeAmiServer {
  readonly received: FakeAmiAction[] = [];
  bytesReceived = 0;
  connections: FakeAmiConnection[] = [];
  private readonly server: Server;

  constructor(private handler: FakeAmiHandler = answerLoginThenSuccess) {
    this.server = createServer((socket) => this.accept(socket));
  }

  setHandler(handler: FakeAmiHandler): void {
    this.handler = handler;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Cuts every open connection, as a crashing Asterisk would. */
  dropConnections(): void {
    for (const { socket } of this.connections) socket.destroy();
    this.connections = [];
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const connection: FakeAmiConnection = {
      socket,
      send: (fields) => {
        let frame = "";
        for (const [key, value] of Object.entries(fields)) frame += `${key}: ${value}\r\n`;
        socket.write(frame + "\r\n");
      },
    };
    this.connections.push(connection);
    const decoder = new AmiDecoder();
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      this.bytesReceived += chunk.length;
      for (const message of decoder.push(chunk)) {
        const action = message.fields();
        this.received.push(action);
        this.handler(action, connection);
      }
    });
    socket.write("Asterisk Call Manager/11.0.0\r\n");
  }
}

/** Accepts any login and answers every other action with a plain Success. */
export function answerLoginThenSuccess(action: FakeAmiAction, connection: FakeAmiConnection): void {
  connection.send({ Response: "Success", ActionID: action.ActionID ?? "", Message: action.Action === "Login" ? "Authentication accepted" : "ok" });
}

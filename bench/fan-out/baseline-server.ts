/**
 * The baseline: a bare socket.io server in a process of its own, like the real
 * server. No auth, no store, no presence logic, no rooms: on the next
 * DeviceStateChange of the armed extension, read on its own AMI link (the
 * server's credentials, our AMI client, through the same kind of gate as the
 * server's), it emits the entry it was given (the real one, so the same size)
 * with a fresh `since` to every connection. What it takes is what socket.io,
 * loopback, the AMI link and the clients cost on their own. Started by
 * ../fan-out.ts with the AMI address to use as its argument.
 */
import { createServer } from "node:http";
import type { DirectoryEntry } from "@handoff/contract";
import { Server } from "socket.io";
import { loadPbxConnection } from "../../pbx/src/connection";
import { AmiClient } from "../../server/src/ami";
import { deviceStateOf } from "./device-state";
import { isBaselineCommand, type BaselineMessage } from "./protocol";

function send(message: BaselineMessage): void {
  process.send?.(message);
}

// The benchmark process went away: nobody is left to stop this one.
process.on("disconnect", () => process.exit(1));

let armed: { extension: string; entry: DirectoryEntry } | undefined;

async function main(): Promise<void> {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false });
  const { ami: credentials } = loadPbxConnection();
  const address = JSON.parse(process.argv[2] ?? "{}") as { host?: string; port?: number };
  // Read only: this link sends no action of its own (Login aside).
  const ami = await AmiClient.connect({ ...credentials, host: address.host ?? credentials.host, port: address.port ?? credentials.port, allowedActions: new Set(), keepaliveMs: false });
  ami.onEvent((event) => {
    if (armed === undefined) return;
    if (deviceStateOf(event, armed.extension) === undefined) return;
    const { entry } = armed;
    armed = undefined;
    io.emit("presence.updated", { ...entry, since: new Date().toISOString() });
  });

  process.on("message", (message) => {
    if (!isBaselineCommand(message)) return;
    if (message.type === "arm") {
      armed = { extension: message.extension, entry: message.entry };
      send({ type: "armed" });
    } else {
      void io.close();
      void ami.close().finally(() => process.exit(0));
    }
  });

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const listening = httpServer.address();
  if (listening === null || typeof listening === "string") throw new Error("the baseline server has no port");
  send({ type: "listening", port: listening.port });
}

main().catch((error: unknown) => {
  send({ type: "error", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

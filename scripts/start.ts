// `npm start`: the local PBX, then the transfer server in the foreground, with the demo logins printed.
import { execFileSync, spawn } from "node:child_process";
import { loadPbxConnection } from "../pbx/src/connection";
import { loadDemoData } from "../pbx/src/demo-data";
import { demoServerEnv } from "./demo-server-env";

const port = Number(process.env.HANDOFF_HTTP_PORT ?? 8080);
execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "inherit" });
const pbx = loadPbxConnection();
const demo = loadDemoData();
const { env, logins } = demoServerEnv(pbx, demo, port);

const server = spawn("npx", ["--no-install", "tsx", "server/src/main.ts"], { stdio: "inherit", env: { ...process.env, ...env } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

async function announceWhenUp(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(
    [
      "",
      "Handoff is up.",
      `  Server:  http://127.0.0.1:${port}/api  (health: /api/health)`,
      `  PBX (${pbx.provider}): SIP over WebSocket at ${pbx.sipWsUrl}, AMI at ${pbx.ami.host}:${pbx.ami.port}`,
      "  Demo logins (generated for this install, kept in var/server/secrets.json):",
      ...demo.users.map((u) => `    ${u.username.padEnd(9)} ${(logins[u.username] ?? "").padEnd(16)} ${u.extension ?? "—"}  ${u.role}`),
      "  A customer call to an agent: npm run call -- 1001",
      "  Ctrl-C stops the server; npm run pbx:down stops the PBX.",
      "",
    ].join("\n"),
  );
}
void announceWhenUp();

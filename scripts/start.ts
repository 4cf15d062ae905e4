// `npm start`: the local PBX, the transfer server (which also serves the web app), and the
// desktop app where Electron can run; the demo logins are printed.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadPbxConnection } from "../pbx/src/connection";
import { loadDemoData } from "../pbx/src/demo-data";
import { demoBotEnv, demoServerEnv } from "./demo-server-env";

const port = Number(process.env.HANDOFF_HTTP_PORT ?? 8080);
// The Electron binary is fetched outside the npm registry; where it was not, the web mode is the app.
const hasDesktop =
  existsSync("node_modules/electron/path.txt") && (process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY));
execFileSync("npx", ["--no-install", "vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
execFileSync("npx", ["--no-install", "vite", "build", "-c", "widget/vite.config.ts"], { stdio: "inherit" });
if (hasDesktop) execFileSync("npx", ["--no-install", "vite", "build", "-c", "electron/vite.config.ts", "--logLevel", "warn"], { stdio: "inherit" });
execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "inherit" });
const pbx = loadPbxConnection();
const demo = loadDemoData();
const { env, logins } = demoServerEnv(pbx, demo, port);

const server = spawn("npx", ["--no-install", "tsx", "server/src/main.ts"], { stdio: "inherit", env: { ...process.env, ...env } });
// Started once the server answers (below): it signs in as the demo's voicebot.
let bot: ReturnType<typeof spawn> | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    bot?.kill(signal);
    server.kill(signal);
  });
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
      `  App (web mode): http://127.0.0.1:${port}/   (sign in with a login below; open two windows for two agents)`,
      hasDesktop ? "  Desktop app: started (Electron)." : "  Desktop app: not started (no Electron binary or no display here; see README).",
      `  Server API:     http://127.0.0.1:${port}/api  (health: /api/health)`,
      `  Website widget: http://127.0.0.1:${port}/widget/  (a visitor calls the reference voice bot; 0 asks for a person)`,
      `  PBX (${pbx.provider}): SIP over WebSocket at ${pbx.sipWsUrl}, AMI at ${pbx.ami.host}:${pbx.ami.port}`,
      "  Demo logins (generated for this install, kept in var/server/secrets.json):",
      ...demo.users.map((u) => `    ${u.username.padEnd(9)} ${(logins[u.username] ?? "").padEnd(16)} ${u.extension ?? "—"}  ${u.role}`),
      "  A customer call to an agent: npm run call -- 1001",
      "  Ctrl-C stops the server; npm run pbx:down stops the PBX.",
      "",
    ].join("\n"),
  );
}
void announceWhenUp().then(() => {
  const botEnv = demoBotEnv(pbx, demo, port);
  if (botEnv !== null) bot = spawn("npx", ["--no-install", "tsx", "bot/src/main.ts"], { stdio: "inherit", env: { ...process.env, ...botEnv } });
  if (!hasDesktop) return;
  const desktop = spawn("npx", ["--no-install", "electron", "."], { stdio: "inherit" });
  desktop.on("exit", () => server.kill("SIGTERM"));
});

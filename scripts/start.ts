// `npm start`: brings up the local PBX and says how to reach it.
import { execFileSync } from "node:child_process";
import { loadPbxConnection } from "../pbx/src/connection";
import { loadDemoData } from "../pbx/src/demo-data";

execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "inherit" });
const pbx = loadPbxConnection();
const demo = loadDemoData();
const lines = [
  "",
  "Handoff is up.",
  `  PBX (${pbx.provider}): SIP over WebSocket at ${pbx.sipWsUrl}, AMI at ${pbx.ami.host}:${pbx.ami.port}`,
  "  Demo agents (SIP passwords are generated per install, in var/pbx/secrets.json):",
  ...demo.users.filter((u) => u.extension !== null).map((u) => `    ${u.extension}  ${u.name.padEnd(16)} ${u.role}`),
  "",
  "  Stop the PBX with: npm run pbx:down",
];
console.log(lines.join("\n"));

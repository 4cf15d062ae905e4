// The reference voice bot as a process beside the server (`npm run bot`; `npm start` runs it with the demo's
// voicebot login). Configuration, all checked at start:
//   HANDOFF_URL                                       the Handoff server
//   HANDOFF_BOT_USERNAME, HANDOFF_BOT_PASSWORD        a Handoff user with the bot role
//   HANDOFF_AMI_HOST, HANDOFF_AMI_PORT                Asterisk's manager interface
//   HANDOFF_AMI_BOT_USERNAME, HANDOFF_AMI_BOT_SECRET  an AMI user with read=user and no write class
//   HANDOFF_BOT_TARGET                                queue:<name> (default queue:support), agent:<username> or extension:<digits>
import { HandoffClient, nodeTransport } from "@handoff/client";
import type { HandoffRequest } from "@handoff/contract";
import { AmiClient } from "../../server/src/ami";
import { ReferenceBot } from "./reference-bot";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see bot/src/main.ts for the bot's configuration).`);
  return value;
}

function target(text: string): HandoffRequest["target"] {
  const [kind, value] = text.split(":");
  if ((kind === "queue" || kind === "agent" || kind === "extension") && value) return { kind, value };
  throw new Error(`HANDOFF_BOT_TARGET must be queue:<name>, agent:<username> or extension:<digits>, got "${text}".`);
}

const log = {
  info: (details: object, message: string) => console.log(JSON.stringify({ level: "info", message, ...details })),
  error: (details: object, message: string) => console.error(JSON.stringify({ level: "error", message, ...details, err: String((details as { err?: unknown }).err ?? "") })),
};

const api = new HandoffClient({ transport: nodeTransport, realtime: false });
await api.signIn({ serverUrl: required("HANDOFF_URL"), username: required("HANDOFF_BOT_USERNAME"), password: required("HANDOFF_BOT_PASSWORD") });
const ami = new AmiClient({
  host: required("HANDOFF_AMI_HOST"),
  port: Number(process.env.HANDOFF_AMI_PORT ?? 5038),
  username: required("HANDOFF_AMI_BOT_USERNAME"),
  secret: required("HANDOFF_AMI_BOT_SECRET"),
  // Reads events only: the one action it may send is the keepalive.
  allowedActions: new Set(["Ping"]),
  reconnect: () => 1_000,
  keepaliveMs: 5_000,
});
const bot = new ReferenceBot({ events: ami, api, target: target(process.env.HANDOFF_BOT_TARGET ?? "queue:support"), log });
bot.start();
ami.onState(({ state }) => log.info({ state }, "AMI link"));
ami.start();
log.info({}, "reference bot ready: a visitor pressing 0 is handed to a person");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void Promise.allSettled([ami.close(), api.signOut()]).then(() => process.exit(0));
  });
}

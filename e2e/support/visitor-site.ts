import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadPbxConnection } from "../../pbx/src/connection";
import type { TestServer } from "../../server/test/support/test-server";
import { freePort } from "../../server/test/support/server-launch";

/**
 * A customer's website on an origin of its own (another port: another origin), whose one page embeds the call
 * widget from the Handoff server with the one tag the widget's guide gives.
 */
export class VisitorSite {
  /** Where the widget comes from: set once the Handoff server is up (it must know this site's origin first). */
  handoffUrl = "";

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<VisitorSite> {
    const port = await freePort();
    const made: { site?: VisitorSite } = {};
    const server = createServer((_request, response) => {
      const from = made.site?.handoffUrl ?? "";
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>\n` +
          `<script src="${from}/widget/handoff-widget.js" data-handoff-server="${from}" defer></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    made.site = new VisitorSite(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return made.site;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The reference voice bot (bot/src/main.ts) as its own process, as `npm start` runs it; resolves once it is listening. */
export interface ReferenceBotProcess {
  readonly child: ChildProcess;
  /** Everything it logged, for a failing test's message. */
  output(): string;
}

export async function startReferenceBot(server: TestServer, target = "queue:support"): Promise<ReferenceBotProcess> {
  const { amiBot } = loadPbxConnection();
  if (amiBot === null) throw new Error("the local PBX has a bot AMI user; this one has none");
  const bot = spawn("npx", ["--no-install", "tsx", "bot/src/main.ts"], {
    env: {
      ...process.env,
      HANDOFF_URL: server.url,
      HANDOFF_BOT_USERNAME: "voicebot",
      HANDOFF_BOT_PASSWORD: server.password("voicebot"),
      HANDOFF_AMI_HOST: amiBot.host,
      HANDOFF_AMI_PORT: String(amiBot.port),
      HANDOFF_AMI_BOT_USERNAME: amiBot.username,
      HANDOFF_AMI_BOT_SECRET: amiBot.secret,
      HANDOFF_BOT_TARGET: target,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference bot did not connect within 20 s:\n${output}`)), 20_000);
    const read = (data: Buffer) => {
      output += data.toString();
      if (output.includes('"state":"connected"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    bot.stdout?.on("data", read);
    bot.stderr?.on("data", read);
    bot.once("exit", (code) => reject(new Error(`the reference bot exited (${code}):\n${output}`)));
  });
  return { child: bot, output: () => output };
}

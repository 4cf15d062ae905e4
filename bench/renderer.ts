/**
 * The renderer: the production bundle's size, and in Chromium against the real
 * Asterisk and the real server, page load → registered and an incoming INVITE →
 * ringing shown. The baseline is a bare SIP.js page (bench/phone: no React, no
 * MUI, no server) built by the same Vite and timed by the same probe.
 * Run alone: npx tsx bench/renderer.ts [--loads N] [--rings N]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { AmiClient } from "../server/src/ami";
import { loadPbxConnection, type PbxConnection } from "../pbx/src/connection";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { launchChromium, servePhonePage } from "./lib/browser";
import { formatBytes, formatMs } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { startServerProcess, type ServerProcess } from "./lib/server-process";
import { callAgentAsCustomer } from "./lib/customer-call";
import { pollUntil } from "./lib/poll";
import { percentile } from "./lib/stats";
import type { PhoneCredentials } from "./phone/phone";
import { probeScript, type ProbeReadings, type ProbeSelectors } from "./renderer/page-probe";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const APP_DIST = join(REPO, "dist", "app", "renderer");
/**
 * Agents the app signs in as, in turn: the server allows 10 logins a minute per
 * name. Carol's app takes the calls; Bob's number is the bare page's.
 */
const APP_USERS = ["carol", "dave", "erin", "alice"] as const;
const RINGING_USER = { username: "carol", extension: "1003" };
const BARE_EXTENSION = "1002";
const BENCH_ACTIONS = new Set(["Originate", "Hangup", "CoreShowChannels"]);

const appSelectors: ProbeSelectors = {
  registered: { selector: '[aria-label="Registration"]', text: "(^|\\s)registered" },
  ringing: { selector: '[aria-label="Current call"]', text: "ringing" },
  form: 'form[aria-label="Sign in"]',
};
const bareSelectors: ProbeSelectors = {
  registered: { selector: "#registration", text: "^registered$" },
  ringing: { selector: "#incoming", text: "^ringing" },
  form: null,
};

type Candidate = "app" | "bare";
const labels: Record<Candidate, string> = { app: "Handoff app (web mode)", bare: "bare SIP.js page (bench/phone)" };

export interface RendererOptions {
  /** Fresh page loads of each, interleaved. */
  readonly loads: number;
  /** Incoming calls to each, interleaved. */
  readonly rings: number;
}

interface LoadSample {
  readonly candidate: Candidate;
  /** ms from navigation start to the first frame showing "registered". */
  readonly registered: number;
  /** App: ms from the sign-in form's submit to that frame; bare: from phone.start() to it. */
  readonly fromSignIn: number;
}

interface RingSample {
  readonly candidate: Candidate;
  /** ms from the INVITE's WebSocket message to the first frame showing the call ringing. */
  readonly ringing: number;
}

/** Every file a production build ships (source maps aside), raw and gzip-compressed (zlib level 9). */
function bundleSize(dir: string): { raw: number; gzip: number; files: number } {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (!name.endsWith(".map")) {
        const bytes = readFileSync(full);
        raw += bytes.length;
        gzip += gzipSync(bytes, { level: 9 }).length;
        files++;
      }
    }
  };
  walk(dir);
  return { raw, gzip, files };
}

const readings = (page: Page) => page.evaluate(() => (window as unknown as { __probe: ProbeReadings }).__probe);

function credentials(pbx: PbxConnection, extension: string): PhoneCredentials {
  const endpoint = pbx.endpoints.find((e) => e.extension === extension);
  if (endpoint === undefined) throw new Error(`no SIP password known for ${extension}`);
  return { wsServer: pbx.sipWsUrl, aor: `sip:${extension}@${pbx.sipDomain}`, authorizationUsername: extension, authorizationPassword: endpoint.password };
}

/** A fresh context (empty cache), the probe installed, the page loaded until "registered" is shown. */
async function openRegistered(browser: Browser, candidate: Candidate, rig: { server: ServerProcess; phoneUrl: string; pbx: PbxConnection }, username: string = RINGING_USER.username): Promise<{ page: Page; sample: LoadSample }> {
  const context = await browser.newContext({ permissions: ["microphone"] });
  await context.addInitScript({ content: probeScript(candidate === "app" ? appSelectors : bareSelectors) });
  const page = await context.newPage();
  let startedAt: number;
  if (candidate === "app") {
    await page.goto(`${rig.server.url}/`, { waitUntil: "commit" });
    // What an agent types, filled the moment the form exists.
    await page.getByLabel("Server").fill(rig.server.url);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(`bench-${username}-password`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const r = await pollUntil("the app to show registered", () => readings(page), (r) => r.registeredShownAt !== null).catch(async (error: unknown) => {
      const shown = await page.getByLabel("Registration").textContent({ timeout: 1_000 }).catch(async () => `no registration indicator; page: ${JSON.stringify(await readings(page))} ${(await page.locator("body").innerText()).replaceAll("\n", " | ").slice(0, 600)}`);
      throw new Error(`${error instanceof Error ? error.message : String(error)} (the app shows: ${shown})`);
    });
    startedAt = r.submittedAt ?? Number.NaN;
  } else {
    await page.goto(rig.phoneUrl, { waitUntil: "commit" });
    await page.waitForFunction(() => "phone" in window, undefined, { polling: "raf" });
    const started = await page.evaluate((c) => {
      const at = performance.now();
      return (window as unknown as { phone: { start(c: PhoneCredentials, a: boolean): Promise<unknown> } }).phone.start(c, false).then(() => at);
    }, credentials(rig.pbx, BARE_EXTENSION));
    await pollUntil("the page to show registered", () => readings(page), (r) => r.registeredShownAt !== null);
    startedAt = started;
  }
  const r = await readings(page);
  const registered = r.registeredShownAt ?? Number.NaN;
  return { page, sample: { candidate, registered, fromSignIn: registered - startedAt } };
}

async function ring(ami: AmiClient, page: Page, candidate: Candidate): Promise<RingSample> {
  const extension = candidate === "app" ? RINGING_USER.extension : BARE_EXTENSION;
  const before = (await readings(page)).ringingShownAt.length;
  await callAgentAsCustomer(ami, extension);
  const r = await pollUntil(`${candidate} to show the call ringing`, () => readings(page), (r) => r.ringingShownAt.length > before);
  const shownAt = r.ringingShownAt[before] ?? Number.NaN;
  const invite = r.invites.filter((at) => at <= shownAt).at(-1) ?? Number.NaN;
  await ami.send("Hangup", { Channel: `/^Local\\/${extension}@handoff-inbound-/` }).catch(() => undefined);
  await pollUntil(
    "the call to end",
    async () => (await ami.send("CoreShowChannels")).events.filter((c) => c.get("Channel")?.startsWith(`Local/${extension}@handoff-inbound-`) || c.get("Channel")?.startsWith(`PJSIP/${extension}-`)),
    (left) => left.length === 0,
  );
  return { candidate, ringing: shownAt - invite };
}

export async function runRenderer(context: BenchmarkContext, options: RendererOptions = { loads: 10, rings: 20 }): Promise<BenchmarkResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  context.log("renderer: building the app and the bare page…");
  await build({ configFile: join(REPO, "vite.config.ts"), logLevel: "warn" });
  const pbx = loadPbxConnection();
  if (pbx.amiTest === null) throw new Error("the PBX has no test AMI user: run npm run pbx:up for the local PBX");
  const phone = await servePhonePage();
  const sizes = { app: bundleSize(APP_DIST), bare: bundleSize(phone.outDir) };
  const server = await startServerProcess();
  const browser = await launchChromium();
  const ami = await AmiClient.connect({ ...pbx.amiTest, allowedActions: BENCH_ACTIONS, keepaliveMs: false });
  const rig = { server, phoneUrl: phone.url, pbx };
  const loads: LoadSample[] = [];
  const rings: RingSample[] = [];
  try {
    // Unmeasured first loads: the server's first static responses and Chromium's own start-up.
    for (const candidate of ["app", "bare"] as const) await (await openRegistered(browser, candidate, rig, "alice")).page.context().close();
    for (let i = 0; i < options.loads; i++) {
      for (const candidate of i % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const)) {
        const { page, sample } = await openRegistered(browser, candidate, rig, APP_USERS[i % APP_USERS.length]);
        loads.push(sample);
        await page.context().close();
      }
    }
    context.log(`renderer: ${options.loads} loads of each done; ringing…`);
    const pages = { app: (await openRegistered(browser, "app", rig)).page, bare: (await openRegistered(browser, "bare", rig)).page };
    for (let i = 0; i < options.rings; i++) {
      for (const candidate of i % 2 === 0 ? (["app", "bare"] as const) : (["bare", "app"] as const)) rings.push(await ring(ami, pages[candidate], candidate));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await ami.close();
    await phone.close();
    await server.stop();
  }
  return report(sizes, loads, rings, options, loadAtStart);
}

function report(
  sizes: Record<Candidate, { raw: number; gzip: number; files: number }>,
  loads: readonly LoadSample[],
  rings: readonly RingSample[],
  options: RendererOptions,
  loadAtStart: number,
): BenchmarkResult {
  const candidates = ["app", "bare"] as const;
  const sizeRows = (["raw", "gzip"] as const).flatMap((kind) =>
    candidates.map(
      (candidate): BenchmarkRow => ({
        candidate: labels[candidate],
        role: candidate === "app" ? "subject" : "baseline",
        measure: `bundle ${kind}`,
        value: sizes[candidate][kind],
        unit: "bytes",
        ratio: sizes.app[kind] / sizes[candidate][kind],
        check: "ok",
      }),
    ),
  );
  const timed = <S extends { candidate: Candidate }>(samples: readonly S[], pick: (s: S) => number, measure: string, expected: number): BenchmarkRow[] => {
    const values = (candidate: Candidate) => samples.filter((s) => s.candidate === candidate).map(pick).filter(Number.isFinite);
    const ours = percentile(values("app"), 50);
    return candidates.map((candidate) => {
      const p50 = percentile(values(candidate), 50);
      return {
        candidate: labels[candidate],
        role: candidate === "app" ? "subject" : "baseline",
        measure,
        value: p50,
        unit: "ms",
        tail: { label: "p95", value: percentile(values(candidate), 95) },
        ratio: ours !== undefined && p50 !== undefined ? ours / p50 : undefined,
        check: values(candidate).length === expected ? "ok" : `${values(candidate).length} of ${expected}`,
      };
    });
  };
  const rows = [
    ...sizeRows,
    ...timed(loads, (s) => s.registered, "page load → registered", options.loads),
    ...timed(loads, (s) => s.fromSignIn, "sign-in/start → registered", options.loads),
    ...timed(rings, (s) => s.ringing, "INVITE → ringing shown", options.rings),
  ];
  const p = (samples: readonly number[], q: number) => percentile(samples.filter(Number.isFinite), q);
  const appLoads = loads.filter((s) => s.candidate === "app").map((s) => s.registered);
  const appRings = rings.filter((s) => s.candidate === "app").map((s) => s.ringing);
  const registered = p(appLoads, 50);
  const ringing = p(appRings, 50);
  return {
    name: "renderer",
    title: "renderer: bundle size, page load → registered, INVITE → ringing shown",
    rows,
    targets: [
      { label: "registered ≤ 500 ms (p50)", met: registered === undefined ? undefined : registered <= 500, actual: `${formatMs(registered)}, p95 ${formatMs(p(appLoads, 95))}` },
      { label: "ringing ≤ 50 ms (p50)", met: ringing === undefined ? undefined : ringing <= 50, actual: `${formatMs(ringing)}, p95 ${formatMs(p(appRings, 95))}` },
      { label: "bundle ≤ 400 KB gzip", met: sizes.app.gzip <= 400 * 1000, actual: `${formatBytes(sizes.app.gzip)} (${sizes.app.gzip} bytes) in ${sizes.app.files} files` },
    ],
    notes: [
      `bundle: every file of the production build (dist/app/renderer: ${sizes.app.files} files; bench/phone: ${sizes.bare.files}), source maps aside, gzip level 9`,
      `${options.loads} cold loads of each (fresh browser context, empty cache), interleaved, after one unmeasured load of each; the app signs in (as ${APP_USERS.join(", ")} in turn) through its form, filled by Playwright the moment it exists (CDP time included), the bare page registers ${BARE_EXTENSION} as soon as it has loaded`,
      `${options.rings} incoming calls to each, interleaved; times are the page's own (performance.now) from the INVITE's WebSocket message event to the first animation frame after the DOM shows the call ringing`,
      `headless Chromium without GPU, the server and Asterisk on the same 2 cores; 1-minute load average at start: ${loadAtStart.toFixed(2)}`,
    ],
    details: { options, sizes, loads, rings },
  };
}

export const renderer: Benchmark = {
  name: "renderer",
  title: "renderer: bundle size, load → registered, INVITE → ringing shown",
  run: (context) => runRenderer(context),
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { loads: { type: "string" }, rings: { type: "string" } } });
  runAlone((context) => runRenderer(context, { loads: Number(values.loads ?? 10), rings: Number(values.rings ?? 20) }));
}

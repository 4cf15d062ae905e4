/**
 * The renderer: the production bundle's size, and in Chromium against the real
 * Asterisk and the real server, page load → registered and an incoming INVITE →
 * ringing shown. The baseline is a bare SIP.js page (bench/phone: no React, no
 * MUI, no server) built by the same Vite and timed by the same probe.
 * Run alone: npx tsx bench/renderer.ts [--loads N] [--rings N] [--baseline-root DIR]
 * With --baseline-root, that checkout's app (built by its own Vite, served by its own server) is
 * loaded and rung in the same rotation: before and after in one run.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { AmiClient } from "../server/src/ami";
import { loadPbxConnection, type PbxConnection } from "../pbx/src/connection";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { launchChromium, servePhonePage } from "./lib/browser";
import { formatBytes, formatMs } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { baselineRootFromEnv, startServerProcess, type ServerProcess } from "./lib/server-process";
import { callAgentAsCustomer } from "./lib/customer-call";
import { pollUntil } from "./lib/poll";
import { percentile } from "./lib/stats";
import type { PhoneCredentials } from "./phone/phone";
import { probeScript, type ProbeReadings, type ProbeSelectors } from "./renderer/page-probe";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const APP_DIST = join(REPO, "dist", "app", "renderer");
/**
 * Agents the app signs in as with a password, in turn: the server allows 10 logins a minute per
 * name. Carol's app takes the calls (Erin's the baseline app's, once the loads are done); Bob's number
 * is the bare page's; Sam's browser is remembered (by each server).
 */
const APP_USERS = ["carol", "dave", "erin", "alice"] as const;
const REMEMBERED_USER = "sam";
const RINGING_USER = { username: "carol", extension: "1003" };
const BASELINE_RINGING_USER = { username: "erin", extension: "1005" };
const BARE_EXTENSION = "1002";
const BARE_USER = "bob";
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

/** "baseline": the app of the --baseline-root checkout. */
type Candidate = "app" | "baseline" | "bare";
type AppCandidate = Exclude<Candidate, "bare">;
/** How a load reaches "registered": the app with its remembered session (no form), through its form, or the bare page. */
type LoadKind = "remembered" | "password" | "bare";
type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const labels: Record<Candidate, string> = { app: "Handoff app (web mode)", baseline: "before: the app at --baseline-root", bare: "bare SIP.js page (bench/phone)" };

export interface RendererOptions {
  /** Fresh page loads of each, interleaved. */
  readonly loads: number;
  /** Incoming calls to each, interleaved. */
  readonly rings: number;
  /** Another checkout whose app is measured beside this one's, in the same rotation. */
  readonly baselineRoot?: string;
}

interface LoadSample {
  readonly candidate: Candidate;
  readonly kind: LoadKind;
  /** ms from navigation start to the first frame showing "registered". */
  readonly registered: number;
  /** Password: ms from the sign-in form's submit to that frame; bare: from phone.start() to it; remembered: none. */
  readonly fromSignIn: number;
  /** gzip bytes (level 9) of every script the page had loaded by that frame. */
  readonly scriptsGzip: number;
  readonly scripts: readonly string[];
  /** Milestones on the page's clock (ms since navigation start), for the notes. */
  readonly milestones: Readonly<Record<string, number>>;
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

/** The bare page's phone registers with the SIP credential of a sign-in (the only kind there is), taken before its clock starts. */
async function credentials(server: ServerProcess, username: string): Promise<PhoneCredentials> {
  const { sip } = await server.login(username);
  if (sip === null) throw new Error(`${username}'s login gave no SIP credential: no phone in pbx/demo-data.json?`);
  return sip;
}

/** gzip size (level 9) of the scripts a page loaded, read from the build it was served from. */
function scriptsGzip(urls: readonly string[], roots: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const url of new Set(urls)) {
    const { origin, pathname } = new URL(url);
    const root = roots[origin];
    if (root === undefined) throw new Error(`a script from an unexpected origin: ${url}`);
    total += gzipSync(readFileSync(join(root, decodeURIComponent(pathname))), { level: 9 }).length;
  }
  return total;
}

/** The scripts index.html itself names (entry and modulepreloads): what runs before anything else is fetched. */
function entryGzip(dir: string): number {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
}

/** Builds a checkout's renderer with its own Vite and config (into its dist/app/renderer, which its server serves). */
async function buildCheckout(root: string): Promise<string> {
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) throw new Error(`${root} has no node_modules/vite: run node scripts/setup.mjs test there first`);
  const child = spawn(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  if (code !== 0) throw new Error(`the renderer build in ${root} failed (exit ${code ?? "signal"})`);
  return join(root, "dist", "app", "renderer");
}

interface Rig {
  /** The app's server for each app candidate (baseline: only with --baseline-root). */
  servers: Partial<Record<AppCandidate, ServerProcess>>;
  phoneUrl: string;
  pbx: PbxConnection;
  /** Where each origin's files are built, to size the scripts a page loaded. */
  roots: Record<string, string>;
}

type LoadHow = { kind: "password"; app: AppCandidate; username: string; remember: boolean } | { kind: "remembered"; app: AppCandidate; state: StorageState } | { kind: "bare" };

function serverOf(rig: Rig, app: AppCandidate): ServerProcess {
  const server = rig.servers[app];
  if (server === undefined) throw new Error(`no server for the ${app} app`);
  return server;
}

/**
 * A fresh context (empty cache; a remembered one carries only the cookie and localStorage of the
 * last), the probe installed, the page loaded until "registered" is shown.
 */
async function openRegistered(browser: Browser, how: LoadHow, rig: Rig): Promise<{ page: Page; sample: LoadSample; state: StorageState }> {
  const context = await browser.newContext({ permissions: ["microphone"], ...(how.kind === "remembered" ? { storageState: how.state } : {}) });
  const candidate: Candidate = how.kind === "bare" ? "bare" : how.app;
  await context.addInitScript({ content: probeScript(candidate === "bare" ? bareSelectors : appSelectors) });
  const page = await context.newPage();
  let startedAt: number;
  if (how.kind !== "bare") {
    const server = serverOf(rig, how.app);
    await page.goto(`${server.url}/`, { waitUntil: "commit" });
    if (how.kind === "password") {
      // What an agent types, filled the moment the form exists.
      await page.getByLabel("Server").fill(server.url);
      await page.getByLabel("Username").fill(how.username);
      await page.getByLabel("Password").fill(`bench-${how.username}-password`);
      if (how.remember) await page.getByLabel("Remember me").check();
      await page.getByRole("button", { name: "Sign in" }).click();
    }
    const r = await pollUntil("the app to show registered", () => readings(page), (r) => r.registeredShownAt !== null).catch(async (error: unknown) => {
      const shown = await page.getByLabel("Registration").textContent({ timeout: 1_000 }).catch(async () => `no registration indicator; page: ${JSON.stringify(await readings(page))} ${(await page.locator("body").innerText()).replaceAll("\n", " | ").slice(0, 600)}`);
      throw new Error(`${error instanceof Error ? error.message : String(error)} (the app shows: ${shown})`);
    });
    if (how.kind === "remembered" && r.formShownAt !== null) throw new Error("the remembered session showed the sign-in form");
    startedAt = how.kind === "password" ? (r.submittedAt ?? Number.NaN) : Number.NaN;
  } else {
    const phoneCredentials = await credentials(serverOf(rig, "app"), BARE_USER);
    await page.goto(rig.phoneUrl, { waitUntil: "commit" });
    await page.waitForFunction(() => "phone" in window, undefined, { polling: "raf" });
    const started = await page.evaluate((c) => {
      const at = performance.now();
      return (window as unknown as { phone: { start(c: PhoneCredentials, a: boolean): Promise<unknown> } }).phone.start(c, false).then(() => at);
    }, phoneCredentials);
    await pollUntil("the page to show registered", () => readings(page), (r) => r.registeredShownAt !== null);
    startedAt = started;
  }
  const r = await readings(page);
  const registered = r.registeredShownAt ?? Number.NaN;
  const ended = (pattern: RegExp) => {
    const ends = (r.timeline ?? []).filter(([path]) => pattern.test(path)).map(([, , end]) => end);
    return ends.length === 0 ? Number.NaN : Math.max(...ends);
  };
  const sipSocket = r.sockets.find((socket) => /\/ws$/.test(socket.url));
  const milestones: Record<string, number> = {
    "entry script loaded": ended(/\/assets\/index-[^/]+\.js$/),
    "session answer (resume or login)": ended(/\/api\/auth\/(resume|login)$/),
    "SIP.js chunk loaded": ended(/\/assets\/sip-engine-[^/]+\.js$/),
    // mount: React, MUI and (now that the first screen is in it) the workspace; before, Workspace was a chunk of its own.
    "first screen chunks loaded": ended(/\/assets\/(mount|Workspace)-[^/]+\.js$/),
    "SIP WebSocket created": sipSocket?.createdAt ?? Number.NaN,
    "SIP WebSocket open": sipSocket?.openAt ?? Number.NaN,
    "registered shown": registered,
  };
  // The cookie the resume rotated: the next remembered load must bring this one.
  const state = await context.storageState();
  return { page, state, sample: { candidate, kind: how.kind, registered, fromSignIn: registered - startedAt, scripts: r.scriptsAtRegistered, scriptsGzip: scriptsGzip(r.scriptsAtRegistered, rig.roots), milestones } };
}

async function ring(ami: AmiClient, page: Page, candidate: Candidate): Promise<RingSample> {
  const extension = { app: RINGING_USER.extension, baseline: BASELINE_RINGING_USER.extension, bare: BARE_EXTENSION }[candidate];
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

/**
 * Loads per candidate: the bare SIP.js page signs in as Bob once per load, and the server lets
 * one address try one name 10 times a minute (server/src/http/routes/auth.ts), so 8 loads and
 * the run's own sign-ins stay inside it.
 */
const DEFAULT_LOADS = 8;

export async function runRenderer(context: BenchmarkContext, options: RendererOptions = { loads: DEFAULT_LOADS, rings: 20 }): Promise<BenchmarkResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  context.log("renderer: building the app and the bare page…");
  await build({ configFile: join(REPO, "vite.config.ts"), logLevel: "warn" });
  const baselineDist = options.baselineRoot === undefined ? null : (context.log(`renderer: building the baseline app in ${options.baselineRoot}…`), await buildCheckout(options.baselineRoot));
  const pbx = loadPbxConnection();
  if (pbx.amiTest === null) throw new Error("the PBX has no test AMI user: run npm run pbx:up for the local PBX");
  const phone = await servePhonePage();
  const sizes: Sizes = { app: bundleSize(APP_DIST), bare: bundleSize(phone.outDir), entry: { app: entryGzip(APP_DIST) } };
  if (baselineDist !== null) {
    sizes.baseline = bundleSize(baselineDist);
    sizes.entry.baseline = entryGzip(baselineDist);
  }
  const servers: Rig["servers"] = {};
  const stopServers = async () => {
    for (const server of Object.values(servers)) await server.stop();
  };
  try {
    // A server that cannot start (the PBX's AMI secret is another checkout's: run npm run pbx:up here) must not leave the page server holding the process.
    servers.app = await startServerProcess();
    if (options.baselineRoot !== undefined) servers.baseline = await startServerProcess({ root: options.baselineRoot });
  } catch (error) {
    await stopServers();
    await phone.close();
    throw error;
  }
  const apps: AppCandidate[] = servers.baseline === undefined ? ["app"] : ["app", "baseline"];
  const browser = await launchChromium();
  const ami = await AmiClient.connect({ ...pbx.amiTest, allowedActions: BENCH_ACTIONS, keepaliveMs: false });
  const roots: Record<string, string> = { [new URL(phone.url).origin]: phone.outDir };
  for (const [app, dist] of [["app", APP_DIST], ["baseline", baselineDist]] as const) {
    const server = servers[app];
    if (server !== undefined && dist !== null) roots[new URL(server.url).origin] = dist;
  }
  const rig: Rig = { servers, phoneUrl: phone.url, pbx, roots };
  const loads: LoadSample[] = [];
  const rings: RingSample[] = [];
  try {
    // Unmeasured first loads: the server's first static responses and Chromium's own start-up; Sam's browser is remembered by each server.
    const remembered: Partial<Record<AppCandidate, StorageState>> = {};
    for (const app of apps) {
      const first = await openRegistered(browser, { kind: "password", app, username: REMEMBERED_USER, remember: true }, rig);
      remembered[app] = first.state;
      await first.page.context().close();
    }
    await (await openRegistered(browser, { kind: "bare" }, rig)).page.context().close();
    for (let i = 0; i < options.loads; i++) {
      const hows: LoadHow[] = [
        ...apps.map((app): LoadHow => ({ kind: "remembered", app, state: remembered[app] as StorageState })),
        ...apps.map((app): LoadHow => ({ kind: "password", app, username: APP_USERS[i % APP_USERS.length] ?? "carol", remember: true })),
        { kind: "bare" },
      ];
      for (const how of i % 2 === 0 ? hows : hows.reverse()) {
        const { page, sample, state } = await openRegistered(browser, how, rig);
        if (how.kind === "remembered") remembered[how.app] = state;
        loads.push(sample);
        await page.context().close();
      }
    }
    context.log(`renderer: ${options.loads} loads of each done; ringing…`);
    const pages: Partial<Record<Candidate, Page>> = { app: (await openRegistered(browser, { kind: "password", app: "app", username: RINGING_USER.username, remember: false }, rig)).page };
    if (apps.includes("baseline")) pages.baseline = (await openRegistered(browser, { kind: "password", app: "baseline", username: BASELINE_RINGING_USER.username, remember: false }, rig)).page;
    pages.bare = (await openRegistered(browser, { kind: "bare" }, rig)).page;
    const candidates = Object.keys(pages) as Candidate[];
    for (let i = 0; i < options.rings; i++) {
      for (const candidate of i % 2 === 0 ? candidates : [...candidates].reverse()) rings.push(await ring(ami, pages[candidate] as Page, candidate));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await ami.close();
    await phone.close();
    await stopServers();
  }
  return report(sizes, loads, rings, options, loadAtStart);
}

type Size = { raw: number; gzip: number; files: number };
type Sizes = { app: Size; bare: Size; baseline?: Size; entry: { app: number; baseline?: number } };

function report(sizes: Sizes, loads: readonly LoadSample[], rings: readonly RingSample[], options: RendererOptions, loadAtStart: number): BenchmarkResult {
  const apps: AppCandidate[] = sizes.baseline === undefined ? ["app"] : ["app", "baseline"];
  const label = (candidate: Candidate) => (candidate === "baseline" ? `${labels.baseline} (${options.baselineRoot ?? ""})` : labels[candidate]);
  const roleOf = (candidate: Candidate): BenchmarkRow["role"] => (candidate === "app" ? "subject" : "baseline");
  const sized = [...apps, "bare"] as const;
  const sizeOf = (candidate: Candidate): Size => (candidate === "baseline" ? (sizes.baseline as Size) : sizes[candidate]);
  const sizeRows = (["raw", "gzip"] as const).flatMap((kind) =>
    sized.map(
      (candidate): BenchmarkRow => ({
        candidate: label(candidate),
        role: roleOf(candidate),
        measure: `bundle ${kind}`,
        value: sizeOf(candidate)[kind],
        unit: "bytes",
        ratio: sizes.app[kind] / sizeOf(candidate)[kind],
        check: "ok",
      }),
    ),
  );
  const of = (candidate: Candidate, kind: LoadKind) => loads.filter((s) => s.candidate === candidate && s.kind === kind);
  const firstView = (candidate: Candidate, kind: LoadKind) => percentile(of(candidate, kind).map((s) => s.scriptsGzip), 50);
  const appFirstView = firstView("app", "remembered");
  const kindLabel = (kind: LoadKind) => (kind === "remembered" ? "remembered session" : kind === "password" ? "password sign-in" : "");
  const firstViewSets: ReadonlyArray<[Candidate, LoadKind]> = [...apps.flatMap((app) => [[app, "remembered"], [app, "password"]] as Array<[Candidate, LoadKind]>), ["bare", "bare"]];
  const firstViewRows: BenchmarkRow[] = [
    ...apps.map(
      (app): BenchmarkRow => ({ candidate: label(app), role: roleOf(app), measure: "entry JS gzip (index.html's scripts)", value: sizes.entry[app], unit: "bytes", ratio: sizes.entry.app / (sizes.entry[app] ?? Number.NaN), check: "ok" }),
    ),
    ...firstViewSets.map(([candidate, kind]): BenchmarkRow => {
      const value = firstView(candidate, kind);
      return {
        candidate: candidate === "bare" ? label(candidate) : `${label(candidate)}, ${kindLabel(kind)}`,
        role: roleOf(candidate),
        measure: "first view JS gzip (loaded by registered)",
        value,
        unit: "bytes",
        ratio: appFirstView !== undefined && value !== undefined ? appFirstView / value : undefined,
        check: "ok",
      };
    }),
  ];
  /**
   * p50 rows of one measure; "ours ÷ it" is this app's p50 (of the same kind of load; the bare page is set
   * against the first) over each row's: 1.00× for itself, below 1 means ours is faster.
   */
  const timed = (measure: string, sets: ReadonlyArray<{ candidate: Candidate; kind?: LoadKind; values: number[] }>, expected: number): BenchmarkRow[] => {
    const p50Of = (values: readonly number[]) => percentile(values.filter(Number.isFinite), 50);
    const oursFor = (kind: LoadKind | undefined) => p50Of((sets.find((set) => set.candidate === "app" && (kind === undefined || set.kind === kind)) ?? sets[0])?.values ?? []);
    return sets.map(({ candidate, kind, values }) => {
      const ours = oursFor(candidate === "bare" ? undefined : kind);
      const finite = values.filter(Number.isFinite);
      const p50 = percentile(finite, 50);
      return {
        candidate: kind === undefined || candidate === "bare" ? label(candidate) : `${label(candidate)}, ${kind === "password" && measure.startsWith("page") ? "password form" : kindLabel(kind)}`,
        role: roleOf(candidate),
        measure,
        value: p50,
        unit: "ms",
        tail: { label: "p95", value: percentile(finite, 95) },
        ratio: p50 === undefined || ours === undefined ? undefined : ours / p50,
        check: finite.length === expected ? "ok" : `${finite.length} of ${expected}`,
      };
    });
  };
  const registeredFor = (kind: LoadKind) => apps.map((app) => ({ candidate: app, kind, values: of(app, kind).map((s) => s.registered) }));
  const rows = [
    ...sizeRows,
    ...firstViewRows,
    ...timed("page load → registered", [...registeredFor("remembered"), ...registeredFor("password"), { candidate: "bare", values: of("bare", "bare").map((s) => s.registered) }], options.loads),
    ...timed("sign-in submit/start → registered", [...apps.map((app) => ({ candidate: app, kind: "password" as const, values: of(app, "password").map((s) => s.fromSignIn) })), { candidate: "bare", values: of("bare", "bare").map((s) => s.fromSignIn) }], options.loads),
    ...timed("INVITE → ringing shown", sized.map((candidate) => ({ candidate, values: rings.filter((s) => s.candidate === candidate).map((s) => s.ringing) })), options.rings),
  ];
  const p = (samples: readonly number[], q: number) => percentile(samples.filter(Number.isFinite), q);
  const rememberedLoads = of("app", "remembered").map((s) => s.registered);
  const signIns = of("app", "password").map((s) => s.fromSignIn);
  const appRings = rings.filter((s) => s.candidate === "app").map((s) => s.ringing);
  const registered = p(rememberedLoads, 50);
  const milestoneNote = (candidate: Candidate, kind: LoadKind) => {
    const names = Object.keys(of(candidate, kind)[0]?.milestones ?? {});
    return names.map((name) => `${name} ${formatMs(p(of(candidate, kind).map((s) => s.milestones[name] ?? Number.NaN), 50))}`).join(", ");
  };
  const signedIn = p(signIns, 50);
  const ringing = p(appRings, 50);
  return {
    name: "renderer",
    title: "renderer: bundle size, page load → registered, INVITE → ringing shown",
    rows,
    targets: [
      { label: "remembered session: load → registered ≤ 500 ms (p50)", met: registered === undefined ? undefined : registered <= 500, actual: `${formatMs(registered)}, p95 ${formatMs(p(rememberedLoads, 95))}` },
      { label: "password sign-in: submit → registered ≤ 800 ms (p50)", met: signedIn === undefined ? undefined : signedIn <= 800, actual: `${formatMs(signedIn)}, p95 ${formatMs(p(signIns, 95))}` },
      { label: "first view JS ≤ 150 KB gzip", met: appFirstView === undefined ? undefined : appFirstView <= 150 * 1000, actual: `${formatBytes(appFirstView)} loaded by "registered" with a remembered session; entry ${formatBytes(sizes.entry.app)}` },
      { label: "ringing ≤ 50 ms (p50)", met: ringing === undefined ? undefined : ringing <= 50, actual: `${formatMs(ringing)}, p95 ${formatMs(p(appRings, 95))}` },
      { label: "bundle ≤ 400 KB gzip", met: sizes.app.gzip <= 400 * 1000, actual: `${formatBytes(sizes.app.gzip)} (${sizes.app.gzip} bytes) in ${sizes.app.files} files` },
    ],
    notes: [
      `bundle: every file of the production build (dist/app/renderer: ${sizes.app.files} files; bench/phone: ${sizes.bare.files}), source maps aside, gzip level 9`,
      `first view: every script the page had loaded (Resource Timing) by the frame that showed "registered", each gzipped at level 9 from the build; entry: the scripts index.html names`,
      `${options.loads} cold loads of each kind (fresh browser context, empty cache), interleaved, after one unmeasured load of each: the app with ${REMEMBERED_USER}'s remembered session (the context carries only the last load's cookie and localStorage), the app signing in with "Remember me" (as ${APP_USERS.join(", ")} in turn) through its form, filled by Playwright the moment it exists (CDP time included), and the bare page registering ${BARE_EXTENSION} as soon as it has loaded${apps.length > 1 ? `; the baseline app (${options.baselineRoot ?? ""}, its own build and server) the same way in the same rotation` : ""}`,
      ...apps.map((app) => `where a remembered load's time goes, ${app === "app" ? "this app" : "the baseline app"} (p50 of each milestone, ms since navigation start): ${milestoneNote(app, "remembered")}`),
      `and a password load's (this app): ${milestoneNote("app", "password")}`,
      `${options.rings} incoming calls to each, interleaved; times are the page's own (performance.now) from the INVITE's WebSocket message event to the first animation frame after the DOM shows the call ringing`,
      `headless Chromium without GPU, the server and Asterisk on the same 2 cores; 1-minute load average at start: ${loadAtStart.toFixed(2)}`,
    ],
    details: { options, sizes, firstViewScripts: of("app", "remembered")[0]?.scripts ?? [], loads: loads.map(({ scripts: _scripts, ...sample }) => sample), rings },
  };
}

export const renderer: Benchmark = {
  name: "renderer",
  title: "renderer: bundle size, load → registered, INVITE → ringing shown",
  run: (context) => runRenderer(context, { loads: DEFAULT_LOADS, rings: 20, ...baselineRootFromEnv() }),
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { loads: { type: "string" }, rings: { type: "string" }, "baseline-root": { type: "string" } } });
  const baselineRoot = values["baseline-root"] === undefined ? baselineRootFromEnv().baselineRoot : resolve(values["baseline-root"]);
  runAlone((context) => runRenderer(context, { loads: Number(values.loads ?? DEFAULT_LOADS), rings: Number(values.rings ?? 20), ...(baselineRoot === undefined ? {} : { baselineRoot }) }));
}

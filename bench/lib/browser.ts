/**
 * Chromium for benchmarks: Debian's browser driven by playwright-core, with the
 * flags the e2e suite uses (fake microphone, loopback ICE), and the bare SIP.js
 * phone page built by our Vite and served on loopback.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";
import type { BenchPhone, PhoneCredentials } from "../phone/phone";

const PHONE_CONFIG = fileURLToPath(new URL("../phone/vite.config.ts", import.meta.url));

// Every phone here is a page "in the background": its timers must not be throttled.
const BENCH_ARGS = [...CHROMIUM_ARGS, "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: BENCH_ARGS });
}

/**
 * Builds bench/phone into a folder of this run's own (two benchmarks started at
 * once must not empty each other's page) and serves it; close() removes both.
 */
export function servePhonePage(): Promise<{ url: string; outDir: string; close(): Promise<void> }> {
  return serveBuiltPage(PHONE_CONFIG);
}

/** The same for any page with its own Vite config (the soak serves the e2e telephony harness). */
export async function serveBuiltPage(configFile: string): Promise<{ url: string; outDir: string; close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), "handoff-bench-page-"));
  try {
    await build({ configFile, build: { outDir, emptyOutDir: true }, logLevel: "warn" });
    const server: PreviewServer = await preview({ configFile, build: { outDir }, preview: { host: "127.0.0.1", port: 0, strictPort: false }, logLevel: "warn" });
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error("the phone page server has no URL");
    return {
      url,
      outDir,
      async close() {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}

type PhoneWindow = Window & { phone: BenchPhone };

/** One phone in its own browser context (own cookies, own media), driven from the benchmark. */
export class PhonePage {
  /** Page clock minus benchmark clock, in ms; see calibrate(). */
  offsetMs = 0;
  /** Half the round trip of the best calibration: how far offsetMs can be off. */
  offsetErrorMs = Number.POSITIVE_INFINITY;

  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<PhonePage> {
    const context = await browser.newContext({ permissions: ["microphone"] });
    const page = await context.newPage();
    await page.goto(url);
    const phone = new PhonePage(page);
    await phone.calibrate();
    return phone;
  }

  /**
   * Both clocks count epoch ms from the same system clock; this measures what is
   * left between them by the round trip with the smallest delay (Cristian's method).
   */
  async calibrate(rounds = 20): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      const before = epochNow();
      const pageNow = await this.page.evaluate(() => (window as unknown as PhoneWindow).phone.now());
      const after = epochNow();
      const error = (after - before) / 2;
      if (error < this.offsetErrorMs) {
        this.offsetErrorMs = error;
        this.offsetMs = pageNow - (before + after) / 2;
      }
    }
  }

  /** A time from this page, on the benchmark's clock. */
  toLocal(pageTime: number): number {
    return pageTime - this.offsetMs;
  }

  start(credentials: PhoneCredentials, autoAnswer: boolean) {
    return this.page.evaluate(([c, a]) => (window as unknown as PhoneWindow).phone.start(c, a), [credentials, autoAnswer] as const);
  }

  established(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as PhoneWindow).phone.established());
  }

  refer(callId: string, target: string) {
    return this.page.evaluate(([id, t]) => (window as unknown as PhoneWindow).phone.refer(id, t), [callId, target] as const);
  }

  hangupAll(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as PhoneWindow).phone.hangupAll());
  }

  async close(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as PhoneWindow).phone.stop()).catch(() => undefined);
    await this.page.context().close();
  }
}

/** The benchmark's clock: epoch ms with sub-ms precision, like the page's. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

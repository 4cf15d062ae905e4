/**
 * Agents' phones: the renderer's real SIP engine in the e2e telephony harness,
 * one Chromium context per phone. Each phone is watched every POLL_MS; a new
 * ringing call is handed to the router (the lanes), which says what this phone
 * does with it: answer after a while, refuse it as busy, answer and hang up
 * later, or let it ring.
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { launchChromium, serveBuiltPage } from "../../bench/lib/browser";
import type { SipConfig } from "@handoff/contract";
import type { CallSnapshot } from "../../src/telephony/types";
import { HarnessPage } from "../../e2e/support/harness-page";

const HARNESS_CONFIG = fileURLToPath(new URL("../../e2e/harness/vite.config.ts", import.meta.url));
const POLL_MS = 120;

export type RingPlan =
  | {
      readonly kind: "answer";
      readonly afterMs: number;
      /** Hang up this long after answering, if `stillConsulting()` says the call is still a consultation by then. */
      readonly hangup?: { readonly afterMs: number; readonly stillConsulting: () => Promise<boolean> };
    }
  | { readonly kind: "busy"; readonly afterMs: number }
  | { readonly kind: "ignore" };

export type RingRouter = (phone: Phone, call: CallSnapshot) => Promise<RingPlan>;

export class Phone {
  calls: CallSnapshot[] = [];
  registration = "unregistered";
  private readonly planned = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private polling: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly extension: string,
    private readonly harness: HarnessPage,
    private readonly router: RingRouter,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.closed) return;
      try {
        [this.calls, this.registration] = await Promise.all([this.harness.calls(), this.harness.registration()]);
        for (const call of this.calls) if (call.phase === "ringing" && !this.planned.has(call.id)) this.plan(call);
      } catch (error) {
        if (!this.closed) this.log(`phone ${this.extension}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.closed) this.polling = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  }

  private plan(call: CallSnapshot): void {
    this.planned.add(call.id);
    void this.router(this, call).then((plan) => {
      if (plan.kind === "ignore") return;
      this.later(plan.afterMs, async () => {
        if (plan.kind === "busy") await this.harness.reject(call.id);
        else {
          await this.harness.answer(call.id);
          const { hangup } = plan;
          if (hangup === undefined) return;
          this.later(hangup.afterMs, async () => {
            if (await hangup.stillConsulting()) await this.harness.hangup(call.id);
          });
        }
      });
    });
  }

  private later(ms: number, action: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // The call may have ended meanwhile (the caller hung up, the PBX moved on): nothing to do then.
      action().catch(() => undefined);
    }, ms);
    this.timers.add(timer);
  }

  /** Hangs up calls on this phone (all, or those `which` picks): tidying a lane. */
  async hangup(which: (call: CallSnapshot) => boolean = () => true): Promise<void> {
    for (const call of await this.harness.calls().catch(() => [])) if (which(call)) await this.harness.hangup(call.id).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.polling !== null) clearTimeout(this.polling);
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.race([this.harness.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await this.harness.page.context().close().catch(() => undefined);
  }
}

export interface PhoneBank {
  readonly phones: ReadonlyMap<string, Phone>;
  close(): Promise<void>;
}

/** Builds the harness page, starts Chromium and registers one phone per extension, each with its sign-in's SIP credential. */
export async function openPhones(credentials: ReadonlyMap<string, SipConfig>, router: RingRouter, log: (line: string) => void): Promise<PhoneBank> {
  const page = await serveBuiltPage(HARNESS_CONFIG);
  let browser: Browser | null = null;
  const phones = new Map<string, Phone>();
  try {
    browser = await launchChromium();
    for (const [extension, sip] of credentials) {
      const context = await browser.newContext({ baseURL: page.url, permissions: ["microphone"] });
      const harness = new HarnessPage(await context.newPage());
      await harness.open(sip);
      const phone = new Phone(extension, harness, router, log);
      phones.set(extension, phone);
      phone.start();
    }
    return {
      phones,
      async close() {
        await Promise.all([...phones.values()].map((p) => p.close()));
        await browser?.close();
        await page.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await page.close();
    throw error;
  }
}

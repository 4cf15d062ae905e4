import type { Page } from "@playwright/test";
import type { Harness } from "../harness/harness";
import type { CallSnapshot, SipCredentials } from "../../src/telephony/types";

type HarnessWindow = Window & { harness: Harness };

/** The telephony harness page, driven from a spec. Each call runs inside the page. */
export class HarnessPage {
  constructor(readonly page: Page) {}

  async open(credentials: SipCredentials): Promise<void> {
    await this.page.goto("/");
    await this.page.evaluate((c) => (window as unknown as HarnessWindow).harness.start(c), credentials);
  }

  registration(): Promise<string> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.registration().state);
  }

  /** What the phone says about its registration (why it retries, or why it failed). */
  registrationDetail(): Promise<string | undefined> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.registration().detail);
  }

  calls(): Promise<CallSnapshot[]> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.calls());
  }

  answer(id: string): Promise<void> {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.answer(callId), id);
  }

  dial(target: string): Promise<string> {
    return this.page.evaluate((to) => (window as unknown as HarnessWindow).harness.dial(to), target);
  }

  /** Refuses a ringing call with 486 Busy Here: the PBX sees a busy phone. */
  reject(id: string): Promise<void> {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.reject(callId), id);
  }

  hangup(id: string): Promise<void> {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.hangup(callId), id);
  }

  sendDtmf(id: string, digits: string): Promise<void> {
    return this.page.evaluate(([callId, tones]) => (window as unknown as HarnessWindow).harness.sendDtmf(callId, tones), [id, digits] as const);
  }

  /** A REFER sent by the phone itself; resolves with the PBX's answer ("603 Decline"). */
  refer(id: string, target: string): Promise<string> {
    return this.page.evaluate(([callId, to]) => (window as unknown as HarnessWindow).harness.refer(callId, to), [id, target] as const);
  }

  audioStats(id: string) {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.audioStats(callId), id);
  }

  toneShares(id: string, frequencies: number[], ms = 1_000): Promise<number[]> {
    return this.page.evaluate(([callId, hz, duration]) => (window as unknown as HarnessWindow).harness.toneShares(callId, hz, duration), [id, frequencies, ms] as const);
  }

  iceUfrag(id: string): Promise<string> {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.iceUfrag(callId), id);
  }

  selectedPair(id: string) {
    return this.page.evaluate((callId) => (window as unknown as HarnessWindow).harness.selectedPair(callId), id);
  }

  registrationLog(): Promise<Array<{ state: string; at: number }>> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.registrationLog());
  }

  stop(): Promise<void> {
    return this.page.evaluate(() => (window as unknown as HarnessWindow).harness.stop());
  }
}

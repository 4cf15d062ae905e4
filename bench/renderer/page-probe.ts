import { readFileSync } from "node:fs";

/** What the probe (page-probe.js) looks for in a page: DOM queries, so one probe fits the app and the bare page. */
export interface ProbeSelectors {
  /** CSS selector and the text (a regular expression source) that mean "registered". */
  readonly registered: { readonly selector: string; readonly text: string };
  readonly ringing: { readonly selector: string; readonly text: string };
  /** The sign-in form, when the page has one. */
  readonly form: string | null;
}

/** What the probe measured: ms since the page's navigation start. */
export interface ProbeReadings {
  readonly formShownAt: number | null;
  readonly submittedAt: number | null;
  readonly registeredShownAt: number | null;
  /** URLs of every script the page had loaded by the frame that showed "registered". */
  readonly scriptsAtRegistered: string[];
  /** Every resource loaded by then (scripts, API calls) as [path, start, end] ms. */
  readonly timeline: Array<[string, number, number]> | null;
  /** Every WebSocket the page opened: when it was made and when it opened. */
  readonly sockets: Array<{ url: string; createdAt: number; openAt: number | null }>;
  readonly invites: number[];
  /** One per time the ringing indicator went from absent to shown. */
  readonly ringingShownAt: number[];
}

const SOURCE = readFileSync(new URL("./page-probe.js", import.meta.url), "utf8");

/** The init script for a page with these selectors. */
export function probeScript(selectors: ProbeSelectors): string {
  return SOURCE.replace("(SELECTORS)", `(${JSON.stringify(selectors)})`);
}

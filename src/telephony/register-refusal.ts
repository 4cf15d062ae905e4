/**
 * What the phone does when the PBX refuses its REGISTER. Pure: the engine asks, then waits or reports.
 *
 * - 403: the extension's one registration is taken (aor max_contacts=1, remove_existing=no). Usually a
 *   stale contact: the phone of an earlier sign-in that vanished without unregistering. Asterisk drops it
 *   once it stops answering OPTIONS (qualify, remove_unavailable) and the server drops it at sign-in, so
 *   try again a few times, briefly; if it stays refused another phone is really registered there.
 * - 401/407: the password is not (or no longer) accepted: it belongs to a session that has ended.
 * - 408 (no answer: SIP.js's own timeout) and 5xx: the PBX is busy or still starting (an Asterisk
 *   restart accepts WebSockets before it answers REGISTERs). Never final: ask again, backing off.
 */
export type RefusalDecision = { kind: "retry"; inMs: number; detail: string } | { kind: "give-up"; message: string };

/** Waits before each new try after a 403: ~20 s in all, past one OPTIONS round (10 s) and its timeout (3 s). */
export const REFUSED_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 6_000, 8_000];

/** Waits before each new try after a 408 or 5xx: doubling from 1 s, then every 10 s for as long as it lasts. */
export function transientRetryDelayMs(attempt: number): number {
  return Math.min(10_000, 1_000 * 2 ** attempt);
}

export function decideOnRefusal(statusCode: number, reasonPhrase: string, extension: string, attempt: number): RefusalDecision {
  if (statusCode === 408 || (statusCode >= 500 && statusCode < 600)) {
    const inMs = transientRetryDelayMs(attempt);
    return { kind: "retry", inMs, detail: `The PBX did not take the registration (${statusCode} ${reasonPhrase}); trying again in ${Math.round(inMs / 1000)} s.` };
  }
  if (statusCode === 403) {
    const inMs = REFUSED_RETRY_DELAYS_MS[attempt];
    if (inMs !== undefined) {
      return { kind: "retry", inMs, detail: `Extension ${extension} is still registered from another phone; trying again (${attempt + 1}/${REFUSED_RETRY_DELAYS_MS.length}).` };
    }
    return {
      kind: "give-up",
      message: `The PBX refuses this phone: extension ${extension} is registered from another device. Sign out there (or close that app), then sign in here again.`,
    };
  }
  if (statusCode === 401 || statusCode === 407) {
    return { kind: "give-up", message: "The PBX no longer accepts this phone's password: your sign-in has ended. Sign in again." };
  }
  return { kind: "give-up", message: `The PBX refused registration: ${statusCode} ${reasonPhrase}.` };
}

/**
 * Whether a connected call's signalling path to the PBX is known good, as the
 * agent sees it. Media runs on its own path; this is about the dialog (BYE,
 * re-INVITE, transfers) that rides on the phone's one WebSocket.
 *
 *   up ──transport lost──▶ lost ──registered again──▶ refreshing ──re-INVITE 2xx──▶ up
 *   refreshing ──transport lost──▶ lost
 *   refreshing ──491 / 5xx, another try──▶ refreshing
 *
 * A refresh answered 481 or 408 ends the call (call-phase Ended), never the link.
 */
export enum CallLink {
  Up = "up",
  Lost = "lost",
  Refreshing = "refreshing",
}

const NEXT: Readonly<Record<CallLink, readonly CallLink[]>> = {
  [CallLink.Up]: [CallLink.Lost],
  [CallLink.Lost]: [CallLink.Refreshing],
  [CallLink.Refreshing]: [CallLink.Up, CallLink.Lost, CallLink.Refreshing],
};

export class IllegalCallLinkTransitionError extends Error {
  override readonly name = "IllegalCallLinkTransitionError";
  constructor(from: CallLink, to: CallLink) {
    super(`A call's link cannot go from "${from}" to "${to}".`);
  }
}

export function transitionLink(from: CallLink, to: CallLink): CallLink {
  if (!NEXT[from].includes(to)) throw new IllegalCallLinkTransitionError(from, to);
  return to;
}

/** What the answer to a call's refresh re-INVITE means for the call. */
export type RefreshVerdict =
  | { kind: "refreshed" }
  /** The PBX no longer knows the dialog (the far end hung up during the loss): clear the call. */
  | { kind: "gone"; reason: string }
  | { kind: "retry"; afterMs: number }
  /** Refused for good, but the dialog lives: keep the call on its old media path. */
  | { kind: "kept"; reason: string };

export const MAX_REFRESH_ATTEMPTS = 3;

/**
 * RFC 3261 12.2.1.2 and 14.1: a 481 or 408 (also the transaction's own timeout) to a
 * re-INVITE ends the dialog; a 491 is tried again after 2.1-4 s (we own the refresh);
 * anything else leaves the session as it was.
 */
export function refreshVerdict(statusCode: number, reasonPhrase: string, attempt: number, random: () => number = Math.random): RefreshVerdict {
  if (statusCode >= 200 && statusCode < 300) return { kind: "refreshed" };
  const reason = `${statusCode} ${reasonPhrase}`;
  if (statusCode === 481 || statusCode === 408) return { kind: "gone", reason };
  if (attempt >= MAX_REFRESH_ATTEMPTS) return { kind: "kept", reason };
  if (statusCode === 491) return { kind: "retry", afterMs: Math.round(2_100 + random() * 1_900) };
  if (statusCode >= 500) return { kind: "retry", afterMs: 1_000 * attempt };
  return { kind: "kept", reason };
}

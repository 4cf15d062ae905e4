/**
 * The AMI connection's life:
 *
 *   idle ──▶ connecting ──▶ connected
 *               ▲  │            │
 *               │  ▼            ▼
 *             reconnecting ◀────┘        any state ──▶ closed (final)
 *
 * `connecting` covers TCP connect and Login; actions are sent only when `connected`.
 */
export type AmiState = "idle" | "connecting" | "connected" | "reconnecting" | "closed";

const NEXT: Readonly<Record<AmiState, readonly AmiState[]>> = {
  idle: ["connecting", "closed"],
  connecting: ["connected", "reconnecting", "closed"],
  connected: ["reconnecting", "closed"],
  reconnecting: ["connecting", "closed"],
  closed: [],
};

export class IllegalAmiTransitionError extends Error {
  override readonly name = "IllegalAmiTransitionError";
  constructor(from: AmiState, to: AmiState) {
    super(`AMI connection cannot go from "${from}" to "${to}": this is a bug in the AMI client.`);
  }
}

export function checkAmiTransition(from: AmiState, to: AmiState): AmiState {
  if (!NEXT[from].includes(to)) throw new IllegalAmiTransitionError(from, to);
  return to;
}

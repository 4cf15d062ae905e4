import type { AppState } from "../types";
import { SignInStatus } from "../session/sign-in-status";

/** What the app bar warns about; null when all is well. */
export function selectConnectionWarning(state: AppState): string | null {
  if (state.signInStatus !== SignInStatus.SignedIn) return null;
  if (state.pbxStatus === "degraded") return "PBX link down: transfers wait until it is back";
  if (state.realtime === "reconnecting" || state.realtime === "connecting") return "Live updates reconnecting";
  if (state.realtime === "offline") return "Live updates offline";
  return null;
}

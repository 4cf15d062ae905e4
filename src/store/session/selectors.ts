import type { AppState } from "../types";
import { SignInStatus } from "./sign-in-status";

export const selectIsSignedIn = (state: AppState) => state.signInStatus === SignInStatus.SignedIn;
export const selectAgentName = (state: AppState) => state.agent?.name ?? "";
export const selectAgentId = (state: AppState) => state.agent?.id ?? null;

import type { Agent, ChosenStatus } from "@handoff/contract";
import { SignInStatus } from "./sign-in-status";

export interface SessionState {
  signInStatus: SignInStatus;
  agent: Agent | null;
  /** The server this session talks to (also what the login form last used). */
  serverUrl: string;
  sessionError: string | null;
  /** What the agent chose; the directory shows the presence that follows from it. */
  chosenStatus: ChosenStatus;
}

export const initialSessionState: SessionState = {
  signInStatus: SignInStatus.Checking,
  agent: null,
  serverUrl: "",
  sessionError: null,
  chosenStatus: "available",
};

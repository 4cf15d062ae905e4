import type { ChosenStatus, Session, SessionEndCause, SignInRequest } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";
import { initialConnectionState } from "../connection/state";
import { initialContextsState } from "../contexts/state";
import { initialDirectoryState } from "../directory/state";
import { initialBoardState } from "../board/state";
import { initialHistoryState } from "../history/state";
import { initialQueuesState } from "../queues/state";
import { initialTelephonyState } from "../telephony/state";
import { initialTransfersState } from "../transfers/state";
import { initialUiState } from "../ui/state";
import { canSignIn, SignInStatus, transitionSignIn } from "./sign-in-status";

export interface SessionActions {
  /** At start: a remembered session (desktop) signs in without asking. */
  restoreSession(defaultServerUrl: string): Promise<void>;
  signIn(request: SignInRequest): Promise<void>;
  signOut(reason?: string): Promise<void>;
  setStatus(status: ChosenStatus): Promise<void>;
  /** The bridge's onSessionEnded: back to sign-in, saying why. The only way a session ends without the agent. */
  sessionEnded(reason: SessionEndCause): void;
}

const SESSION_ENDED_BECAUSE: Readonly<Record<SessionEndCause, string>> = {
  signed_out: "this session was signed out in another window",
  revoked: "your session was ended for safety (its token was used twice). Sign in again",
  expired: "your session expired. Sign in again",
  replaced: "you signed in somewhere else",
  refused: "the server no longer accepts your sign-in. Sign in again",
};

export const createSessionActions: ActionsCreator<SessionActions> = (set, get, { bridge, phone, ringer }) => {
  const moveTo = (to: SignInStatus) => transitionSignIn(get().signInStatus, to);
  // A session-ended event during the agent's own sign-out shares that one sign-out.
  let signingOut: Promise<void> | null = null;

  async function begin(session: Session): Promise<void> {
    // Settings are read (the phone opens the chosen microphone from its first call, which cannot come before
    // it has registered) while the phone connects, and both before the workspace's first render takes the thread.
    const settings = get().loadSettings();
    // The SIP password goes straight to the engine; it is never stored in the state.
    const started = session.sip === null ? null : phone.start(session.sip).catch((error: unknown) => get().registrationChanged("failed", describeError(error)));
    set({ signInStatus: moveTo(SignInStatus.SignedIn), agent: session.agent, serverUrl: session.serverUrl, sessionError: null, chosenStatus: "available" });
    await settings;
    void get().loadDirectory();
    // Queue work is for people who take calls (a bot has none); like history, asked for once registering is done.
    const loadQueues = () => {
      if (session.agent.role !== "bot") void get().loadQueues();
    };
    if (started === null) {
      void get().loadHistory();
      loadQueues();
      get().registrationChanged("unregistered", "This account has no phone extension.");
      return;
    }
    // History is another tab's: asked for once registering is done, not in its way.
    await started;
    void get().loadHistory();
    loadQueues();
  }

  return {
    async restoreSession(defaultServerUrl) {
      set({ serverUrl: defaultServerUrl });
      try {
        const session = await bridge.currentSession();
        if (session === null) set({ signInStatus: moveTo(SignInStatus.SignedOut) });
        else await begin(session);
      } catch (error) {
        set({ signInStatus: moveTo(SignInStatus.SignedOut), sessionError: describeError(error) });
      }
    },

    async signIn(request) {
      if (!canSignIn(get().signInStatus)) return;
      // Still inside the agent's click: the ringtone's audio output may open now (autoplay rules).
      ringer.prepare();
      set({ signInStatus: moveTo(SignInStatus.SigningIn), sessionError: null, serverUrl: request.serverUrl });
      try {
        await begin(await bridge.signIn(request));
      } catch (error) {
        set({ signInStatus: moveTo(SignInStatus.SignedOut), sessionError: describeError(error) });
      }
    },

    signOut(reason) {
      if (signingOut !== null) return signingOut;
      if (get().signInStatus !== SignInStatus.SignedIn) return Promise.resolve();
      signingOut = (async () => {
        await phone.stop().catch(() => undefined);
        await bridge.signOut().catch(() => undefined);
        get().silenceRinger();
        set({
          ...initialTelephonyState,
          ...initialTransfersState,
          ...initialDirectoryState,
          ...initialContextsState,
          ...initialConnectionState,
          ...initialHistoryState,
          ...initialQueuesState,
          ...initialBoardState,
          ...initialUiState,
          signInStatus: moveTo(SignInStatus.SignedOut),
          agent: null,
          sessionError: reason ?? null,
          chosenStatus: "available",
        });
      })().finally(() => {
        signingOut = null;
      });
      return signingOut;
    },

    async setStatus(status) {
      const previous = get().chosenStatus;
      set({ chosenStatus: status });
      try {
        await bridge.setStatus(status);
      } catch (error) {
        set({ chosenStatus: previous });
        get().notify("error", `Could not change your status: ${describeError(error)}`);
      }
    },

    sessionEnded(reason) {
      void get().signOut(`You were signed out because ${SESSION_ENDED_BECAUSE[reason]}.`);
    },
  };
};

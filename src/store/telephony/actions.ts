import { describeError } from "../../bridge/describe-error";
import { CallLink } from "../../telephony/call-link";
import { CallPhase } from "../../telephony/call-phase";
import type { CallSnapshot, TelephonyReporter } from "../../telephony/types";
import type { ActionsCreator } from "../types";
import { isConnected, nextActiveCall, selectActiveCall, selectRingingCalls } from "./selectors";

/** The engine reports through these three only (`TelephonyReporter`); the rest are the agent's. */
export interface TelephonyActions extends TelephonyReporter {
  /** Answers the given call, or the current call if it rings, or the first ringing one. */
  answer(id?: string): Promise<void>;
  hangup(id?: string): Promise<void>;
  toggleHold(id?: string): Promise<void>;
  toggleMute(id?: string): void;
  dial(target: string): Promise<void>;
  sendDtmf(tones: string): Promise<void>;
  /** Makes another call the current one: resumes it if held (the engine holds the others), answers it if ringing. */
  switchTo(id: string): Promise<void>;
  silenceRinger(): void;
}

export const createTelephonyActions: ActionsCreator<TelephonyActions> = (set, get, { phone, ringer }) => {
  function syncRinger(): void {
    if (selectRingingCalls(get()).length > 0) ringer.ring(get().settings.ringtone);
    else ringer.silence();
  }

  function fail(what: string, error: unknown): void {
    get().notify("error", `${what}: ${describeError(error)}`);
  }

  function setPending(id: string, pending: boolean): void {
    set((state) => {
      const holdPending = { ...state.holdPending };
      if (pending) holdPending[id] = true;
      else delete holdPending[id];
      return { holdPending };
    });
  }

  return {
    registrationChanged(state, detail) {
      set({ registration: state, registrationDetail: detail ?? null });
    },

    callChanged(call) {
      set((state) => {
        const calls = { ...state.calls, [call.id]: call };
        const current = state.activeCallId === null ? undefined : calls[state.activeCallId];
        // A new call becomes current when nothing else is; a call the agent dials, answers or resumes always does.
        const takesFocus = call.phase === CallPhase.Dialing || call.phase === CallPhase.Connecting || call.phase === CallPhase.Active;
        const activeCallId = current === undefined || current.phase === CallPhase.Ended || (takesFocus && call.id !== state.activeCallId) ? call.id : state.activeCallId;
        return { calls, activeCallId };
      });
      syncRinger();
    },

    callRemoved(id) {
      const ended = get().calls[id];
      set((state) => {
        const calls = { ...state.calls };
        delete calls[id];
        const holdPending = { ...state.holdPending };
        delete holdPending[id];
        const contexts = { ...state.contexts };
        if (ended !== undefined) delete contexts[ended.sipCallId];
        return { calls, holdPending, contexts, activeCallId: state.activeCallId === id ? nextActiveCall(calls) : state.activeCallId };
      });
      if (ended?.endedReason != null && ended.answeredAt === null && ended.direction === "outbound") {
        get().notify("warning", `The call to ${ended.remote.number} did not connect (${ended.endedReason}).`);
      } else if (ended !== undefined && ended.link !== CallLink.Up) {
        get().notify("warning", `The call with ${ended.remote.name} ended while the phone was reconnecting.`);
      }
      syncRinger();
    },

    async answer(id) {
      const active = selectActiveCall(get());
      const target = id ?? (active?.phase === CallPhase.Ringing ? active.id : selectRingingCalls(get())[0]?.id);
      if (target === undefined) return;
      try {
        await phone.answer(target);
      } catch (error) {
        fail("Could not answer", error);
      }
    },

    async hangup(id) {
      const target = id ?? get().activeCallId;
      if (target === null) return;
      try {
        await phone.hangup(target);
      } catch (error) {
        fail("Could not hang up", error);
      }
    },

    async toggleHold(id) {
      const call = id === undefined ? selectActiveCall(get()) : get().calls[id];
      if (call === undefined || get().holdPending[call.id] === true) return;
      if (call.phase !== CallPhase.Active && call.phase !== CallPhase.Held) return;
      setPending(call.id, true);
      try {
        if (call.phase === CallPhase.Held) await phone.unhold(call.id);
        else await phone.hold(call.id);
      } catch (error) {
        fail(call.phase === CallPhase.Held ? "Could not resume the call" : "Could not hold the call", error);
      } finally {
        setPending(call.id, false);
      }
    },

    toggleMute(id) {
      const call: CallSnapshot | undefined = id === undefined ? selectActiveCall(get()) : get().calls[id];
      if (call === undefined || !isConnected(call)) return;
      try {
        phone.setMuted(call.id, !call.muted);
      } catch (error) {
        fail("Could not change the microphone", error);
      }
    },

    async dial(target) {
      try {
        await phone.dial(target);
      } catch (error) {
        fail(`Could not call ${target}`, error);
      }
    },

    async sendDtmf(tones) {
      const call = selectActiveCall(get());
      if (call?.phase !== CallPhase.Active) return;
      try {
        await phone.sendDtmf(call.id, tones);
      } catch (error) {
        fail("Could not send the keypad tone", error);
      }
    },

    async switchTo(id) {
      const call = get().calls[id];
      if (call === undefined) return;
      if (call.phase === CallPhase.Ringing) return get().answer(id);
      if (call.phase === CallPhase.Held) {
        setPending(id, true);
        try {
          await phone.unhold(id);
        } catch (error) {
          fail("Could not resume the call", error);
        } finally {
          setPending(id, false);
        }
        return;
      }
      set({ activeCallId: id });
    },

    silenceRinger() {
      ringer.silence();
    },
  };
};

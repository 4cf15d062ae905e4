import type { CallSnapshot, RegistrationState } from "../../telephony/types";

export interface TelephonyState {
  registration: RegistrationState;
  registrationDetail: string | null;
  /** Plain snapshots from the engine, by the engine's call id. */
  calls: Record<string, CallSnapshot>;
  /** The call the app bar shows and the controls act on. */
  activeCallId: string | null;
  /** Calls with a hold or resume on its way, so the button cannot send a second one. */
  holdPending: Record<string, true>;
}

export const initialTelephonyState: TelephonyState = {
  registration: "unregistered",
  registrationDetail: null,
  calls: {},
  activeCallId: null,
  holdPending: {},
};

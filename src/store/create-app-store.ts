import type { HandoffBridge } from "@handoff/contract";
import { createStore } from "zustand/vanilla";
import type { Phone } from "../telephony/phone";
import type { Ringer } from "../telephony/ringer";
import type { TelephonyReporter } from "../telephony/types";
import { createBoardActions } from "./board/actions";
import { initialBoardState } from "./board/state";
import { createConnectionActions } from "./connection/actions";
import { initialConnectionState } from "./connection/state";
import { createContextsActions } from "./contexts/actions";
import { initialContextsState } from "./contexts/state";
import { createConferenceActions } from "./conference/actions";
import { initialConferenceState } from "./conference/state";
import { createDirectoryActions } from "./directory/actions";
import { initialDirectoryState } from "./directory/state";
import { createHistoryActions } from "./history/actions";
import { initialHistoryState } from "./history/state";
import { createMonitoringActions } from "./monitoring/actions";
import { initialMonitoringState } from "./monitoring/state";
import { createQueuesActions } from "./queues/actions";
import { initialQueuesState } from "./queues/state";
import { createSessionActions } from "./session/actions";
import { initialSessionState } from "./session/state";
import { createSettingsActions } from "./settings/actions";
import { initialSettingsState } from "./settings/state";
import { createTelephonyActions } from "./telephony/actions";
import { initialTelephonyState } from "./telephony/state";
import { createTransfersActions } from "./transfers/actions";
import { initialTransfersState } from "./transfers/state";
import type { AppServices, AppState, AppStore } from "./types";
import { createUiActions } from "./ui/actions";
import { initialUiState } from "./ui/state";

export interface AppStoreDependencies {
  bridge: HandoffBridge;
  /** The phone is made with the store's reporter actions, a `Pick<>` of them and nothing more. */
  createPhone(reporter: TelephonyReporter): Phone;
  ringer?: Ringer;
}

const silentRinger: Ringer = { prepare: () => undefined, ring: () => undefined, silence: () => undefined, setSpeaker: () => undefined };

export function createAppStore({ bridge, createPhone, ringer = silentRinger }: AppStoreDependencies): AppStore {
  // The engine reports into the store, and the store's actions call the engine: the reporter
  // looks the store up when it is called, which is never before the phone is started.
  let store: AppStore | null = null;
  const reporter: TelephonyReporter = {
    registrationChanged: (state, detail) => store?.getState().registrationChanged(state, detail),
    callChanged: (call) => store?.getState().callChanged(call),
    callRemoved: (id) => store?.getState().callRemoved(id),
  };
  const services: AppServices = { bridge, ringer, phone: createPhone(reporter) };
  store = createStore<AppState>()((set, get) => ({
    ...initialSessionState,
    ...initialTelephonyState,
    ...initialTransfersState,
    ...initialDirectoryState,
    ...initialContextsState,
    ...initialConnectionState,
    ...initialSettingsState,
    ...initialUiState,
    ...initialHistoryState,
    ...initialQueuesState,
    ...initialBoardState,
    ...initialMonitoringState,
    ...initialConferenceState,
    ...createSessionActions(set, get, services),
    ...createTelephonyActions(set, get, services),
    ...createTransfersActions(set, get, services),
    ...createDirectoryActions(set, get, services),
    ...createContextsActions(set, get, services),
    ...createConnectionActions(set, get, services),
    ...createSettingsActions(set, get, services),
    ...createUiActions(set, get, services),
    ...createHistoryActions(set, get, services),
    ...createQueuesActions(set, get, services),
    ...createBoardActions(set, get, services),
    ...createMonitoringActions(set, get, services),
    ...createConferenceActions(set, get, services),
  }));
  return store;
}

import type { HandoffBridge } from "@handoff/contract";
import type { StoreApi } from "zustand/vanilla";
import type { Phone } from "../telephony/phone";
import type { Ringer } from "../telephony/ringer";
import type { BoardActions } from "./board/actions";
import type { BoardSliceState } from "./board/state";
import type { ConnectionActions } from "./connection/actions";
import type { ConnectionState } from "./connection/state";
import type { ContextsActions } from "./contexts/actions";
import type { ContextsState } from "./contexts/state";
import type { ConferenceActions } from "./conference/actions";
import type { ConferenceSliceState } from "./conference/state";
import type { DirectoryActions } from "./directory/actions";
import type { DirectoryState } from "./directory/state";
import type { HistoryActions } from "./history/actions";
import type { HistoryState } from "./history/state";
import type { MonitoringActions } from "./monitoring/actions";
import type { MonitoringSliceState } from "./monitoring/state";
import type { QueuesActions } from "./queues/actions";
import type { QueuesState } from "./queues/state";
import type { SessionActions } from "./session/actions";
import type { SessionState } from "./session/state";
import type { SettingsActions } from "./settings/actions";
import type { SettingsState } from "./settings/state";
import type { TelephonyActions } from "./telephony/actions";
import type { TelephonyState } from "./telephony/state";
import type { TransfersActions } from "./transfers/actions";
import type { TransfersState } from "./transfers/state";
import type { UiActions } from "./ui/actions";
import type { UiState } from "./ui/state";

export type AppState = SessionState &
  SessionActions &
  TelephonyState &
  TelephonyActions &
  TransfersState &
  TransfersActions &
  DirectoryState &
  DirectoryActions &
  ContextsState &
  ContextsActions &
  ConnectionState &
  ConnectionActions &
  SettingsState &
  SettingsActions &
  UiState &
  UiActions &
  HistoryState &
  HistoryActions &
  QueuesState &
  QueuesActions &
  BoardSliceState &
  BoardActions &
  MonitoringSliceState &
  MonitoringActions &
  ConferenceSliceState &
  ConferenceActions;

export type AppStore = StoreApi<AppState>;

/** What actions may call. Components reach these only through actions. */
export interface AppServices {
  readonly bridge: HandoffBridge;
  readonly phone: Phone;
  readonly ringer: Ringer;
}

/** Every slice's actions are made the same way: from the store's set/get and the services. */
export type ActionsCreator<A> = (set: AppStore["setState"], get: AppStore["getState"], services: AppServices) => A;

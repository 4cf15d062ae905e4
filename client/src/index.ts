export { ApiError, type ApiErrorCode } from "./api-error";
export { BRIDGE_EVENTS, forwardToBridge, type BridgeEventMethod, type BridgeEventPayload } from "./bridge-events";
export { HandoffClient, type ClientEvents, type HandoffClientOptions, type ResumableSession, type SignInCredentials } from "./handoff-client";
export { consoleLog, systemClock, type ClientLog, type Clock } from "./host";
export { IllegalRealtimeTransitionError } from "./realtime-link";
export { DEFAULT_RETRY, type Repeat, type RetryPolicy } from "./retry-policy";
export { normalizeServerUrl } from "./server-url";
export type { Token } from "./token-renewal";
export { browserTransport, nodeTransport, type Transport } from "./transport";

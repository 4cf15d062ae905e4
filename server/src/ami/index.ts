export { AmiClient, backoffWithJitter, type AmiClientOptions, type AmiReply, type AmiStateChange } from "./client";
export { AmiDecoder, encodeAction, type AmiFields, type AmiMessage } from "./codec";
export type { AmiState } from "./connection-state";
export * from "./errors";

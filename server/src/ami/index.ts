export { AmiClient, backoffWithJitter, type AmiClientOptions, type AmiReply, type AmiStateChange } from "./client";
export { AmiDecoder, AmiMessage, encodeAction, type AmiFields } from "./codec";
export type { AmiState } from "./connection-state";
export * from "./errors";

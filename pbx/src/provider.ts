import type { PbxConnection, PbxProviderName } from "./connection";

/** Progress for humans; never pass a secret. */
export type Log = (line: string) => void;

export interface ProviderStatus {
  readonly running: boolean;
  /** Where things are and in what state, without secrets. */
  readonly lines: readonly string[];
}

/** One way of having an Asterisk. Every operation is idempotent. */
export interface PbxProvider {
  readonly name: PbxProviderName;
  /** Returns once AMI accepts a login and the SIP WebSocket upgrades. */
  up(log: Log): Promise<PbxConnection>;
  down(log: Log): Promise<void>;
  status(): Promise<ProviderStatus>;
}

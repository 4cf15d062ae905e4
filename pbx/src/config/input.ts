import { DEFAULT_DIAL_POLICY, dialPolicyFromEnv, GLOBALS, HANDOFF_DEFAULTS, type DialPolicy } from "@handoff/dialplan";
import type { DemoData } from "../demo-data";
import type { PbxSecrets } from "../secrets";

/** Fixed addresses of the generated PBX: loopback only, so nothing here is reachable from the network. */
export const PBX_ADDRESSES = {
  amiHost: "127.0.0.1",
  amiPort: 5038,
  httpHost: "127.0.0.1",
  httpPort: 8088,
  /** Asterisk's TLS listener (http.conf tlsbindaddr): the same /ws as wss://, for phones beyond this machine's loopback. */
  httpsPort: 8089,
  sipWsPath: "/ws",
  rtpStart: 20000,
  rtpEnd: 20999,
} as const;

export { SERVER_AMI_USER as AMI_SERVER_USER } from "@handoff/dialplan";
export const AMI_TEST_USER = "handoff-test";
/** The reference voice bot's user (bot/): reads the dialplan's UserEvents, writes nothing. */
export const AMI_BOT_USER = "handoff-bot";

/** Website visitors' WebRTC lines (the call widget): at most this many visitor calls at once. */
export const VISITOR_LINE_COUNT = 4;

/** Where Debian's asterisk-moh-opsound-wav puts its files, in the chroot root and in the Docker image alike. */
export const MOH_DIRECTORY = "/usr/share/asterisk/moh";

/** Knobs of the generated dialplan, overridable through the environment at generation time (variables named like the globals). */
export interface PbxSettings {
  /** How long a transfer target rings before the call is returned to the transferring agent. */
  readonly transferRingSeconds: number;
  /** How long the transferring agent rings when a failed transfer comes back. */
  readonly recallRingSeconds: number;
  /** How long a caller the fallback queue cannot take hears music on hold before the queue is tried again. */
  readonly holdRetrySeconds: number;
  /** Frequencies (Hz) of the known audio the test customer and the outside line play. */
  readonly customerToneHz: number;
  readonly outsideToneHz: number;
  /** Which outside numbers agents and transfers may dial (HANDOFF_DIAL_POLICY, JSON; the server reads the same variable). */
  readonly dialPolicy: DialPolicy;
}

export const DEFAULT_SETTINGS: PbxSettings = {
  ...HANDOFF_DEFAULTS,
  customerToneHz: 440,
  outsideToneHz: 660,
  dialPolicy: DEFAULT_DIAL_POLICY,
};

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  constructor(variable: string, value: string) {
    super(`${variable}="${value}" is not a whole number of seconds between 1 and 600. Fix or unset it and run "npm run pbx:up" again.`);
  }
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): PbxSettings {
  const seconds = (variable: string, fallback: number): number => {
    const value = env[variable];
    if (value === undefined || value === "") return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 600) throw new SettingsError(variable, value);
    return parsed;
  };
  return {
    ...DEFAULT_SETTINGS,
    transferRingSeconds: seconds(GLOBALS.transferRing, DEFAULT_SETTINGS.transferRingSeconds),
    recallRingSeconds: seconds(GLOBALS.recallRing, DEFAULT_SETTINGS.recallRingSeconds),
    holdRetrySeconds: seconds(GLOBALS.holdRetry, DEFAULT_SETTINGS.holdRetrySeconds),
    dialPolicy: dialPolicyFromEnv(env),
  };
}

/** Facts about the machine Asterisk runs on. */
export interface HostFacts {
  /** Non-loopback IPv4 addresses; Asterisk would offer them as ICE candidates unless mapped. */
  readonly ipv4Addresses: readonly string[];
}

/** Where Asterisk reads its TLS certificate and key: files of the generated config (index.ts), so in /etc/asterisk. */
export const TLS_FILES = { cert: "handoff-tls.pem", key: "handoff-tls.key" } as const;

export interface PbxConfigInput {
  readonly demo: DemoData;
  /** The WSS listener's certificate (signed by the install's local CA, local-ca.ts) and key, PEM. */
  readonly tls: { readonly cert: string; readonly key: string };
  readonly secrets: PbxSecrets;
  readonly host: HostFacts;
  readonly settings: PbxSettings;
}

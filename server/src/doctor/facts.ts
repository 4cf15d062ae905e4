/** What the doctor learnt from the PBX, before judging it. Every field says what it could not learn as null. */

export type AmiReach =
  | { readonly kind: "unreachable"; readonly error: string }
  | { readonly kind: "not-asterisk"; readonly banner: string }
  | { readonly kind: "refused"; readonly message: string }
  | { readonly kind: "logged-in"; readonly banner: string };

/** A dialplan context as ShowDialPlan lists it: extension to its priorities' "App(data)". */
export type DialplanContext = ReadonlyMap<string, readonly string[]>;

export interface EndpointFacts {
  readonly extension: string;
  /** PJSIP_ENDPOINT(<ext>,webrtc): "yes", "no", or "" when there is no such endpoint. */
  readonly webrtc: string;
  /** PJSIP_ENDPOINT(<ext>,auth): the auth object it checks REGISTER and INVITE against. */
  readonly auth: string;
  /** DeviceStateList's state of PJSIP/<ext> (UNAVAILABLE: no registered contact), null if not listed. */
  readonly deviceState: string | null;
}

export interface PbxFacts {
  readonly ami: AmiReach;
  /** ListCommands: action name to the classes it needs ("all" left out; empty for none). Only what this user may run. */
  readonly actions: ReadonlyMap<string, readonly string[]>;
  /** Read classes proven by an event received (its Privilege line). */
  readonly readSeen: ReadonlySet<string>;
  /** Whether the doctor could cause a call-class event (Setvar of its device state needs write=call). */
  readonly eventProvoked: boolean;
  readonly asteriskVersion: string | null;
  /** ModuleCheck per module, or null when the user may not ask (it needs write=system). */
  readonly modules: ReadonlyMap<string, boolean> | null;
  /** BridgeTechnologyList: technology names not suspended. */
  readonly bridgeTechnologies: readonly string[];
  /** Whether the events received carried a Timestamp (timestampevents=yes); null when no event arrived. */
  readonly timestampedEvents: boolean | null;
  /** Asterisk's clock minus ours, in ms (Ping's Timestamp against the middle of the round trip); null if unknown. */
  readonly clockSkewMs: number | null;
  /** Contexts by name; absent when ShowDialPlan did not find it. */
  readonly contexts: ReadonlyMap<string, DialplanContext>;
  /** Globals the product dialplan reads (Getvar without a channel). */
  readonly globals: ReadonlyMap<string, string>;
  /** Global feature codes: FEATUREMAP(atxfer), FEATURE(atxferabort). */
  readonly featureCodes: { readonly atxfer: string; readonly atxferabort: string } | null;
  /** Queues app_queue knows (QueueSummary). */
  readonly queues: ReadonlySet<string> | null;
  readonly endpoints: readonly EndpointFacts[];
  /** HANDOFF_SIP_AUTH_DB opened read-only with its ps_auths table, or why not. */
  readonly sipAuthDb: { readonly ok: true } | { readonly ok: false; readonly error: string };
  /** The SIP WebSocket upgrade: ok, or why not. */
  readonly sipWebSocket: { readonly ok: true } | { readonly ok: false; readonly error: string };
}

/** What the server is configured to rely on. */
export interface DoctorExpectations {
  readonly amiUser: string;
  readonly sipWsUrl: string;
  /** The SQLite file of the realtime ps_auths the server writes each sign-in's SIP password into. */
  readonly sipAuthDb: string;
  readonly ringSeconds: number;
  readonly queues: ReadonlyMap<string, string>;
  readonly fallbackQueue: string;
  /** Contexts a bot's callers run in (HANDOFF_BOT_CONTEXTS): a bot may hand off only callers there. */
  readonly botContexts: readonly string[];
  /** Directory agents with a phone: their extensions. */
  readonly agentExtensions: readonly string[];
}

import { DEFAULT_DIAL_POLICY, type DialPolicy } from "../dial-policy";
import { HANDOFF_DEFAULTS, type HandoffDialplanInput, type HandoffSettings } from "../handoff-contexts";
import { parseTrunks, type Trunk } from "../trunks";

/**
 * What an administrator says about their own Asterisk for the export: the agents' extensions (PJSIP endpoints
 * of the same name), the queues the server may transfer to, how outside numbers leave, and the ring times.
 * A JSON file (`--site`); `dialplan/site.example.json` is the local test PBX's.
 */
export interface Site {
  readonly agentExtensions: readonly string[];
  readonly queues: readonly { readonly name: string; readonly extension: string }[];
  /** Where a caller nobody takes waits; default: the first queue. */
  readonly fallbackQueue?: string;
  /** Dial string of an outside number, with `${EXTEN}`: `Local/${EXTEN}@from-internal` on FreePBX (its outbound routes). */
  readonly outsideLine: string;
  readonly externalPatterns: readonly string[];
  readonly transferRingSeconds?: number;
  readonly recallRingSeconds?: number;
  readonly holdRetrySeconds?: number;
  /** Where the server connects to AMI from (manager.conf permit); default loopback. */
  readonly amiPermit?: string;
  /** Other PBXs reached over SIP trunks (the same list as the server's HANDOFF_TRUNKS); absent: none. */
  readonly trunks?: readonly Trunk[];
}

export class SiteError extends Error {
  override readonly name = "SiteError";
  constructor(problem: string) {
    super(`The site file is not usable: ${problem}. Fix it (dialplan/site.example.json shows every field) and run again.`);
  }
}

const strings = (value: unknown, field: string): string[] => {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw new SiteError(`"${field}" must be a list of strings`);
  return value;
};
const optionalNumber = (value: unknown, field: string): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new SiteError(`"${field}" must be a number of seconds`);
  return value;
};
const optionalString = (value: unknown, field: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new SiteError(`"${field}" must be a string`);
  return value;
};

/** Reads a parsed site file; the dialplan generator checks the values themselves (digits, names, patterns). */
export function parseSite(json: unknown): Site {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new SiteError("it must be a JSON object");
  const o = json as Record<string, unknown>;
  if (!Array.isArray(o.queues) || !o.queues.every((q) => typeof q === "object" && q !== null && typeof q.name === "string" && typeof q.extension === "string")) {
    throw new SiteError('"queues" must be a list of { "name", "extension" }');
  }
  const outsideLine = optionalString(o.outsideLine, "outsideLine");
  if (outsideLine === undefined) throw new SiteError('"outsideLine" is missing');
  return {
    agentExtensions: strings(o.agentExtensions, "agentExtensions"),
    queues: (o.queues as { name: string; extension: string }[]).map(({ name, extension }) => ({ name, extension })),
    fallbackQueue: optionalString(o.fallbackQueue, "fallbackQueue"),
    outsideLine,
    externalPatterns: strings(o.externalPatterns, "externalPatterns"),
    transferRingSeconds: optionalNumber(o.transferRingSeconds, "transferRingSeconds"),
    recallRingSeconds: optionalNumber(o.recallRingSeconds, "recallRingSeconds"),
    holdRetrySeconds: optionalNumber(o.holdRetrySeconds, "holdRetrySeconds"),
    amiPermit: optionalString(o.amiPermit, "amiPermit"),
    trunks: o.trunks === undefined ? undefined : parseTrunks(o.trunks, 'the site file\'s "trunks"'),
  };
}

/** The dialplan generator's input and settings for a site. */
export function siteDialplan(site: Site, dialPolicy: DialPolicy = DEFAULT_DIAL_POLICY): { input: HandoffDialplanInput; settings: HandoffSettings } {
  const fallbackQueue = site.fallbackQueue ?? site.queues[0]?.name;
  if (fallbackQueue === undefined) throw new SiteError('there is no queue: the fallback (where a caller nobody takes waits) needs one in "queues"');
  return {
    input: { agentExtensions: site.agentExtensions, queues: site.queues, externalPatterns: site.externalPatterns, outsideLine: site.outsideLine, dialPolicy, trunks: site.trunks ?? [] },
    settings: {
      transferRingSeconds: site.transferRingSeconds ?? HANDOFF_DEFAULTS.transferRingSeconds,
      recallRingSeconds: site.recallRingSeconds ?? HANDOFF_DEFAULTS.recallRingSeconds,
      holdRetrySeconds: site.holdRetrySeconds ?? HANDOFF_DEFAULTS.holdRetrySeconds,
      fallbackQueue,
    },
  };
}

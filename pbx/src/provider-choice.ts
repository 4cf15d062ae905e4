import type { PbxProviderName } from "./connection";

export interface ProviderFacts {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** -1 where there are no POSIX user ids. */
  readonly uid: number;
  /** Asked only when it matters: `docker info` can take seconds. */
  readonly dockerWorks: () => boolean;
}

export interface ProviderChoice {
  readonly name: PbxProviderName;
  readonly reason: string;
}

export class NoProviderError extends Error {
  override readonly name = "NoProviderError";
  constructor(facts: ProviderFacts) {
    const where = facts.platform === "linux" ? `Linux as uid ${facts.uid}` : facts.platform;
    super(
      `No way to run Asterisk here (${where}, no working Docker engine). Either:\n` +
        "  - point Handoff at an Asterisk you run: set HANDOFF_AMI_HOST, HANDOFF_AMI_USERNAME, HANDOFF_AMI_SECRET and\n" +
        "    HANDOFF_SIP_WS_URL (optionally HANDOFF_AMI_PORT, HANDOFF_AMI_TEST_USERNAME/SECRET), see pbx/README.md;\n" +
        "  - or install Docker and start its engine (\"docker info\" must succeed);\n" +
        "  - or on Linux run \"npm run pbx:up\" as root (sudo -E) to use a cached Debian root with Asterisk.",
    );
  }
}

const NAMES: readonly PbxProviderName[] = ["env", "chroot", "docker"];

export class UnknownProviderError extends Error {
  override readonly name = "UnknownProviderError";
  constructor(value: string) {
    super(`HANDOFF_PBX_PROVIDER="${value}" is not one of ${NAMES.join(", ")}. Unset it to let pbx choose.`);
  }
}

/** The first provider that can work here, in the documented order: env, chroot, docker. */
export function chooseProvider(facts: ProviderFacts): ProviderChoice {
  const forced = facts.env.HANDOFF_PBX_PROVIDER;
  if (forced) {
    if (!(NAMES as readonly string[]).includes(forced)) throw new UnknownProviderError(forced);
    return { name: forced as PbxProviderName, reason: "HANDOFF_PBX_PROVIDER says so" };
  }
  if (facts.env.HANDOFF_AMI_HOST) return { name: "env", reason: `HANDOFF_AMI_HOST is set: using your Asterisk at ${facts.env.HANDOFF_AMI_HOST}` };
  if (facts.platform === "linux" && facts.uid === 0) return { name: "chroot", reason: "running as root on Linux and HANDOFF_AMI_HOST is not set" };
  if (facts.dockerWorks()) return { name: "docker", reason: "\"docker info\" succeeds, not root on Linux, HANDOFF_AMI_HOST not set" };
  throw new NoProviderError(facts);
}

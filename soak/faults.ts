/**
 * Carries out the fault plan against the running system, one fault at a time,
 * and waits for recovery after each: the server healthy (database and AMI link
 * up), every phone registered again, the soak's own AMI user logged in. Lanes
 * ask healthy() before starting a transfer; transfers already running meet the
 * fault wherever they are.
 */
import type { ServerProcess } from "../bench/lib/server-process";
import type { InfraFault } from "./fault-plan";
import type { AmiTap } from "./lib/ami-tap";
import type { PbxAccess } from "./lib/pbx";
import { restartPbx, sleep } from "./lib/pbx";
import type { Phone } from "./lib/phones";
import type { Rng } from "./rng";

export interface InjectedFault {
  readonly kind: InfraFault;
  /** ms since the soak started. */
  readonly at: number;
  /** Until everything was back. */
  readonly recoveredAfterMs: number;
  readonly detail: string;
}

export interface FaultSystem {
  readonly tap: AmiTap;
  readonly server: ServerProcess;
  readonly pbx: PbxAccess;
  readonly phones: readonly Phone[];
  readonly ringSeconds: number;
  /** Whose pbx/ restarts Asterisk (and so whose dialplan it comes back with): the commit under test. */
  readonly pbxRoot: string | undefined;
  readonly clock: () => number;
  readonly log: (line: string) => void;
}

export class Faults {
  readonly injected: InjectedFault[] = [];
  /** Bumped when an Asterisk restart begins: a caller that vanishes after that went with the PBX. */
  asteriskEpoch = 0;
  restartingAsterisk = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly s: FaultSystem,
    private readonly rng: Rng,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no fault is in progress (a lane waits here before it starts a transfer). */
  async healthy(): Promise<void> {
    while (this.running !== null) await this.running.catch(() => undefined);
  }

  async inject(kind: InfraFault): Promise<void> {
    await this.healthy();
    const at = this.s.clock();
    const run = this.carryOut(kind).then((detail) => {
      const recoveredAfterMs = this.s.clock() - at;
      this.injected.push({ kind, at, recoveredAfterMs, detail });
      this.s.log(`fault ${kind} (${detail}): recovered after ${(recoveredAfterMs / 1000).toFixed(1)} s`);
    });
    this.running = run.finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async carryOut(kind: InfraFault): Promise<string> {
    switch (kind) {
      case "ami-cut": {
        const downMs = this.rng.int(300, 3_000);
        this.s.tap.cut(downMs);
        await sleep(downMs);
        await this.serverHealthy(30_000);
        return `link down ${(downMs / 1000).toFixed(1)} s`;
      }
      case "server-kill": {
        await this.s.server.kill();
        const deadMs = this.rng.int(200, 1_500);
        await sleep(deadMs);
        await this.s.server.restart();
        return `SIGKILL, restarted after ${(deadMs / 1000).toFixed(1)} s`;
      }
      case "asterisk-restart": {
        this.restartingAsterisk = true;
        this.asteriskEpoch += 1;
        this.s.tap.epoch += 1;
        try {
          await restartPbx((line) => this.s.log(`  ${line}`), this.s.pbxRoot);
          await this.s.pbx.connected(30_000);
          // Globals set by AMI do not survive a restart.
          await this.s.pbx.shortRingTimes(this.s.ringSeconds, false);
          await this.phonesRegistered(60_000);
          await this.serverHealthy(60_000);
        } finally {
          this.restartingAsterisk = false;
        }
        return "pbx down + up";
      }
    }
  }

  private async serverHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ok = await fetch(`${this.s.server.url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`the server was not healthy within ${timeoutMs / 1000} s of a fault`);
  }

  private async phonesRegistered(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The registration state lags a re-REGISTER by one poll; give it a moment to leave "registered" first.
    await sleep(1_000);
    while (this.s.phones.some((p) => p.registration !== "registered")) {
      if (Date.now() > deadline) throw new Error(`phones not registered within ${timeoutMs / 1000} s of the Asterisk restart: ${this.s.phones.map((p) => `${p.extension} ${p.registration}`).join(", ")}`);
      await sleep(200);
    }
  }
}

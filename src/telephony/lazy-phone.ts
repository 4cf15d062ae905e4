import type { Phone } from "./phone";
import type { AudioDevices, AudioStats, SipCredentials } from "./types";

/**
 * A `Phone` whose engine (SIP.js, a third of the app's JavaScript) is still loading: the page
 * starts fetching it at once, beside the sign-in, instead of parsing it before anything runs.
 * Calls only exist once `start` has run on the real engine, so only the devices need keeping.
 */
export class LazyPhone implements Phone {
  private engine: Phone | null = null;
  private devices: AudioDevices | null = null;
  private readonly loaded: Promise<Phone>;

  constructor(load: Promise<Phone>) {
    this.loaded = load.then((engine) => {
      this.engine = engine;
      if (this.devices !== null) engine.setAudioDevices(this.devices);
      return engine;
    });
    // Not lost: start() awaits the same promise and reports the failure as a registration failure.
    this.loaded.catch(() => undefined);
  }

  async start(credentials: SipCredentials): Promise<void> {
    return (await this.loaded).start(credentials);
  }

  async stop(): Promise<void> {
    // Never started if it never loaded: nothing to stop.
    return this.engine?.stop();
  }

  async answer(id: string): Promise<void> {
    return (await this.loaded).answer(id);
  }

  async hangup(id: string): Promise<void> {
    return (await this.loaded).hangup(id);
  }

  async dial(target: string): Promise<string> {
    return (await this.loaded).dial(target);
  }

  async hold(id: string): Promise<void> {
    return (await this.loaded).hold(id);
  }

  async unhold(id: string): Promise<void> {
    return (await this.loaded).unhold(id);
  }

  setMuted(id: string, muted: boolean): void {
    this.engine?.setMuted(id, muted);
  }

  async sendDtmf(id: string, tones: string): Promise<void> {
    return (await this.loaded).sendDtmf(id, tones);
  }

  setAudioDevices(devices: AudioDevices): void {
    if (this.engine === null) this.devices = devices;
    else this.engine.setAudioDevices(devices);
  }

  async audioStats(id: string): Promise<AudioStats> {
    return (await this.loaded).audioStats(id);
  }
}

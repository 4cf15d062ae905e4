export type Ringtone = "classic" | "soft" | "none";

/** Plays the ringtone while any call rings; the store tells it when. */
export interface Ringer {
  /** Opens the audio output ahead of the first call; called inside the agent's sign-in click. */
  prepare(): void;
  ring(tone: Ringtone): void;
  silence(): void;
  /** Output device for the ringtone; null is the system default. */
  setSpeaker(deviceId: string | null): void;
}

interface Cadence {
  /** Frequencies mixed while the tone sounds. */
  frequencies: number[];
  /** [on, off] pairs in seconds, repeated. */
  pattern: number[];
  gain: number;
}

const CADENCES: Record<Exclude<Ringtone, "none">, Cadence> = {
  // The North American ring: 440 + 480 Hz, 2 s on, 4 s off.
  classic: { frequencies: [440, 480], pattern: [2, 4], gain: 0.12 },
  soft: { frequencies: [660], pattern: [0.25, 0.15, 0.25, 2.5], gain: 0.06 },
};

type ContextWithSink = AudioContext & { setSinkId?: (sinkId: string) => Promise<void> };

/**
 * A ringtone synthesised with Web Audio, so no audio file ships and nothing
 * is fetched. The context is opened by prepare() inside the sign-in click:
 * autoplay rules let a context made in a user gesture sound, and opening one
 * costs tens of milliseconds that must not fall between an INVITE and the
 * ringing call appearing on screen.
 */
export class WebAudioRinger implements Ringer {
  private context: ContextWithSink | null = null;
  private stopCurrent: (() => void) | null = null;
  private playing: Ringtone | null = null;
  private speakerId: string | null = null;

  prepare(): void {
    if (typeof AudioContext === "undefined") return;
    this.context ??= new AudioContext() as ContextWithSink;
  }

  ring(tone: Ringtone): void {
    if (tone === this.playing) return;
    this.silence();
    if (tone === "none" || typeof AudioContext === "undefined") return;
    const context = (this.context ??= new AudioContext() as ContextWithSink);
    void context.resume().catch(() => undefined);
    void context.setSinkId?.(this.speakerId ?? "").catch(() => undefined);
    this.stopCurrent = this.schedule(context, CADENCES[tone]);
    this.playing = tone;
  }

  silence(): void {
    this.stopCurrent?.();
    this.stopCurrent = null;
    this.playing = null;
  }

  setSpeaker(deviceId: string | null): void {
    this.speakerId = deviceId;
    void this.context?.setSinkId?.(deviceId ?? "").catch(() => undefined);
  }

  private schedule(context: AudioContext, cadence: Cadence): () => void {
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(context.destination);
    const oscillators = cadence.frequencies.map((frequency) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start();
      return oscillator;
    });
    const period = cadence.pattern.reduce((sum, seconds) => sum + seconds, 0);
    // Schedules one period ahead at a time, so stopping never leaves minutes of queued tone.
    const plan = (start: number) => {
      let at = start;
      cadence.pattern.forEach((seconds, index) => {
        gain.gain.setValueAtTime(index % 2 === 0 ? cadence.gain : 0, at);
        at += seconds;
      });
    };
    let next = context.currentTime;
    plan(next);
    const timer = setInterval(() => {
      next += period;
      plan(next);
    }, period * 1000);
    return () => {
      clearInterval(timer);
      gain.gain.cancelScheduledValues(context.currentTime);
      gain.gain.value = 0;
      oscillators.forEach((oscillator) => oscillator.stop());
      gain.disconnect();
    };
  }
}

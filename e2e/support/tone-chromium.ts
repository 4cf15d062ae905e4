import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";

/** A Chromium whose fake microphone plays one known tone: what its phone sends can be told from anyone else's. */
export interface ToneChromium {
  readonly browser: Browser;
  readonly hz: number;
  close(): Promise<void>;
}

const SAMPLE_RATE = 48_000;
const SECONDS = 4;

/**
 * A mono 16-bit PCM WAV of a pure sine at `hz`. A whole number of periods fits in the file, so Chromium's
 * looping of it (the fake capture device restarts the file at its end) adds no click at the seam.
 */
export function sineWav(hz: number): Buffer {
  if (!Number.isInteger(hz) || hz <= 0 || hz >= SAMPLE_RATE / 2) throw new RangeError(`not a usable tone: ${hz} Hz`);
  const samples = SAMPLE_RATE * SECONDS;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    // Half scale: loud enough to stand out after Opus, far from clipping.
    data.writeInt16LE(Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE)), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // PCM format chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * Chromium reads `--use-file-for-fake-audio-capture` once per browser process, so each party that needs its
 * own voice gets its own browser; pages and contexts inside it all send that tone.
 */
export async function launchToneChromium(hz: number): Promise<ToneChromium> {
  const dir = mkdtempSync(join(tmpdir(), "handoff-tone-"));
  const wav = join(dir, `${hz}hz.wav`);
  writeFileSync(wav, sineWav(hz));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}`],
  });
  return {
    browser,
    hz,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

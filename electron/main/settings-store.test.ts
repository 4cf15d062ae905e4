import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "./logger";
import { DEFAULT_SETTINGS, SettingsStore } from "./settings-store";
import { settings, TOKEN } from "./test-support/fixtures";

let dir: string;
let warnings: string[];
const log: Logger = { info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "handoff-settings-"));
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("SettingsStore", () => {
  it("starts from the defaults, which the contract accepts", async () => {
    expect(await new SettingsStore(dir, log).load()).toEqual(DEFAULT_SETTINGS);
  });

  it("saves and loads back what the contract accepts", async () => {
    const store = new SettingsStore(dir, log);
    const chosen = settings({ microphoneId: "mic-2", ringtone: "none" });
    expect(await store.save(chosen)).toEqual(chosen);
    expect(await new SettingsStore(dir, log).load()).toEqual(chosen);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });

  it("refuses to save settings the contract rejects, and keeps the file as it was", async () => {
    const store = new SettingsStore(dir, log);
    await store.save(settings());
    const before = await readFile(store.path, "utf8");
    await expect(store.save({ ...settings(), token: TOKEN })).rejects.toThrow();
    await expect(store.save(settings({ ringtone: "loud" as never }))).rejects.toThrow();
    await expect(store.save(settings({ microphoneId: "mic\r\n" }))).rejects.toThrow();
    expect(await readFile(store.path, "utf8")).toBe(before);
    expect(before).not.toContain(TOKEN);
  });

  it("falls back to the defaults, with a warning, on a corrupt or tampered file", async () => {
    for (const content of ["{not json", JSON.stringify({ ...settings(), token: TOKEN }), JSON.stringify({ ...settings(), ringtone: 3 }), "[]"]) {
      await writeFile(join(dir, "settings.json"), content);
      expect(await new SettingsStore(dir, log).load(), content).toEqual(DEFAULT_SETTINGS);
    }
    expect(warnings).toHaveLength(4);
  });

  it("fills a shortcut added since the file was saved from the defaults", async () => {
    const older = Object.fromEntries(Object.entries(settings().shortcuts).filter(([action]) => action !== "help"));
    await writeFile(join(dir, "settings.json"), JSON.stringify({ ...settings(), shortcuts: older }));
    const loaded = await new SettingsStore(dir, log).load();
    expect(loaded.shortcuts.help).toBe(DEFAULT_SETTINGS.shortcuts.help);
    expect(loaded.shortcuts.answer).toBe(settings().shortcuts.answer);
  });
});

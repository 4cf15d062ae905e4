import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createBridgeHandlers } from "./bridge-handlers";
import { silentLogger } from "./logger";
import { SettingsStore } from "./settings-store";
import { GlobalShortcuts } from "./shortcuts";
import { settings } from "./test-support/fixtures";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "handoff-bridge-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("saveSettings", () => {
  function setup(takenByOthers: string[]) {
    const held = new Set<string>();
    const shortcuts = new GlobalShortcuts({ register: (key) => !takenByOthers.includes(key) && !held.has(key) && Boolean(held.add(key)), unregister: (key) => void held.delete(key) }, () => undefined, silentLogger);
    const store = new SettingsStore(dir, silentLogger);
    const notCalled = () => Promise.reject(new Error("not used"));
    const api = {
      directory: notCalled,
      availableAgents: notCalled,
      trunks: notCalled,
      setStatus: notCalled,
      executeTransfer: notCalled,
      completeTransfer: notCalled,
      cancelTransfer: notCalled,
      callHistory: notCalled,
      queueSettings: notCalled,
      queueFigures: notCalled,
      queueState: notCalled,
      joinQueues: notCalled,
      leaveQueues: notCalled,
      pause: notCalled,
      endPause: notCalled,
      setDisposition: notCalled,
      board: notCalled,
      supervisorAudit: notCalled,
      signAgentOut: notCalled,
      endAgentPause: notCalled,
      startMonitoring: notCalled,
      changeMonitoringMode: notCalled,
      stopMonitoring: notCalled,
      monitoringSessions: notCalled,
      mergeConference: notCalled,
      leaveConference: notCalled,
      dropFromConference: notCalled,
      endConference: notCalled,
    };
    const handlers = createBridgeHandlers({ session: { signIn: notCalled, signOut: notCalled, currentSession: notCalled }, api, settings: store, shortcuts });
    return { handlers, store, held };
  }

  it("re-registers the global shortcuts and stores the new settings", async () => {
    const { handlers, held } = setup([]);
    const next = settings({ shortcuts: { ...settings().shortcuts, answer: "F9" } });
    expect(await handlers.saveSettings(next)).toEqual(next);
    expect(held.has("F9")).toBe(true);
    expect((await new SettingsStore(dir, silentLogger).load()).shortcuts.answer).toBe("F9");
  });

  it("refuses a shortcut another app holds: nothing saved, old keys kept", async () => {
    const { handlers, held } = setup(["F9"]);
    await handlers.saveSettings(settings());
    await expect(handlers.saveSettings(settings({ shortcuts: { ...settings().shortcuts, answer: "F9" } }))).rejects.toThrow("F9 (answer) is already used by another application");
    expect((await new SettingsStore(dir, silentLogger).load()).shortcuts.answer).toBe(settings().shortcuts.answer);
    expect(held.has(settings().shortcuts.answer)).toBe(true);
  });
});

import type { HandoffBridge } from "@handoff/contract";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eventChannels, invokeChannels } from "../main/ipc-channels";

/** contextBridge and ipcRenderer as the sandboxed preload sees them. */
const electron = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const exposed = new Map<string, unknown>();
  const invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>();
  return {
    exposed,
    listeners,
    invoke,
    emit(channel: string, ...args: unknown[]) {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: "ipc-renderer-internals", ports: [] }, ...args);
    },
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke,
        on: (channel: string, listener: Listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
        removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
      },
    },
  };
});
vi.mock("electron", () => electron.module);

let api: HandoffBridge;
beforeAll(async () => {
  await import("./preload");
  api = electron.exposed.get("handoff") as HandoffBridge;
});
beforeEach(() => electron.invoke.mockReset());

describe("preload", () => {
  it("exposes exactly one object, window.handoff, of kind desktop", () => {
    expect([...electron.exposed.keys()]).toEqual(["handoff"]);
    expect(api.kind).toBe("desktop");
  });

  it("offers every bridge method and nothing generic", () => {
    const expected = ["kind", ...Object.keys(invokeChannels), ...Object.keys(eventChannels)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const forbidden of ["invoke", "send", "on", "ipcRenderer", "require"]) expect(api).not.toHaveProperty(forbidden);
  });

  it("invokes each method on its own channel and unwraps the reply", async () => {
    electron.invoke.mockResolvedValue({ ok: true, value: [{ id: "agent-bob" }] });
    expect(await api.availableAgents("bo")).toEqual([{ id: "agent-bob" }]);
    expect(electron.invoke).toHaveBeenCalledWith("handoff:availableAgents", "bo");
    await api.directory();
    expect(electron.invoke).toHaveBeenLastCalledWith("handoff:directory");
    await api.completeTransfer("t-1");
    expect(electron.invoke).toHaveBeenLastCalledWith("handoff:completeTransfer", "t-1");
  });

  it("rejects with main's message as is", async () => {
    electron.invoke.mockResolvedValue({ ok: false, error: { message: "Wrong username or password." } });
    await expect(api.signIn({ serverUrl: "http://a.test", username: "a", password: "b", remember: false })).rejects.toThrow(/^Wrong username or password\.$/);
  });

  it("passes listeners the payload only, never the IPC event, and unsubscribes", () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onShortcut((...args: unknown[]) => received.push(args));
    electron.emit(eventChannels.onShortcut, "answer");
    expect(received).toEqual([["answer"]]);
    unsubscribe();
    electron.emit(eventChannels.onShortcut, "hangup");
    expect(received).toEqual([["answer"]]);
    expect(electron.listeners.get(eventChannels.onShortcut)?.size).toBe(0);
  });

  it("keeps separate listeners separate", () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onRealtimeState((state) => a.push(state));
    api.onRealtimeState((state) => b.push(state));
    offA();
    electron.emit(eventChannels.onRealtimeState, "connected");
    expect(a).toEqual([]);
    expect(b).toEqual(["connected"]);
  });
});

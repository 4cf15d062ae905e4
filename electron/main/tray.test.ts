import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { presenceIconPng, type TrayPresence } from "./presence-icon";
import { PresenceTray } from "./tray";

function fakeTray() {
  const shown = { image: "" as TrayPresence | "", tooltip: "" };
  return { shown, tray: { setImage: (image: TrayPresence) => (shown.image = image), setToolTip: (text: string) => (shown.tooltip = text) } };
}

describe("PresenceTray", () => {
  it("shows signed out until an agent signs in", () => {
    const { shown, tray } = fakeTray();
    new PresenceTray(tray, (presence) => presence);
    expect(shown).toEqual({ image: "signedOut", tooltip: "Handoff — signed out" });
  });

  it("follows the agent's presence while connected", () => {
    const { shown, tray } = fakeTray();
    const subject = new PresenceTray(tray, (presence) => presence);
    subject.update({ agentName: "Alice Martin", connected: true, presence: "busy" });
    expect(shown).toEqual({ image: "busy", tooltip: "Handoff — Alice Martin: On a call" });
    subject.update({ presence: "available" });
    expect(shown).toEqual({ image: "available", tooltip: "Handoff — Alice Martin: Available" });
  });

  it("says when presence is stale because the server is unreachable", () => {
    const { shown, tray } = fakeTray();
    const subject = new PresenceTray(tray, (presence) => presence);
    subject.update({ agentName: "Alice Martin", connected: true, presence: "available" });
    subject.update({ connected: false });
    expect(shown).toEqual({ image: "offline", tooltip: "Handoff — Alice Martin: no connection to the server" });
  });

  it("forgets presence on sign-out", () => {
    const { shown, tray } = fakeTray();
    const subject = new PresenceTray(tray, (presence) => presence);
    subject.update({ agentName: "Alice Martin", connected: true, presence: "available" });
    subject.update({ agentName: null });
    subject.update({ agentName: "Bob" });
    expect(shown.image).toBe("offline");
  });
});

describe("presenceIconPng", () => {
  function pixels(png: Buffer, size: number): Buffer {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(size);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString("ascii")).toBe("IDAT");
    return inflateSync(png.subarray(41, 41 + idatLength));
  }

  it("draws a PNG dot of the presence colour with a transparent corner", () => {
    const raw = pixels(presenceIconPng("available", 16), 16);
    expect(raw).toHaveLength(16 * (1 + 16 * 4));
    const at = (x: number, y: number) => [...raw.subarray(y * 65 + 1 + x * 4, y * 65 + 1 + x * 4 + 4)];
    expect(at(8, 8)).toEqual([46, 125, 50, 255]);
    expect(at(0, 0)[3]).toBe(0);
    expect(at(8, 8)).not.toEqual([...pixels(presenceIconPng("busy", 16), 16).subarray(8 * 65 + 1 + 32, 8 * 65 + 1 + 36)]);
  });
});

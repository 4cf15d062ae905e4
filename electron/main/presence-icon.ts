import { crc32, deflateSync } from "node:zlib";
import type { Presence } from "@handoff/contract";

/**
 * Tray icons drawn in code (a coloured dot per presence) so the tray needs no
 * image files in the asar. Returns PNG bytes for nativeImage.createFromBuffer.
 */

export type TrayPresence = Presence | "signedOut";

const COLORS: Record<TrayPresence, readonly [number, number, number]> = {
  available: [46, 125, 50],
  ringing: [249, 168, 37],
  busy: [198, 40, 40],
  away: [239, 108, 0],
  offline: [117, 117, 117],
  signedOut: [117, 117, 117],
};

export function presenceIconPng(presence: TrayPresence, size = 16): Buffer {
  const [red, green, blue] = COLORS[presence];
  const center = (size - 1) / 2;
  const radius = size / 2 - 1;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // first byte: PNG filter "none"
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - center, y - center);
      // Signed out is a ring: the agent sees at a glance that no presence is shown.
      const inside = presence === "signedOut" ? Math.abs(distance - radius + 1) <= 1 : distance <= radius;
      const edge = Math.max(0, Math.min(1, radius + 0.5 - distance));
      const alpha = inside ? 255 : Math.round(255 * (presence === "signedOut" ? 0 : edge));
      row.set([red, green, blue, alpha], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

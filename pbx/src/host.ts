import { networkInterfaces } from "node:os";
import type { HostFacts } from "./config/input";

export function readHostFacts(): HostFacts {
  const addresses = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === "IPv4" && !entry.internal) addresses.add(entry.address);
    }
  }
  return { ipv4Addresses: [...addresses].sort() };
}

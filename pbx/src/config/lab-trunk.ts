import type { Trunk } from "@handoff/dialplan";

/**
 * The local PBX's one trunk: to a second, independent PBX in its own network namespace (pbx/src/remote-site.ts),
 * joined to this machine by a veth pair. Nothing answers there unless a test builds that site; until then a
 * transfer to it fails like any unreachable trunk (the caller is recalled).
 */
export const REMOTE_SITE = {
  /** This machine's end of the veth: where the remote PBX sends SIP and RTP (delivered to 127.0.0.1). */
  hostAddress: "10.213.78.1",
  /** The remote PBX's own address, inside its namespace. */
  remoteAddress: "10.213.78.2",
  sipPort: 5060,
} as const;

/** The non-WebSocket SIP transport trunks use: loopback, seen from the veth as REMOTE_SITE.hostAddress. */
export const TRUNK_TRANSPORT = "handoff-trunk-udp";

/** The user the remote PBX knows this one by; its password is the install's trunkSecret (var/pbx/secrets.json). */
export const LAB_TRUNK_USER = "handoff";

export function labTrunk(password: string): Trunk {
  return {
    name: "lab",
    label: "Lab PBX",
    host: REMOTE_SITE.remoteAddress,
    port: REMOTE_SITE.sipPort,
    transport: "udp",
    prefix: "8",
    auth: { username: LAB_TRUNK_USER, password },
    pjsipTransport: TRUNK_TRANSPORT,
  };
}

/** The trunk as the server is told of it (HANDOFF_TRUNKS): it needs no password, only the name, label and prefix. */
export function labTrunkForServer(): string {
  const { name, label, host, port, transport, prefix } = labTrunk("");
  return JSON.stringify([{ name, label, host, port, transport, prefix }]);
}

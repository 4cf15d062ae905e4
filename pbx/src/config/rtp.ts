import { renderConf } from "./conf-file";
import type { ConfLine } from "./conf-file";
import { PBX_ADDRESSES } from "./input";
import type { HostFacts } from "./input";

/**
 * Media is bound to 127.0.0.1, yet Asterisk still offers the machine's other addresses as ICE host
 * candidates, which the browser cannot reach. Mapping each of them to 127.0.0.1 leaves loopback as the
 * only candidate; ice_deny/ice_permit alone would leave none and ICE would fail.
 */
export function renderRtpConf(host: HostFacts): string {
  const mappings: ConfLine[] = host.ipv4Addresses.map((address) => [address, "127.0.0.1", "=>"] as const);
  return renderConf("rtp.ts", [
    {
      name: "general",
      lines: [
        ["rtpstart", PBX_ADDRESSES.rtpStart],
        ["rtpend", PBX_ADDRESSES.rtpEnd],
        ["icesupport", true],
      ],
    },
    {
      name: "ice_host_candidates",
      lines: mappings.length > 0 ? mappings : [{ comment: "this machine has no non-loopback IPv4 address: nothing to map" }],
    },
  ]);
}

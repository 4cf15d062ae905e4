import { describe, expect, it } from "vitest";
import { readConf, value } from "./read-conf";
import { renderRtpConf } from "./rtp";

describe("rtp.conf", () => {
  it("maps each non-loopback address to 127.0.0.1 as ICE host candidate", () => {
    const sections = readConf(renderRtpConf({ ipv4Addresses: ["10.1.2.3", "192.0.2.7"] }));
    expect(sections.find((s) => s.name === "ice_host_candidates")?.entries).toEqual([
      ["10.1.2.3", "127.0.0.1"],
      ["192.0.2.7", "127.0.0.1"],
    ]);
  });

  it("never uses ice_deny/ice_permit, which would leave no candidate", () => {
    const text = renderRtpConf({ ipv4Addresses: ["10.1.2.3"] });
    expect(text).not.toMatch(/ice_(deny|permit)/);
  });

  it("keeps an RTP port range and a valid file without other addresses", () => {
    const sections = readConf(renderRtpConf({ ipv4Addresses: [] }));
    const general = sections.find((s) => s.name === "general");
    expect(Number(value(general, "rtpstart"))).toBeLessThan(Number(value(general, "rtpend")));
    expect(sections.find((s) => s.name === "ice_host_candidates")?.entries).toEqual([]);
  });
});

import { DEFAULT_DIAL_POLICY } from "@handoff/dialplan";
import { describe, expect, it } from "vitest";
import type { DirectoryAgent, PresenceDirectory } from "../pbx/presence";
import { resolveTarget } from "./targets";

const requester = { id: "a1", extension: "1001" } as DirectoryAgent;
const directory = {} as PresenceDirectory;
const external = (value: string) => () => resolveTarget({ kind: "external", value }, requester, directory, { queues: new Map(), trunks: [] }, DEFAULT_DIAL_POLICY);

describe("external targets and the dial policy", () => {
  it("resolves an allowed number to itself", () => {
    expect(external("+33612345678")()).toMatchObject({ exten: "+33612345678", label: "+33612345678", agentId: null, queue: null });
    expect(external("0612345678")()).toMatchObject({ exten: "0612345678" });
  });

  it("refuses a blocked, overlong or unlisted number as unprocessable, with a message naming the rule", () => {
    for (const [value, rule] of [["+8816123456", "blocked-prefix"], ["0900123456", "blocked-prefix"], ["+3361234567890123", "max-length"], ["+861012345678", "not-allowed-prefix"]] as const) {
      expect(external(value), value).toThrow(expect.objectContaining({ kind: "unprocessable", message: expect.stringContaining(`rule ${rule}`) }));
    }
  });
});

describe("remote targets", () => {
  const trunks = [{ name: "fusion", label: "Head office", prefix: "9" }];
  const remote = (trunk: string, value = "2001") => () => resolveTarget({ kind: "remote", trunk, value }, requester, directory, { queues: new Map(), trunks }, DEFAULT_DIAL_POLICY);

  it("dials the trunk's prefix and the extension, labelled with the trunk", () => {
    expect(remote("fusion")()).toMatchObject({ kind: "remote", trunk: "fusion", value: "2001", exten: "92001", label: "2001 on Head office", agentId: null, queue: null });
  });

  it("refuses an unknown trunk as unprocessable, naming the ones there are", () => {
    expect(remote("lab")).toThrow(expect.objectContaining({ kind: "unprocessable", message: 'There is no trunk "lab". Pick one of "fusion".' }));
  });
});

import { describe, expect, it } from "vitest";
import { targetOptions } from "./target-options";

describe("remote targets in the transfer dialog", () => {
  const trunks = [{ name: "lab", label: "Lab PBX" }, { name: "fusion", label: "Head office" }];

  it("offers the typed extension on each trunk, labelled with the PBX", () => {
    expect(targetOptions("remote", " 20-01 ", [], [], trunks).map((o) => [o.target, o.primary])).toEqual([
      [{ kind: "remote", trunk: "lab", value: "2001" }, "2001 on Lab PBX"],
      [{ kind: "remote", trunk: "fusion", value: "2001" }, "2001 on Head office"],
    ]);
  });

  it("offers nothing for what is not an extension, or without trunks", () => {
    expect(targetOptions("remote", "bob", [], [], trunks)).toEqual([]);
    expect(targetOptions("remote", "2001", [], [], [])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { normalizeServerUrl } from "../src/server-url";

describe("normalizeServerUrl", () => {
  it("normalizes what the agent types, keeping a mount path", () => {
    expect(normalizeServerUrl(" http://server:8080/ ")).toBe("http://server:8080");
    expect(normalizeServerUrl("https://host/handoff/")).toBe("https://host/handoff");
  });

  it("refuses what is not an http(s) address, as invalid_request", () => {
    expect(() => normalizeServerUrl("ftp://host")).toThrow(/is not a server address/);
    expect(() => normalizeServerUrl("nonsense")).toThrow(expect.objectContaining({ code: "invalid_request" }));
  });
});

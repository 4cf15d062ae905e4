// @vitest-environment jsdom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBridge, SELF } from "../test-support/fake-bridge";
import { renderApp } from "../test-support/render-app";
import { SidePanel } from "./SidePanel";

afterEach(cleanup);

describe("side panel", () => {
  it("has a Board tab for a supervisor only", async () => {
    await renderApp(<SidePanel />);
    expect(screen.queryByRole("tab", { name: "Board" })).toBeNull();
    cleanup();
    const bridge = new FakeBridge();
    bridge.signIn = async (request) => (bridge.session = { serverUrl: request.serverUrl, agent: { ...SELF, role: "supervisor" }, sip: null });
    await renderApp(<SidePanel />, bridge);
    expect(screen.getByRole("tab", { name: "Board" })).toBeTruthy();
  });
});

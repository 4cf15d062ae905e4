// @vitest-environment jsdom
import { act, cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { FakeBridge, monitoringSessionOf } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { AppShortcuts } from "../shortcuts/AppShortcuts";
import { MonitoringNoticeBanner } from "./MonitoringNoticeBanner";
import { MonitoringPanel } from "./MonitoringPanel";

afterEach(cleanup);

function Both() {
  return (
    <>
      <AppShortcuts />
      <MonitoringPanel />
      <MonitoringNoticeBanner />
    </>
  );
}

describe("monitoring in the app", () => {
  it("starting dials what the server names from the supervisor's own phone; the panel switches mode by keyboard and stops", async () => {
    const bridge = new FakeBridge();
    const { store, phone } = await renderApp(<Both />, bridge);
    expect(screen.queryByRole("region", { name: "Monitoring" })).toBeNull();
    await act(() => store.getState().startMonitoring("00000000-0000-4000-8000-000000000002", "listen"));
    expect(bridge.calledWith("startMonitoring")).toEqual([[{ agentId: "00000000-0000-4000-8000-000000000002", mode: "listen" }]]);
    expect(phone.requests).toContainEqual({ method: "dial", args: ["*85"] });
    act(() => bridge.emitMonitoringUpdated(monitoringSessionOf({ status: "active" })));
    const panel = screen.getByRole("region", { name: "Monitoring" });
    expect(panel.getAttribute("data-status")).toBe("active");
    expect(screen.getByRole("group", { name: "Monitoring mode" })).toBeTruthy();

    const user = userEvent.setup();
    await user.keyboard("{Shift>}W{/Shift}");
    expect(bridge.calledWith("changeMonitoringMode")).toEqual([[{ sessionId: monitoringSessionOf({}).id, mode: "whisper" }]]);
    expect(panel.getAttribute("data-mode")).toBe("whisper");
    await user.click(screen.getByRole("button", { name: "Barge" }));
    expect(panel.getAttribute("data-mode")).toBe("barge");
    await user.keyboard("{Shift>}X{/Shift}");
    expect(bridge.calledWith("stopMonitoring")).toEqual([[monitoringSessionOf({}).id]]);
    expect(screen.queryByRole("region", { name: "Monitoring" })).toBeNull();
  });

  it("another supervisor's session is not this one's panel; the agent's notice shows and clears", async () => {
    const bridge = new FakeBridge();
    await renderApp(<Both />, bridge);
    act(() => bridge.emitMonitoringUpdated(monitoringSessionOf({ supervisor: { agentId: "someone-else", name: "Other", extension: "1009" } })));
    expect(screen.queryByRole("region", { name: "Monitoring" })).toBeNull();
    act(() => bridge.emitMonitoringNotice({ sessionId: "s1", supervisorName: "Sam Lindqvist", mode: "whisper" }));
    expect(screen.getByRole("status", { name: "Supervisor on this call" }).textContent).toBe("Sam Lindqvist is coaching you (the caller cannot hear them)");
    act(() => bridge.emitMonitoringNotice({ sessionId: "s1", supervisorName: "Sam Lindqvist", mode: null }));
    expect(screen.queryByRole("status", { name: "Supervisor on this call" })).toBeNull();
  });
});

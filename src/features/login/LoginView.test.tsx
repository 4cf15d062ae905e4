// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../app/App";
import { loadAllViews } from "../../app/lazy-views";
import { ApiError, HandoffClient } from "@handoff/client";
import { io } from "socket.io-client";
import { WebBridge } from "../../bridge/web-bridge";
import { connectBridge } from "../../store/connect-bridge";
import { createAppStore } from "../../store/create-app-store";
import { FakeBridge } from "../../test-support/fake-bridge";
import { FakePhone } from "../../test-support/fake-phone";
import { FakeServer, MemoryStorage } from "../../test-support/fake-server";

afterEach(cleanup);

async function start(bridge: FakeBridge | WebBridge) {
  const store = createAppStore({ bridge, createPhone: (reporter) => new FakePhone(reporter) });
  connectBridge(bridge, store);
  await loadAllViews();
  await act(async () => {
    render(<App store={store} webMode subscribeGlobalShortcuts={(listener) => bridge.onShortcut(listener)} />);
    await store.getState().restoreSession("http://127.0.0.1:5173");
  });
  return store;
}

describe("login", () => {
  it("prefills the server, signs in with what was typed, and shows the workspace", async () => {
    const user = userEvent.setup();
    const bridge = new FakeBridge();
    await start(bridge);
    expect(screen.getByLabelText("Server")).toHaveProperty("value", "http://127.0.0.1:5173");
    await user.type(screen.getByLabelText("Username"), "sam");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("checkbox", { name: "Remember me" }));
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(bridge.calledWith("signIn")).toEqual([[{ serverUrl: "http://127.0.0.1:5173", username: "sam", password: "secret", remember: true }]]);
    expect(await screen.findByRole("region", { name: "Current call" })).toBeTruthy();
    expect(screen.getByRole("status", { name: "Registration" })).toBeTruthy();
  });

  it("shows the server's own words when sign-in fails", async () => {
    const user = userEvent.setup();
    const bridge = new FakeBridge();
    bridge.signInError = new ApiError("unauthenticated", "Wrong username or password.", 401);
    await start(bridge);
    await user.type(screen.getByLabelText("Username"), "sam");
    await user.type(screen.getByLabelText("Password"), "nope{Enter}");
    expect((await screen.findByRole("alert")).textContent).toContain("Wrong username or password.");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("refuses a plain http:// server off this computer on the sign-in screen, saying why, and sends nothing", async () => {
    const user = userEvent.setup();
    const server = new FakeServer();
    const client = new HandoffClient({ transport: { name: "browser", http: { adapter: server.adapter }, connect: io }, realtime: false, log: { info: () => undefined, warn: () => undefined } });
    await start(new WebBridge({ storage: new MemoryStorage(), client }));
    await user.clear(screen.getByLabelText("Server"));
    await user.type(screen.getByLabelText("Server"), "http://phones.example.com:8080");
    await user.type(screen.getByLabelText("Username"), "sam");
    await user.type(screen.getByLabelText("Password"), "secret{Enter}");
    const alert = (await screen.findByRole("alert")).textContent ?? "";
    expect(alert).toContain("Handoff will not sign in to http://phones.example.com:8080");
    expect(alert).toMatch(/not encrypted.*https:\/\//);
    expect(server.requests).toEqual([]);
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("goes straight to the workspace with a remembered session", async () => {
    const bridge = new FakeBridge();
    bridge.session = { serverUrl: "http://server.test", agent: { id: "a-1", name: "Sam", username: "sam", extension: "1006", role: "agent" }, sip: null };
    await start(bridge);
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    expect(screen.getByRole("region", { name: "Current call" })).toBeTruthy();
  });
});

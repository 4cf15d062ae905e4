// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { connectBridge } from "../store/connect-bridge";
import { createAppStore } from "../store/create-app-store";
import { FakeBridge } from "../test-support/fake-bridge";
import { FakePhone } from "../test-support/fake-phone";
import { App } from "./App";

afterEach(cleanup);

// Nothing loaded ahead here: the screens arrive as the chunks they are in the build.
describe("screens in chunks of their own", () => {
  it("shows the start spinner, then the sign-in form once its chunk has loaded", async () => {
    const bridge = new FakeBridge();
    const store = createAppStore({ bridge, createPhone: (reporter) => new FakePhone(reporter) });
    connectBridge(bridge, store);
    render(<App store={store} webMode subscribeGlobalShortcuts={bridge.onShortcut} />);
    expect(screen.getByRole("progressbar", { name: "Starting" })).toBeTruthy();
    await act(() => store.getState().restoreSession("http://127.0.0.1:5173"));
    expect(await screen.findByLabelText("Username")).toBeTruthy();
  });
});

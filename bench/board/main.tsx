import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { config as zodConfig } from "zod";
import { theme } from "../../src/app/theme";
import { WebBridge } from "../../src/bridge/web-bridge";
import { SupervisorBoard } from "../../src/features/board/SupervisorBoard";
import { ShortcutsProvider } from "../../src/features/shortcuts/ShortcutsProvider";
import { connectBridge } from "../../src/store/connect-bridge";
import { createAppStore } from "../../src/store/create-app-store";
import { StoreProvider } from "../../src/store/react";
import { FakePhone } from "../../src/test-support/fake-phone";
import { installBoardProbe } from "./probe";

/**
 * The supervisor's board as the app draws it: the real web bridge and API client (events over socket.io,
 * validated against the contract), the real store and the real component, signed in to the benchmark's
 * server as a supervisor. `?virtualized=0` draws every row (the baseline). No phone: a supervisor without one.
 */
zodConfig({ jitless: true });
const virtualized = new URLSearchParams(window.location.search).get("virtualized") !== "0";
const bridge = new WebBridge({ storage: null });
const store = createAppStore({ bridge, createPhone: (reporter) => new FakePhone(reporter) });
connectBridge(bridge, store);
installBoardProbe();

void store
  .getState()
  .restoreSession(window.location.origin)
  .then(() => store.getState().signIn({ serverUrl: window.location.origin, username: "sue", password: "bench", remember: false }))
  .then(() => {
    const { agent, sessionError } = store.getState();
    if (agent === null) throw new Error(`the benchmark's sign-in failed: ${sessionError ?? "no reason"}`);
    const container = document.getElementById("root");
    if (container === null) throw new Error("no #root");
    createRoot(container).render(
      <StrictMode>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          <StoreProvider store={store}>
            <ShortcutsProvider>
              <SupervisorBoard virtualized={virtualized} />
            </ShortcutsProvider>
          </StoreProvider>
        </ThemeProvider>
      </StrictMode>,
    );
  });

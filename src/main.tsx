import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { config as zodConfig } from "zod";
import { App } from "./app/App";
import { createStyleCache } from "./app/style-cache";
import { getBridge } from "./bridge/get-bridge";
import { defaultServerUrl } from "./bridge/server-url";
import { connectBridge } from "./store/connect-bridge";
import { createAppStore } from "./store/create-app-store";
import { WebAudioRinger } from "./telephony/ringer";
import { SipEngine } from "./telephony/sip-engine";

// The contract's schemas parse without generated code: the desktop CSP has no 'unsafe-eval',
// and zod's probe for it would log a policy violation on every start.
zodConfig({ jitless: true });

// Services are made once, outside React; components reach them only through store actions.
const bridge = getBridge();
const store = createAppStore({ bridge, ringer: new WebAudioRinger(), createPhone: (reporter) => new SipEngine(reporter) });
connectBridge(bridge, store);
void store.getState().restoreSession(defaultServerUrl(window.location));

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element.");
const subscribeGlobalShortcuts = bridge.onShortcut.bind(bridge);
createRoot(container).render(
  <StrictMode>
    <App store={store} webMode={bridge.kind === "web"} subscribeGlobalShortcuts={subscribeGlobalShortcuts} styleCache={createStyleCache()} />
  </StrictMode>,
);

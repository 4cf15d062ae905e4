// First: its module sends the remembered sign-in's resume before the modules below are evaluated.
import { earlyResume } from "./bridge/early-resume-start";
import { config as zodConfig } from "zod";
import { getBridge } from "./bridge/get-bridge";
import { defaultServerUrl } from "./bridge/server-url";
import { connectBridge } from "./store/connect-bridge";
import { createAppStore } from "./store/create-app-store";
import { LazyPhone } from "./telephony/lazy-phone";
import { WebAudioRinger } from "./telephony/ringer";

// The contract's schemas parse without generated code: the desktop CSP has no 'unsafe-eval',
// and zod's probe for it would log a policy violation on every start.
zodConfig({ jitless: true });

// Services are made once, outside React; components reach them only through store actions.
// This entry holds only them: the remembered session is asked for before React, MUI or SIP.js
// are even parsed, and those load beside that request (the phone starts once both are there).
// index.html preloads those chunks (vite.config.ts), so they are fetched while this one runs.
const bridge = getBridge(window, earlyResume);
const store = createAppStore({ bridge, ringer: new WebAudioRinger(), createPhone: (reporter) => new LazyPhone(import("./telephony/sip-engine").then(({ SipEngine }) => new SipEngine(reporter))) });
connectBridge(bridge, store);
void store.getState().restoreSession(defaultServerUrl(window.location));

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element.");
const subscribeGlobalShortcuts = bridge.onShortcut.bind(bridge);
void import("./app/mount").then(({ mount }) => mount(container, { store, webMode: bridge.kind === "web", subscribeGlobalShortcuts }));

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { forwardToBridge, HandoffClient, nodeTransport } from "@handoff/client";
import type { Session } from "@handoff/contract";
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu, nativeImage, Notification, protocol, safeStorage, session as sessions, shell, Tray } from "electron";
import { AgentSession } from "./agent-session";
import { HANDOFF_APP } from "./app-origin";
import { createAppProtocolHandler } from "./app-protocol";
import { createBridgeHandlers } from "./bridge-handlers";
import { installContentSecurityPolicy, SessionContentSecurityPolicy } from "./content-security-policy";
import { CredentialVault } from "./credential-vault";
import { IncomingCallNotifier } from "./incoming-call-notification";
import { registerIpcRouter } from "./ipc-router";
import { consoleLogger } from "./logger";
import { installNavigationPolicy } from "./navigation-policy";
import { createPermissionHandlers } from "./permissions";
import { presenceIconPng } from "./presence-icon";
import { createRendererSend } from "./renderer-events";
import { SettingsStore } from "./settings-store";
import { describeProblems, GlobalShortcuts } from "./shortcuts";
import { claimSingleInstance } from "./single-instance";
import { PresenceTray } from "./tray";
import { windowOptions } from "./window-options";

/**
 * The Electron entry: wires the plain modules of this folder to the real
 * Electron APIs. Logic lives in those modules (tested in Node); this file only
 * connects them, in the order Electron requires.
 */

// Bundled to dist/app/main.js; the renderer and preload are built beside it.
const APP_DIR = import.meta.dirname;
const RENDERER_DIR = join(APP_DIR, "renderer");
const PRELOAD_PATH = join(APP_DIR, "preload.cjs");
/** Hosts whose links open in the agent's browser (e.g. a help site). Everything else is refused. */
const EXTERNAL_LINK_HOSTS: readonly string[] = [];
const log = consoleLogger;

// Before ready: Chromium must know the app scheme as a standard, secure origin
// (secure: getUserMedia needs a secure context). No bypassCSP, no corsEnabled.
protocol.registerSchemesAsPrivileged([{ scheme: HANDOFF_APP.scheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let quitting = false;

if (claimSingleInstance(app, () => focusWindow())) {
  app.whenReady().then(start, fatal).catch(fatal);
}

async function start(): Promise<void> {
  const userData = app.getPath("userData");
  const browserSession = sessions.defaultSession;
  const csp = new SessionContentSecurityPolicy();

  const permissions = createPermissionHandlers(HANDOFF_APP);
  browserSession.setPermissionRequestHandler(permissions.request);
  browserSession.setPermissionCheckHandler(permissions.check);
  browserSession.setDevicePermissionHandler(() => false);
  protocol.handle(
    HANDOFF_APP.scheme,
    createAppProtocolHandler({ app: HANDOFF_APP, rootDir: RENDERER_DIR, readFile: (path) => readFile(path), pagePolicy: (styles) => csp.forDocument(styles), warn: (message) => log.warn(message) }),
  );
  installContentSecurityPolicy(browserSession, HANDOFF_APP, () => csp.fallback());
  app.on("web-contents-created", (_event, contents) => {
    installNavigationPolicy(contents, { app: HANDOFF_APP, externalHosts: EXTERNAL_LINK_HOSTS, openExternal: (url) => shell.openExternal(url), log });
  });

  const settings = new SettingsStore(userData, log);
  const vault = new CredentialVault({ dir: userData, safeStorage, platform: process.platform, log });
  // Assigned just below; the closures only run once it exists.
  let agentSession: AgentSession | null = null;
  const secrets = () => agentSession?.secrets() ?? [];
  const toRenderer = createRendererSend(
    (channel, payload) => {
      if (mainWindow !== null && !mainWindow.webContents.isDestroyed()) mainWindow.webContents.send(channel, payload);
    },
    secrets,
    log,
  );

  const trayIcon = new Tray(trayImage("signedOut"));
  trayIcon.setContextMenu(
    Menu.buildFromTemplate([
      { label: "Show Handoff", click: focusWindow },
      { type: "separator" },
      { label: "Quit Handoff", click: () => app.quit() },
    ]),
  );
  trayIcon.on("click", focusWindow);
  const tray = new PresenceTray(trayIcon, trayImage);
  const notifier = new IncomingCallNotifier({
    create: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    isAppInFront: () => mainWindow !== null && mainWindow.isVisible() && mainWindow.isFocused(),
    focusWindow,
    sendShortcut: (action) => toRenderer("onShortcut", action),
  });
  const shortcuts = new GlobalShortcuts(globalShortcut, (action) => toRenderer("onShortcut", action), log);

  // The one API client (@handoff/client): it holds the token, renews it, keeps the real-time link and ends the session.
  const client = new HandoffClient({ transport: nodeTransport, log });
  forwardToBridge(client, toRenderer);
  client.on("realtime.state", (state) => tray.update({ connected: state === "connected" }));
  client.on("presence.updated", (entry) => {
    if (entry.id === client.session?.agent.id) tray.update({ presence: entry.presence });
  });
  client.on("call.context", (context) => notifier.callRinging(context));
  client.on("transfer.updated", (transfer) => notifier.transferChanged(transfer));

  const sessionChanged = (session: Session | null) => {
    notifier.dismissAll();
    const rejected = csp.setSession(session === null ? null : { serverUrl: session.serverUrl, sipWebSocketUrl: session.sip?.wsServer ?? null });
    for (const url of rejected) log.warn(`${url} cannot be allowed in the page's Content-Security-Policy; the app will not reach it`);
    tray.update({ agentName: session?.agent.name ?? null, presence: null, connected: false });
    if (session === null) return;
    // The tray's first presence; afterwards presence.updated keeps it current.
    client
      .directory()
      .then((entries) => tray.update({ presence: entries.find((entry) => entry.id === session.agent.id)?.presence ?? null }))
      .catch(() => undefined);
  };

  const created = new AgentSession({ client, vault, askPlaintextConsent, onChange: (session) => sessionChanged(session), log });
  agentSession = created;

  const handlers = createBridgeHandlers({ session: created, api: client, settings, shortcuts, onOwnStatus: (result) => tray.update({ presence: result.presence }) });
  registerIpcRouter({
    ipcMain,
    app: HANDOFF_APP,
    secrets,
    log,
    handlers: {
      ...handlers,
      signIn: async (request) => {
        const session = await handlers.signIn(request);
        // A document keeps the CSP it was served with: one reload lets it reach the new server and SIP URL.
        if (csp.needsReload) setTimeout(() => mainWindow?.webContents.reload(), 50);
        return session;
      },
    },
  });

  const problems = shortcuts.registerAvailable((await settings.load()).shortcuts);
  if (problems.length > 0 && Notification.isSupported()) new Notification({ title: "Some Handoff shortcuts are not active", body: describeProblems(problems) }).show();

  try {
    await created.restore();
  } catch (error) {
    log.warn("could not restore the remembered session", { error: String(error) });
  }
  createWindow();
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged }));
  mainWindow = window;
  window.once("ready-to-show", () => window.show());
  // The softphone lives in the page: closing the window hides it so calls still ring.
  window.on("close", (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.on("closed", () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(HANDOFF_APP.pageUrl);
}

function focusWindow(): void {
  if (mainWindow === null) {
    if (app.isReady()) createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function trayImage(presence: Parameters<typeof presenceIconPng>[0]): Electron.NativeImage {
  // Drawn at 32 px, shown at 16 px: crisp on high-density screens.
  return nativeImage.createFromBuffer(presenceIconPng(presence, 32), { scaleFactor: 2 });
}

async function askPlaintextConsent(reason: string): Promise<boolean> {
  const options: Electron.MessageBoxOptions = {
    type: "warning",
    title: "Remember your sign-in?",
    message: "Your session can only be stored unencrypted on this computer.",
    detail: `${reason}\n\nAnyone who can read your files could use your session until it expires. Choose "Don't remember" to sign in again next time.`,
    buttons: ["Don't remember", "Remember without encryption"],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const { response } = mainWindow === null ? await dialog.showMessageBox(options) : await dialog.showMessageBox(mainWindow, options);
  return response === 1;
}

function fatal(error: unknown): void {
  log.error("Handoff could not start", { error: error instanceof Error ? error.stack : String(error) });
  dialog.showErrorBox("Handoff could not start", `${error instanceof Error ? error.message : String(error)}\n\nReinstall Handoff; if that does not help, send this message to your administrator.`);
  app.exit(1);
}

app.on("before-quit", () => {
  quitting = true;
});
app.on("will-quit", () => globalShortcut.unregisterAll());
// macOS: clicking the dock icon brings the window back.
app.on("activate", focusWindow);

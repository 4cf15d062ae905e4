import { createElement, lazy, type ComponentType, type FunctionComponent } from "react";

/**
 * What the first screen does not need, in chunks of their own: the sign-in form (a remembered
 * session never shows it), the signed-in workspace (fetched at start, beside the sign-in), and
 * inside it the tabs, dialogs and keypad an agent opens later. `prefetchLater` fetches those
 * once the workspace is up, so opening one waits for nothing.
 */
interface Chunk<P> {
  /** Loads the chunk (once); afterwards the component renders without suspending. */
  load(): Promise<void>;
  Component: FunctionComponent<P>;
}

function chunk<P extends object>(load: () => Promise<ComponentType<P>>): Chunk<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetch = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const Suspending = lazy(async () => ({ default: await fetch() }));
  // Once loaded (prefetched, or opened before), rendered directly: no Suspense fallback, not even for a frame.
  const Component: FunctionComponent<P> = (props) => createElement((loaded ?? Suspending) as ComponentType<P>, props);
  return { load: () => fetch().then(() => undefined), Component };
}

const login = chunk(async () => (await import("../features/login/LoginView")).LoginView);
const workspace = chunk(async () => (await import("./Workspace")).Workspace);
const history = chunk(async () => (await import("../features/history/HistoryView")).HistoryView);
const settings = chunk(async () => (await import("../features/settings/SettingsView")).SettingsView);
const transfer = chunk(async () => (await import("../features/transfer/TransferDialog")).TransferDialog);
const help = chunk(async () => (await import("../features/shortcuts/ShortcutsHelp")).ShortcutsHelp);
const dialpad = chunk(async () => (await import("../features/dialpad/Dialpad")).Dialpad);

export const LoginView = login.Component;
export const Workspace = workspace.Component;
export const HistoryView = history.Component;
export const SettingsView = settings.Component;
export const TransferDialog = transfer.Component;
export const ShortcutsHelp = help.Component;
export const Dialpad = dialpad.Component;

const later = [transfer, dialpad, history, settings, help];

/** The workspace is where every sign-in ends: its chunk loads while the sign-in is under way. */
export function prefetchWorkspace(): void {
  workspace.load().catch(() => undefined);
}

/** Everything else, when the page is idle after the first screen. */
export function prefetchLater(): void {
  for (const part of later) part.load().catch(() => undefined);
}

/** Every chunk loaded: for component tests, which press keys faster than a chunk arrives. */
export async function loadAllViews(): Promise<void> {
  await Promise.all([login, workspace, ...later].map((part) => part.load()));
}

import { createElement, lazy, useEffect, useState, type ComponentType, type FunctionComponent } from "react";

/**
 * What the first screen (app bar, calls, registration) does not need, in chunks of their own:
 * the sign-in form (a remembered session never shows it), the side panel (directory, history,
 * settings), the dialogs, the keypad, the notice bar, the registration tooltip, the app bar's queue
 * part, the wrap-up panel and (a supervisor's) the board. `prefetchLater`
 * fetches them once the phone is registered, so opening one waits for nothing.
 */
export interface Chunk<P> {
  /** Loads the chunk (once); afterwards the component renders without suspending. */
  load(): Promise<void>;
  /** The component once loaded, else null. */
  loaded(): ComponentType<P> | null;
  /** Resolves once the chunk is loaded, by whoever loads it; asks for nothing itself. */
  ready: Promise<void>;
  /** Suspends until loaded: for parts opened later, which are prefetched by then. */
  Component: FunctionComponent<P>;
}

function chunk<P extends object>(load: () => Promise<ComponentType<P>>): Chunk<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const fetch = () =>
    (loading ??= load().then(
      (component) => {
        loaded = component;
        markReady();
        return component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const Suspending = lazy(async () => ({ default: await fetch() }));
  // Once loaded (prefetched, or opened before), rendered directly: no Suspense fallback, not even for a frame.
  const Component: FunctionComponent<P> = (props) => createElement((loaded ?? Suspending) as ComponentType<P>, props);
  return { load: () => fetch().then(() => undefined), loaded: () => loaded, ready, Component };
}

/**
 * The chunk's component once it is there (null before). `ask`: load it now; otherwise wait for
 * `prefetchLater` to. Not Suspense: React holds back content that resolves within 300 ms of its
 * fallback, which a screen shown at start would wait out on every load.
 */
export function useChunk<P>(part: Chunk<P>, ask = true): ComponentType<P> | null {
  const [component, setComponent] = useState(() => part.loaded());
  useEffect(() => {
    if (component !== null) return;
    let live = true;
    void part.ready.then(() => live && setComponent(() => part.loaded()));
    if (ask) part.load().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [part, ask, component]);
  return component;
}

export const loginChunk = chunk(async () => (await import("../features/login/LoginView")).LoginView);
export const sidePanelChunk = chunk(async () => (await import("./SidePanel")).SidePanel);
export const noticeChunk = chunk(async () => (await import("./NoticeBar")).NoticeBar);
export const tooltipChunk = chunk(async () => (await import("@mui/material/Tooltip")).default);
export const queueBarChunk = chunk(async () => (await import("../features/queues/QueueBar")).QueueBar);
export const wrapUpChunk = chunk(async () => (await import("../features/wrapup/WrapUpPanel")).WrapUpPanel);
const board = chunk(async () => (await import("../features/board/SupervisorBoard")).SupervisorBoard);
const history = chunk(async () => (await import("../features/history/HistoryView")).HistoryView);
const settings = chunk(async () => (await import("../features/settings/SettingsView")).SettingsView);
const transfer = chunk(async () => (await import("../features/transfer/TransferDialog")).TransferDialog);
const help = chunk(async () => (await import("../features/shortcuts/ShortcutsHelp")).ShortcutsHelp);
const dialpad = chunk(async () => (await import("../features/dialpad/Dialpad")).Dialpad);

export const HistoryView = history.Component;
export const SettingsView = settings.Component;
export const TransferDialog = transfer.Component;
export const ShortcutsHelp = help.Component;
export const Dialpad = dialpad.Component;
/** A supervisor's only: not prefetched, loaded when its tab is opened. */
export const SupervisorBoard = board.Component;

const later: ReadonlyArray<Pick<Chunk<never>, "load">> = [sidePanelChunk, queueBarChunk, wrapUpChunk, transfer, dialpad, noticeChunk, tooltipChunk, history, settings, help];

/** Everything but the sign-in form, once the first screen is up. */
export function prefetchLater(): void {
  for (const part of later) part.load().catch(() => undefined);
}

/** Every chunk loaded: for component tests, which press keys faster than a chunk arrives. */
export async function loadAllViews(): Promise<void> {
  await Promise.all([loginChunk, board, ...later].map((part) => part.load()));
}

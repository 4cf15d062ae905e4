import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import type { AppState, AppStore } from "./types";

const StoreContext = createContext<AppStore | null>(null);

/** One store per app (and per test): created outside React, handed in here. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error("useAppStore needs a <StoreProvider> above it.");
  return store;
}

/** Selects from the store; a selector that builds a new array or object needs `useShallow`. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

type ActionKey = { [K in keyof AppState]: AppState[K] extends (...args: never[]) => unknown ? K : never }[keyof AppState];
export type AppActions = Pick<AppState, ActionKey>;

/** The store's actions: stable functions, so reading them does not subscribe to anything. */
export function useActions(): AppActions {
  return useAppStoreApi().getState();
}

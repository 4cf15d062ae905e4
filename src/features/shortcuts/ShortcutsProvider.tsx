import type { ShortcutAction } from "@handoff/contract";
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from "react";
import { useAppStore } from "../../store/react";
import { selectShortcuts } from "../../store/settings/selectors";
import { matchesBinding, parseAccelerator, worksWhileTyping, type Binding } from "./accelerator";
import { LAYER_APP, ShortcutRegistry, type ShortcutHandler } from "./shortcut-registry";
import { isTypingTarget } from "./typing-target";

const RegistryContext = createContext<ShortcutRegistry | null>(null);

export interface ShortcutsProviderProps {
  children: ReactNode;
  /** Global shortcuts and notification clicks from the desktop (`bridge.onShortcut`). */
  subscribeGlobal?: (listener: (action: ShortcutAction) => void) => () => void;
}

/** Listens for the configured keys on the whole document and hands each to the registry. */
export function ShortcutsProvider({ children, subscribeGlobal }: ShortcutsProviderProps) {
  const registry = useMemo(() => new ShortcutRegistry(), []);
  const shortcuts = useAppStore(selectShortcuts);

  useEffect(() => {
    const bindings = Object.entries(shortcuts)
      .map(([action, text]) => [action as ShortcutAction, parseAccelerator(text)] as const)
      .filter((pair): pair is readonly [ShortcutAction, Binding] => pair[1] !== null);
    const onKeyDown = (event: KeyboardEvent) => {
      // A control that used the key itself (a list, a radio group, Enter in a form) has the last word.
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      const typing = isTypingTarget(event.target);
      for (const [action, binding] of bindings) {
        if (!matchesBinding(binding, event) || (typing && !worksWhileTyping(binding))) continue;
        if (registry.dispatch(action)) {
          // Also keeps the key's character out of whatever the action focused.
          event.preventDefault();
          event.stopPropagation();
          return;
        }
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [registry, shortcuts]);

  useEffect(() => subscribeGlobal?.((action) => void registry.dispatch(action)), [registry, subscribeGlobal]);

  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Handles `action` while the component is mounted (and `enabled`), in the given layer. */
export function useShortcut(action: ShortcutAction, handler: ShortcutHandler, layer = LAYER_APP, enabled = true): void {
  const registry = useContext(RegistryContext);
  if (registry === null) throw new Error("useShortcut needs a <ShortcutsProvider> above it.");
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => (enabled ? registry.register(action, layer, () => latest.current()) : undefined), [registry, action, layer, enabled]);
}

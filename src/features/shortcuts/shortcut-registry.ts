import type { ShortcutAction } from "@handoff/contract";

/** Returns false when the action does not apply right now, so the key keeps its usual meaning. */
export type ShortcutHandler = () => boolean | void;

/** Layers: a modal's shortcuts shadow everything below it while it is open. */
export const LAYER_APP = 0;
export const LAYER_DIALOG = 1;
export const LAYER_OVERLAY = 2;

interface Entry {
  action: ShortcutAction;
  layer: number;
  handler: ShortcutHandler;
}

/**
 * Who handles which shortcut now. Components register while mounted; a key
 * press (or a global shortcut from the desktop) is dispatched to the topmost
 * layer only, so `H` in the transfer dialog never hangs up behind it.
 */
export class ShortcutRegistry {
  private entries: Entry[] = [];

  register(action: ShortcutAction, layer: number, handler: ShortcutHandler): () => void {
    const entry: Entry = { action, layer, handler };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((other) => other !== entry);
    };
  }

  /** The layer in charge: the highest with anything registered. */
  topLayer(): number {
    return this.entries.reduce((top, entry) => Math.max(top, entry.layer), LAYER_APP);
  }

  /** True when a handler took the action. */
  dispatch(action: ShortcutAction): boolean {
    const top = this.topLayer();
    const candidates = this.entries.filter((entry) => entry.action === action && entry.layer === top);
    const handler = candidates[candidates.length - 1]?.handler;
    return handler !== undefined && handler() !== false;
  }
}

import type { Settings, ShortcutAction } from "@handoff/contract";
import { AppError } from "./app-error";
import type { Logger } from "./logger";

/**
 * The system-wide shortcuts (answer, hang up, transfer work while another app
 * has focus, when bound to keys that are safe to take system-wide). Each press is forwarded to the renderer as its action. Bindings
 * come from the settings and are re-registered when the agent changes them; a
 * binding that clashes or that another app holds is reported, not ignored.
 */

export const GLOBAL_SHORTCUT_ACTIONS = ["answer", "hangup", "transfer"] as const satisfies readonly ShortcutAction[];

/** The part of Electron's globalShortcut used here. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutProblem {
  readonly action: ShortcutAction;
  readonly accelerator: string;
  readonly reason: "taken" | "invalid" | "duplicate";
}

export class ShortcutConflictError extends AppError {
  override name = "ShortcutConflictError";

  constructor(readonly problems: readonly ShortcutProblem[]) {
    super(describeProblems(problems));
  }
}

export function describeProblems(problems: readonly ShortcutProblem[]): string {
  const sentences = problems.map(({ action, accelerator, reason }) => {
    switch (reason) {
      case "taken":
        return `${accelerator} (${action}) is already used by another application`;
      case "invalid":
        return `${accelerator} (${action}) is not a valid shortcut`;
      case "duplicate":
        return `${accelerator} (${action}) is also bound to another action`;
    }
  });
  return `${sentences.join("; ")}. Choose another shortcut in Settings.`;
}

/** A comparable form: aliases unified, case and modifier order ignored. */
export function normalizeAccelerator(accelerator: string): string {
  const aliases: Record<string, string> = { cmdorctrl: "commandorcontrol", ctrl: "control", cmd: "command", option: "alt", return: "enter", esc: "escape" };
  const parts = accelerator.split("+").map((part) => part.trim().toLowerCase()).map((part) => aliases[part] ?? part);
  const key = parts.pop() ?? "";
  return [...parts.sort(), key].join("+");
}

/** Bindings bound to the same keys as another action (in-app ones included). */
export function findDuplicates(shortcuts: Settings["shortcuts"]): ShortcutProblem[] {
  const byKeys = new Map<string, ShortcutAction[]>();
  for (const [action, accelerator] of Object.entries(shortcuts) as Array<[ShortcutAction, string]>) {
    if (accelerator.trim() === "") continue;
    const keys = normalizeAccelerator(accelerator);
    byKeys.set(keys, [...(byKeys.get(keys) ?? []), action]);
  }
  return [...byKeys.values()].filter((actions) => actions.length > 1).flatMap((actions) => actions.map((action) => ({ action, accelerator: shortcuts[action], reason: "duplicate" as const })));
}

const GLOBAL_MODIFIERS = new Set(["commandorcontrol", "control", "command", "alt", "altgr", "super", "meta"]);
const GLOBAL_KEYS = /^(f([1-9]|1[0-9]|2[0-4])|media(nexttrack|previoustrack|stop|playpause)|volume(up|down|mute))$/;

/**
 * Whether a binding may be taken system-wide. "A" or "Shift+H" are fine
 * in-app but held globally they would swallow those keys in every other
 * application, so they stay in-app only.
 */
export function isSafeGlobally(accelerator: string): boolean {
  const parts = normalizeAccelerator(accelerator).split("+");
  const key = parts.pop() ?? "";
  return parts.some((modifier) => GLOBAL_MODIFIERS.has(modifier)) || GLOBAL_KEYS.test(key);
}

export class GlobalShortcuts {
  /** What is registered now, per action. */
  private registered = new Map<ShortcutAction, string>();

  constructor(
    private readonly globalShortcut: GlobalShortcutLike,
    private readonly send: (action: ShortcutAction) => void,
    private readonly log: Logger,
  ) {}

  /** The accelerators currently held, per global action. */
  bindings(): ReadonlyMap<ShortcutAction, string> {
    return this.registered;
  }

  /**
   * At start: registers what it can and returns what it could not, for the
   * agent to be told (the app still works without a global shortcut).
   */
  registerAvailable(shortcuts: Settings["shortcuts"]): ShortcutProblem[] {
    this.unregisterAll();
    const duplicates = findDuplicates(shortcuts).filter((problem) => isGlobal(problem.action));
    const problems: ShortcutProblem[] = [...duplicates];
    for (const action of GLOBAL_SHORTCUT_ACTIONS) {
      if (duplicates.some((problem) => problem.action === action)) continue;
      const problem = this.registerOne(action, shortcuts[action]);
      if (problem !== null) problems.push(problem);
    }
    if (problems.length > 0) this.log.warn(`some global shortcuts are not active: ${describeProblems(problems)}`);
    return problems;
  }

  /**
   * On a settings change: all or nothing. If any new binding fails, the
   * previous ones are restored and a ShortcutConflictError says which.
   */
  replace(shortcuts: Settings["shortcuts"]): void {
    const duplicates = findDuplicates(shortcuts);
    if (duplicates.length > 0) throw new ShortcutConflictError(duplicates);
    const previous = new Map(this.registered);
    this.unregisterAll();
    const problems: ShortcutProblem[] = [];
    for (const action of GLOBAL_SHORTCUT_ACTIONS) {
      const problem = this.registerOne(action, shortcuts[action]);
      if (problem !== null) problems.push(problem);
    }
    if (problems.length === 0) return;
    this.unregisterAll();
    for (const [action, accelerator] of previous) this.registerOne(action, accelerator);
    throw new ShortcutConflictError(problems);
  }

  unregisterAll(): void {
    for (const accelerator of this.registered.values()) this.globalShortcut.unregister(accelerator);
    this.registered.clear();
  }

  private registerOne(action: ShortcutAction, accelerator: string): ShortcutProblem | null {
    if (accelerator.trim() === "") return null;
    if (!isSafeGlobally(accelerator)) {
      this.log.info(`${accelerator} (${action}) works in the app only: a system-wide shortcut needs Ctrl, Alt or Cmd, or a function key`);
      return null;
    }
    let ok: boolean;
    try {
      ok = this.globalShortcut.register(accelerator, () => this.send(action));
    } catch {
      return { action, accelerator, reason: "invalid" };
    }
    if (!ok) return { action, accelerator, reason: "taken" };
    this.registered.set(action, accelerator);
    return null;
  }
}

function isGlobal(action: ShortcutAction): boolean {
  return (GLOBAL_SHORTCUT_ACTIONS as readonly ShortcutAction[]).includes(action);
}

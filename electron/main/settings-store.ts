import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_SETTINGS as CONTRACT_DEFAULTS, Settings } from "@handoff/contract";
import { AppError } from "./app-error";
import type { Logger } from "./logger";
import { writePrivateFile } from "./private-file";

/**
 * The agent's preferences (shortcuts, audio devices, ringtone) as JSON in
 * userData, checked against the contract's Settings on the way in and out.
 * Never a secret: the schema is strict, so a token cannot ride along.
 */

export const DEFAULT_SETTINGS: Settings = {
  ...CONTRACT_DEFAULTS,
  shortcuts: {
    ...CONTRACT_DEFAULTS.shortcuts,
    // Also system-wide (shortcuts.ts): with modifiers, chosen to avoid common OS and browser bindings.
    answer: "CommandOrControl+Alt+A",
    hangup: "CommandOrControl+Alt+E",
    transfer: "CommandOrControl+Alt+X",
  },
};

export class SettingsStore {
  readonly path: string;
  private current: Settings | null = null;

  constructor(
    dir: string,
    private readonly log: Logger,
  ) {
    this.path = join(dir, "settings.json");
  }

  /** The saved settings, or the defaults when there are none or they are not valid any more. */
  async load(): Promise<Settings> {
    if (this.current !== null) return this.current;
    let text: string | null = null;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") this.log.warn(`${this.path} cannot be read (${code ?? "unknown error"}); using the default settings`);
    }
    let loaded = DEFAULT_SETTINGS;
    if (text !== null) {
      const parsed = safeJson(text);
      // Settings saved by an older version may lack a newer action: fill from the defaults, then check.
      const merged = isObject(parsed) ? { ...DEFAULT_SETTINGS, ...parsed, shortcuts: { ...DEFAULT_SETTINGS.shortcuts, ...(isObject(parsed.shortcuts) ? parsed.shortcuts : {}) } } : parsed;
      const result = Settings.safeParse(merged);
      if (result.success) loaded = result.data;
      else this.log.warn(`${this.path} is not valid settings; using the defaults until you save new ones`, { issues: result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
    }
    this.current = loaded;
    return loaded;
  }

  /** Validates and writes; returns what was stored. */
  async save(settings: unknown): Promise<Settings> {
    const valid = Settings.parse(settings);
    try {
      await writePrivateFile(this.path, `${JSON.stringify(valid, null, 2)}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      throw new AppError(`Could not save your settings to ${this.path} (${code}). Check that the disk is not full and the folder is writable.`);
    }
    this.current = valid;
    return valid;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

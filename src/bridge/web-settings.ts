import { Settings } from "@handoff/contract";
import { withDefaults } from "./default-settings";

const KEY = "handoff.settings";

/**
 * Web mode keeps settings, and only settings, in localStorage: device ids,
 * ringtone, key bindings. Nothing here is a secret.
 */
export class WebSettingsStore {
  constructor(private readonly storage: Storage | null) {}

  load(): Settings {
    const raw = this.read();
    if (raw === null) return withDefaults(null);
    const parsed = Settings.safeParse(raw);
    if (parsed.success) return parsed.data;
    // An older or hand-edited object: keep what still fits, default the rest.
    const merged = Settings.safeParse(withDefaults(typeof raw === "object" ? (raw as Partial<Settings>) : null));
    return merged.success ? merged.data : withDefaults(null);
  }

  save(settings: Settings): Settings {
    const valid = Settings.parse(settings);
    this.storage?.setItem(KEY, JSON.stringify(valid));
    return valid;
  }

  private read(): unknown {
    try {
      const text = this.storage?.getItem(KEY) ?? null;
      return text === null ? null : (JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  }
}

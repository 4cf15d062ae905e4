import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { ShortcutAction } from "@handoff/contract";
import { useState, type KeyboardEvent } from "react";
import { DEFAULT_SHORTCUTS } from "../../bridge/default-settings";
import { useActions, useAppStore } from "../../store/react";
import { acceleratorFromEvent, formatAccelerator } from "../shortcuts/accelerator";
import { SHORTCUT_CATALOG } from "../shortcuts/shortcut-catalog";

/**
 * Rebinding: focus a field and press the new keys. Tab still moves on and
 * Escape leaves the binding as it was, so the editor never traps the keyboard.
 */
export function ShortcutSettings() {
  const shortcuts = useAppStore((state) => state.settings.shortcuts);
  const { updateSettings } = useActions();
  const [recording, setRecording] = useState<ShortcutAction | null>(null);

  const onKeyDown = (action: ShortcutAction, event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Tab" && !event.ctrlKey && !event.metaKey && !event.altKey) return;
    // The shortcut being recorded must not also run.
    event.preventDefault();
    event.stopPropagation();
    if (event.key === "Escape") {
      setRecording(null);
      return;
    }
    const accelerator = acceleratorFromEvent(event);
    if (accelerator === null) return;
    setRecording(null);
    void updateSettings({ shortcuts: { ...shortcuts, [action]: accelerator } });
  };

  const clashes = (action: ShortcutAction) =>
    SHORTCUT_CATALOG.filter((other) => other.action !== action && shortcuts[other.action] === shortcuts[action]).map((other) => other.label.toLowerCase());

  return (
    <Stack spacing={1} sx={{ maxWidth: 560 }}>
      <Typography variant="body2" color="text.secondary">
        Focus a field and press the keys to use. Plain keys never fire while you type in a text field.
      </Typography>
      {SHORTCUT_CATALOG.map(({ action, label, where }) => {
        const clash = clashes(action);
        return (
          <TextField
            key={action}
            label={label}
            value={recording === action ? "Press keys…" : formatAccelerator(shortcuts[action])}
            onFocus={() => setRecording(action)}
            onBlur={() => setRecording(null)}
            onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => onKeyDown(action, event)}
            helperText={clash.length > 0 ? `Same keys as: ${clash.join(", ")}` : where}
            error={clash.length > 0}
            slotProps={{ htmlInput: { readOnly: true, "data-shortcut-recorder": action } }}
          />
        );
      })}
      <Stack direction="row">
        <Button variant="outlined" onClick={() => void updateSettings({ shortcuts: { ...DEFAULT_SHORTCUTS } })}>
          Reset shortcuts to defaults
        </Button>
      </Stack>
    </Stack>
  );
}

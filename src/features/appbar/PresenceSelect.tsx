import type { ChosenStatus } from "@handoff/contract";
import TextField from "@mui/material/TextField";
import { useAppStore } from "../../store/react";

const CHOICES: ReadonlyArray<{ value: ChosenStatus; label: string }> = [
  { value: "available", label: "Available" },
  { value: "away", label: "Away" },
  { value: "dnd", label: "Do not disturb" },
];

/** What the agent chooses; busy and ringing follow from the PBX on their own. A native select: keyboard and screen readers know it. */
export function PresenceSelect() {
  const chosen = useAppStore((state) => state.chosenStatus);
  const setStatus = useAppStore((state) => state.setStatus);
  return (
    <TextField
      select
      id="presence"
      label="Presence"
      value={chosen}
      onChange={(event) => void setStatus(event.target.value as ChosenStatus)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 150 }}
    >
      {CHOICES.map(({ value, label }) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </TextField>
  );
}

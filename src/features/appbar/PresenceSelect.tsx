import type { ChosenStatus } from "@handoff/contract";
import Box from "@mui/material/Box";
import type { ChangeEvent } from "react";
import { useAppStore } from "../../store/react";

const CHOICES: ReadonlyArray<{ value: ChosenStatus; label: string }> = [
  { value: "available", label: "Available" },
  { value: "away", label: "Away" },
  { value: "dnd", label: "Do not disturb" },
];

/**
 * What the agent chooses; busy and ringing follow from the PBX on their own. A native select: keyboard and
 * screen readers know it. Drawn like an outlined field without MUI's TextField, which would bring its whole
 * input machinery into the first screen.
 */
export function PresenceSelect() {
  const chosen = useAppStore((state) => state.chosenStatus);
  const setStatus = useAppStore((state) => state.setStatus);
  return (
    <Box sx={{ position: "relative", minWidth: 150 }}>
      <Box component="label" htmlFor="presence" sx={{ position: "absolute", top: -8, left: 8, px: 0.5, fontSize: 11, lineHeight: "16px", color: "text.secondary", bgcolor: "background.paper" }}>
        Presence
      </Box>
      <Box
        component="select"
        id="presence"
        value={chosen}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => void setStatus(event.target.value as ChosenStatus)}
        sx={{ width: "100%", height: 34, px: 1, font: "inherit", color: "text.primary", bgcolor: "background.paper", border: 1, borderColor: "rgba(0, 0, 0, 0.23)", borderRadius: 1, "&:hover": { borderColor: "text.primary" } }}
      >
        {CHOICES.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Box>
    </Box>
  );
}

import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useAppStore } from "../../store/react";
import { DeviceSettings } from "./DeviceSettings";
import { ShortcutSettings } from "./ShortcutSettings";

/** Settings persist through the bridge (desktop: main process; web: this browser's localStorage). */
export function SettingsView() {
  const error = useAppStore((state) => state.settingsError);
  return (
    <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "1fr", lg: "1fr 1fr" } }}>
      {error !== null && (
        <Alert severity="warning" sx={{ gridColumn: "1 / -1" }}>
          {error}
        </Alert>
      )}
      <Box component="section" aria-labelledby="audio-heading">
        <Typography id="audio-heading" component="h2" variant="overline" color="text.secondary">
          Audio
        </Typography>
        <DeviceSettings />
      </Box>
      <Box component="section" aria-labelledby="keys-heading">
        <Typography id="keys-heading" component="h2" variant="overline" color="text.secondary">
          Shortcuts
        </Typography>
        <ShortcutSettings />
      </Box>
    </Box>
  );
}

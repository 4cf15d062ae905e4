import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { Settings } from "@handoff/contract";
import { useActions, useAppStore } from "../../store/react";
import { canChooseSpeaker, useMediaDevices } from "./use-media-devices";

const DEFAULT = "";

/** Microphone, speaker and ringtone. Device ids are local to this machine and are all that is saved. */
export function DeviceSettings() {
  const settings = useAppStore((state) => state.settings);
  const { updateSettings } = useActions();
  const { microphones, speakers, labelsHidden, revealLabels } = useMediaDevices();
  const name = (device: MediaDeviceInfo, index: number, what: string) => device.label || `${what} ${index + 1}`;

  return (
    <Stack spacing={2} sx={{ maxWidth: 420 }}>
      <TextField
        select
        label="Microphone"
        value={settings.microphoneId ?? DEFAULT}
        onChange={(event) => void updateSettings({ microphoneId: event.target.value === DEFAULT ? null : event.target.value })}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value={DEFAULT}>System default</option>
        {microphones
          .filter((device) => device.deviceId !== "default" && device.deviceId !== "")
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {name(device, index, "Microphone")}
            </option>
          ))}
      </TextField>
      <TextField
        select
        label="Speaker"
        value={settings.speakerId ?? DEFAULT}
        disabled={!canChooseSpeaker}
        helperText={canChooseSpeaker ? undefined : "This browser always plays calls on its default output."}
        onChange={(event) => void updateSettings({ speakerId: event.target.value === DEFAULT ? null : event.target.value })}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value={DEFAULT}>System default</option>
        {speakers
          .filter((device) => device.deviceId !== "default" && device.deviceId !== "")
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {name(device, index, "Speaker")}
            </option>
          ))}
      </TextField>
      {labelsHidden && (
        <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
          <Typography variant="body2" color="text.secondary">
            Device names appear once the app may use the microphone.
          </Typography>
          <Button variant="outlined" onClick={() => void revealLabels()}>
            Show device names
          </Button>
        </Stack>
      )}
      <TextField
        select
        label="Ringtone"
        value={settings.ringtone}
        onChange={(event) => void updateSettings({ ringtone: event.target.value as Settings["ringtone"] })}
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="classic">Classic</option>
        <option value="soft">Soft</option>
        <option value="none">None (silent)</option>
      </TextField>
    </Stack>
  );
}

import { useCallback, useEffect, useState } from "react";

export interface AudioDeviceLists {
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
  /** Browsers hide device names until the page may use the microphone. */
  labelsHidden: boolean;
  /** Asks for the microphone once, so the lists show names; the stream is closed at once. */
  revealLabels(): Promise<void>;
}

/** The audio devices, kept fresh when a headset is plugged in or out. */
export function useMediaDevices(): AudioDeviceLists {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const media = typeof navigator === "undefined" ? undefined : navigator.mediaDevices;

  const refresh = useCallback(async () => {
    if (media?.enumerateDevices === undefined) return;
    setDevices(await media.enumerateDevices().catch(() => []));
  }, [media]);

  useEffect(() => {
    void refresh();
    media?.addEventListener?.("devicechange", refresh);
    return () => media?.removeEventListener?.("devicechange", refresh);
  }, [media, refresh]);

  const revealLabels = useCallback(async () => {
    const stream = await media?.getUserMedia({ audio: true }).catch(() => undefined);
    stream?.getTracks().forEach((track) => track.stop());
    await refresh();
  }, [media, refresh]);

  return {
    microphones: devices.filter((device) => device.kind === "audioinput"),
    speakers: devices.filter((device) => device.kind === "audiooutput"),
    labelsHidden: devices.length > 0 && devices.every((device) => device.label === ""),
    revealLabels,
  };
}

/** Whether audio can be sent to a chosen output (Chromium, hence Electron, can). */
export const canChooseSpeaker = typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;

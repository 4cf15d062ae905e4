import type { AmiMessage } from "../../server/src/ami";

/** The DeviceStateChange of one extension's phone, or undefined for any other event. */
export function deviceStateOf(message: AmiMessage, extension: string): string | undefined {
  if (message.get("Event") !== "DeviceStateChange" || message.get("Device") !== `PJSIP/${extension}`) return undefined;
  return message.get("State");
}

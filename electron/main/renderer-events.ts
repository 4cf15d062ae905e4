import { eventChannels, type RendererSend } from "./ipc-channels";
import type { Logger } from "./logger";
import { containsSecret } from "./secret-guard";

/**
 * The one way main pushes events to the renderer: channel names from the
 * shared map, and nothing that contains a secret main holds.
 */
export function createRendererSend(deliver: (channel: string, payload: unknown) => void, secrets: () => readonly string[], log: Logger): RendererSend {
  return (event, payload) => {
    if (containsSecret(payload, secrets())) {
      log.error("an event for the renderer contained a secret and was dropped", { event });
      return;
    }
    deliver(eventChannels[event], payload);
  };
}

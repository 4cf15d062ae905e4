import type { AmiClient, AmiMessage } from "../ami";
import type { ChannelTracker } from "./channel-tracker";
import type { PresenceDirectory } from "./presence";

/**
 * Rebuilds the channel view and the device states from Asterisk's own lists (after a
 * reconnect, when events were missed). Events keep arriving while the lists are asked
 * for; the ones that came after a list was written are replayed onto it, so a bridge
 * entered a millisecond after the snapshot is not wiped by it. Returns how many
 * channels Asterisk listed.
 */
export async function rebuildViews(ami: AmiClient, tracker: ChannelTracker, directory: PresenceDirectory): Promise<number> {
  const meanwhile: { position: number; event: AmiMessage }[] = [];
  const stop = ami.onEvent((event) => meanwhile.push({ position: ami.position, event }));
  try {
    const [channels, devices] = await Promise.all([ami.send("CoreShowChannels"), ami.send("DeviceStateList")]);
    tracker.reset(channels.events);
    for (const { position, event } of meanwhile) if (position > channels.position) tracker.apply(event);
    directory.reset(devices.events);
    for (const { position, event } of meanwhile) if (position > devices.position) directory.apply(event);
    return channels.events.length;
  } finally {
    stop();
  }
}

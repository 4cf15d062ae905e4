import type { ShortcutAction } from "@handoff/contract";

export interface ShortcutInfo {
  action: ShortcutAction;
  label: string;
  where: "Anywhere" | "Transfer dialog" | "Wrap-up" | "Monitoring a call" | "Consultation or conference";
}

/** Every action with a shortcut, in the order the help lists them. */
export const SHORTCUT_CATALOG: readonly ShortcutInfo[] = [
  { action: "answer", label: "Answer the ringing call", where: "Anywhere" },
  { action: "hangup", label: "Hang up (or decline) the current call", where: "Anywhere" },
  { action: "hold", label: "Hold or resume the current call", where: "Anywhere" },
  { action: "mute", label: "Mute or unmute your microphone", where: "Anywhere" },
  { action: "transfer", label: "Open the transfer dialog", where: "Anywhere" },
  { action: "help", label: "Show this list", where: "Anywhere" },
  { action: "pauseToggle", label: "Pause (choose a reason) or end the pause", where: "Anywhere" },
  { action: "queuesToggle", label: "Sign in to all your queues, or out of all", where: "Anywhere" },
  { action: "monitorListen", label: "Listen: hear the agent and the caller, unheard", where: "Monitoring a call" },
  { action: "monitorWhisper", label: "Whisper: coach the agent, the caller does not hear you", where: "Monitoring a call" },
  { action: "monitorBarge", label: "Barge: talk with the agent and the caller", where: "Monitoring a call" },
  { action: "monitorStop", label: "Stop monitoring", where: "Monitoring a call" },
  { action: "conferenceMerge", label: "Merge the caller and the person you consult into a conference", where: "Consultation or conference" },
  { action: "conferenceLeave", label: "Leave the conference (the others stay connected)", where: "Consultation or conference" },
  { action: "conferenceEnd", label: "End the conference for everyone (host)", where: "Consultation or conference" },
  { action: "blind", label: "Blind transfer (hand over at once)", where: "Transfer dialog" },
  { action: "attended", label: "Attended transfer (talk to the target first)", where: "Transfer dialog" },
  { action: "complete", label: "Complete the attended transfer", where: "Transfer dialog" },
  { action: "cancel", label: "Cancel the attended transfer (back to the caller)", where: "Transfer dialog" },
  { action: "focusSearch", label: "Search agents or type a number", where: "Transfer dialog" },
  { action: "closeDialog", label: "Close the dialog", where: "Transfer dialog" },
  ...([1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((n): ShortcutInfo => ({ action: `disposition${n}`, label: `Choose disposition ${n} and end the wrap-up`, where: "Wrap-up" })),
];

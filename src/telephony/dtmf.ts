/** The tones a keypad may send: RFC 4733 events 0-9, *, #, A-D (and "," for a pause between them). */
export const DTMF_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

export function isDtmf(tones: string): boolean {
  return /^[0-9A-D#*,]+$/.test(tones);
}

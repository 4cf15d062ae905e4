/** Asterisk's and the server's clocks are UTC instants; "today" is the call center's calendar day. */
export type DayOf = (ms: number) => string;

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in an IANA time zone: the day the supervisor's
 * "today" counts start over. An unknown zone throws (a RangeError from Intl), so it is checked at start.
 */
export function dayIn(timeZone: string): DayOf {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}

/** The zone the process runs in (TZ, else the system's): the default when none is configured. */
export const processTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function isTimeZone(zone: string): boolean {
  try {
    dayIn(zone);
    return true;
  } catch {
    return false;
  }
}

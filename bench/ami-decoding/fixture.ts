import { readFileSync } from "node:fs";

/** The recorded stream cut into what the replay server sends: the greeting once, the events over and over. */
export interface AmiReplayFixture {
  /** "Asterisk Call Manager/x.y.z\r\n", exactly as recorded. */
  readonly banner: Buffer;
  /** Every event of the recording, byte for byte (stray blank lines included), ending on a blank line. */
  readonly events: Buffer;
  readonly eventsPerCopy: number;
  /** Sum of the lengths of every event's `Event:` value: a cheap checksum that merged or split events change. */
  readonly eventNameCharsPerCopy: number;
  /** Messages before the first event (the recorded Login reply), left out of the replay. */
  readonly skippedMessages: number;
}

const CRLF = Buffer.from("\r\n");
const MESSAGE_END = Buffer.from("\r\n\r\n");
const BANNER_PREFIX = "Asterisk Call Manager/";
const EVENT_PREFIX = "Event: ";

/**
 * Splits the recording with a plain, whole-file reading (no chunks), so the
 * expected counts do not depend on any decoder under test. Throws if the file
 * is not a banner followed by blank-line-terminated messages.
 */
export function loadAmiReplayFixture(path: string): AmiReplayFixture {
  const bytes = readFileSync(path);
  const bannerEnd = bytes.indexOf(CRLF);
  if (bannerEnd === -1 || !bytes.subarray(0, bannerEnd).toString("latin1").startsWith(BANNER_PREFIX)) {
    throw new Error(`${path} does not start with an "${BANNER_PREFIX}" line; record it from a fresh AMI connection.`);
  }
  if (!bytes.subarray(bytes.length - MESSAGE_END.length).equals(MESSAGE_END)) {
    throw new Error(`${path} does not end on a blank line; repeated copies would glue its last and first messages.`);
  }
  let start = bannerEnd + CRLF.length;
  let eventsStart = -1;
  let eventsPerCopy = 0;
  let eventNameCharsPerCopy = 0;
  let skippedMessages = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(MESSAGE_END, start);
    if (end === -1) break;
    const lines = bytes.subarray(start, end).toString("utf8").split("\r\n");
    const names = lines.filter((line) => line.startsWith(EVENT_PREFIX)).map((line) => line.slice(EVENT_PREFIX.length));
    const name = names[0];
    if (name === undefined || names.length > 1) {
      if (eventsStart !== -1) throw new Error(`${path}: the message at byte ${start} is not exactly one event; the replay expects events only after the Login reply.`);
      skippedMessages++;
    } else {
      if (eventsStart === -1) eventsStart = start;
      eventsPerCopy++;
      eventNameCharsPerCopy += name.length;
    }
    start = end + MESSAGE_END.length;
  }
  if (eventsStart === -1) throw new Error(`${path} holds no events.`);
  return {
    banner: bytes.subarray(0, bannerEnd + CRLF.length),
    events: bytes.subarray(eventsStart),
    eventsPerCopy,
    eventNameCharsPerCopy,
    skippedMessages,
  };
}

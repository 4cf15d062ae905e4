import { SERVER_READ_CLASSES, SERVER_WRITE_CLASSES } from "@handoff/dialplan";
import { renderConf } from "./conf-file";
import type { ConfLine } from "./conf-file";
import { AMI_BOT_USER, AMI_SERVER_USER, AMI_TEST_USER, PBX_ADDRESSES } from "./input";
import type { PbxSecrets } from "../secrets";

/** The server user's classes are the product's (dialplan/src/manager-user.ts): the export and the doctor use the same. */
export { FORBIDDEN_SERVER_WRITE_CLASSES, SERVER_READ_CLASSES, SERVER_WRITE_CLASSES } from "@handoff/dialplan";

/** The reference voice bot (bot/) learns that a visitor asked for a person from a UserEvent; it acts through the server's API only. */
export const BOT_READ_CLASSES = ["user"] as const;

/** Tests create calls (originate) and read `pjsip show channelstats` (command); never used by the product. */
export const TEST_WRITE_CLASSES = ["system", "call", "agent", "user", "reporting", "originate", "command"] as const;
export const TEST_READ_CLASSES = ["system", "call", "agent", "user", "dtmf", "reporting"] as const;

function loopbackOnly(): ConfLine[] {
  return [
    ["deny", "0.0.0.0/0.0.0.0"],
    ["permit", "127.0.0.1/255.255.255.255"],
  ];
}

// Debian builds Asterisk with its test framework, which emits TestEvent on every call step.
const DROP_TEST_EVENTS: ConfLine = ["eventfilter", "!Event: TestEvent"];

export function renderManagerConf(secrets: PbxSecrets): string {
  return renderConf("manager.ts", [
    {
      name: "general",
      lines: [
        ["enabled", true],
        ["webenabled", false],
        ["bindaddr", PBX_ADDRESSES.amiHost],
        ["port", PBX_ADDRESSES.amiPort],
        // Lets tests and the server measure latency from Asterisk's own clock.
        ["timestampevents", true],
        ["displayconnects", false],
        ["allowmultiplelogin", true],
        ["authtimeout", 10],
      ],
    },
    {
      name: AMI_SERVER_USER,
      comment: "The server's user: moves and watches calls, nothing else.",
      lines: [
        ["secret", secrets.amiSecret],
        ...loopbackOnly(),
        ["read", SERVER_READ_CLASSES.join(",")],
        ["write", SERVER_WRITE_CLASSES.join(",")],
        DROP_TEST_EVENTS,
      ],
    },
    {
      name: AMI_BOT_USER,
      comment: "The reference voice bot: reads the dialplan's UserEvents, may run no action but Login, Ping, Events.",
      lines: [
        ["secret", secrets.amiBotSecret],
        ...loopbackOnly(),
        // No write line: Asterisk's default is no class at all.
        ["read", BOT_READ_CLASSES.join(",")],
        DROP_TEST_EVENTS,
      ],
    },
    {
      name: AMI_TEST_USER,
      comment: "Test-only user: creates customer calls and reads CLI output. The server must never use it.",
      lines: [
        ["secret", secrets.amiTestSecret],
        ...loopbackOnly(),
        ["read", TEST_READ_CLASSES.join(",")],
        ["write", TEST_WRITE_CLASSES.join(",")],
        DROP_TEST_EVENTS,
      ],
    },
  ]);
}

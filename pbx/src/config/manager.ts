import { renderConf } from "./conf-file";
import type { ConfLine } from "./conf-file";
import { AMI_SERVER_USER, AMI_TEST_USER, PBX_ADDRESSES } from "./input";
import type { PbxSecrets } from "../secrets";

/**
 * Write classes each action needs, read from `manager show command <Action>` on Asterisk 22.10.1
 * (any one listed class suffices):
 *   Login, Logoff, Ping, Events, BridgeList, BridgeInfo, QueueStatus, QueueSummary: none
 *   BlindTransfer, Atxfer, CancelAtxfer, Redirect, PlayDTMF: call
 *   Hangup: system or call
 *   Status: system, call or reporting
 *   CoreShowChannels: system or reporting
 *   DeviceStateList, ExtensionStateList, Getvar: call or reporting
 *   PJSIPShowContacts, PJSIPShowEndpoints: system only (so NOT available to the server user:
 *     it learns registrations from DeviceStateList and ContactStatus events instead)
 *   QueueAdd, QueueRemove, QueuePause: agent (an agent's queue membership and pause)
 *   Originate: originate; Command: command; UserEvent: user
 * So the server gets write=call,reporting,agent. It must never hold system, command, config or originate
 * for writing: with those an AMI user can run shell commands (CVE-2024-42365).
 */
export const SERVER_WRITE_CLASSES = ["call", "reporting", "agent"] as const;

/** Events the server follows: channels, bridges and transfers (call), queue members (agent),
 * the dialplan's Handoff* UserEvents (user), registrations and FullyBooted (system). */
export const SERVER_READ_CLASSES = ["system", "call", "agent", "user"] as const;

/** Never writable by the server user. */
export const FORBIDDEN_SERVER_WRITE_CLASSES = ["system", "command", "config", "originate", "all"] as const;

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

/**
 * The AMI user the Handoff server logs in as: exactly the classes it needs. One source for the local PBX's
 * manager.conf (pbx/), the export for a customer's Asterisk, and the doctor that checks a live user.
 *
 * Write classes each action needs, read from `manager show command <Action>` on Asterisk 22.10.1
 * (any one listed class suffices):
 *   Login, Logoff, Ping, Events, BridgeList, BridgeInfo, QueueStatus, QueueSummary, ListCommands: none
 *   BlindTransfer, Atxfer, CancelAtxfer, Redirect, PlayDTMF, ConfbridgeKick: call (ConfbridgeList: reporting)
 *   Hangup: system or call
 *   Status: system, call or reporting
 *   CoreShowChannels, CoreSettings, CoreStatus: system or reporting
 *   DeviceStateList, ExtensionStateList, Getvar: call or reporting
 *   ShowDialPlan: config or reporting
 *   PJSIPShowContacts, PJSIPShowEndpoints, ModuleCheck: system only (so NOT available to the server user:
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

/** The user's name in manager.conf, on the local PBX and in the export. */
export const SERVER_AMI_USER = "handoff";

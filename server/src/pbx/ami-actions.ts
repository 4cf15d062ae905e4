/**
 * Everything the server may ask of Asterisk. Originate, Command and config
 * actions are absent on purpose: a compromised server must not be able to
 * place calls or run CLI commands (manager.conf denies them too). Hangup is
 * absent too: no transfer needs to end a call, and a stray one would drop a caller.
 */
export const SERVER_AMI_ACTIONS: ReadonlySet<string> = new Set([
  "Ping",
  "BlindTransfer",
  "Atxfer",
  "CancelAtxfer",
  "Redirect",
  "PlayDTMF",
  // Conferences (write class call): out of a ConfBridge room; into one is a Redirect.
  "ConfbridgeKick",
  "Getvar",
  "CoreShowChannels",
  "DeviceStateList",
  "Status",
  "QueueStatus",
  // Queue work (write class agent): an agent's own membership and pause, never anything else of app_queue.
  "QueueAdd",
  "QueueRemove",
  "QueuePause",
  // Supervisor monitoring (call): the target of a granted supervisor's spy leg, set on that leg only.
  "Setvar",
]);

/**
 * Everything the server may ask of Asterisk. Originate, Command and config
 * actions are absent on purpose: a compromised server must not be able to
 * place calls or run CLI commands (manager.conf denies them too).
 */
export const SERVER_AMI_ACTIONS: ReadonlySet<string> = new Set([
  "Ping",
  "BlindTransfer",
  "Atxfer",
  "CancelAtxfer",
  "Redirect",
  "Hangup",
  "Getvar",
  "CoreShowChannels",
  "DeviceStateList",
  "Status",
  "QueueStatus",
]);

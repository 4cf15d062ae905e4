import { renderConf } from "./conf-file";

/** messages.log lands in the PBX's own /var/log/asterisk (inside the chroot root or the container). */
export const MESSAGES_LOG = "/var/log/asterisk/messages.log";

export function renderLoggerConf(): string {
  return renderConf("logger.ts", [
    { name: "general", lines: [["dateformat", "%F %T.%3q"]] },
    {
      name: "logfiles",
      lines: [
        ["console", "notice,warning,error", "=>"],
        ["messages.log", "notice,warning,error,verbose(3)", "=>"],
      ],
    },
  ]);
}

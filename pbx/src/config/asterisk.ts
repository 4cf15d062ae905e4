import { renderConf } from "./conf-file";

/**
 * No [directories]: the paths compiled into Debian's build are right in the chroot root and the
 * Docker image alike, and naming them here would tie the config to one architecture's module dir.
 */
export function renderAsteriskConf(): string {
  return renderConf("asterisk.ts", [
    {
      name: "options",
      lines: [
        // Level 3 puts each dialplan step into messages.log: what you need when a transfer goes astray.
        ["verbose", 3],
        ["documentation_language", "en_US"],
        // Every `asterisk -rx` would otherwise log a connect/disconnect pair.
        ["hideconnect", true],
        ["live_dangerously", false],
      ],
    },
  ]);
}

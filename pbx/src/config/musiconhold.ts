import { renderConf } from "./conf-file";
import { MOH_DIRECTORY } from "./input";

/** Held callers and queue callers hear this; the files come from Debian's asterisk-moh-opsound-wav. */
export function renderMusicOnHoldConf(): string {
  return renderConf("musiconhold.ts", [
    {
      name: "default",
      lines: [
        ["mode", "files"],
        ["directory", MOH_DIRECTORY],
        ["sort", "alpha"],
      ],
    },
  ]);
}

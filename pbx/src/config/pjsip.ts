import { renderConf } from "./conf-file";
import type { ConfSection } from "./conf-file";
import { PBX_ADDRESSES } from "./input";
import type { DemoData } from "../demo-data";
import { phoneUsers } from "../demo-data";
import type { PbxSecrets } from "../secrets";
import { CONTEXTS } from "./contexts";

export const WS_TRANSPORT = "handoff-ws";

export class MissingSipPasswordError extends Error {
  override readonly name = "MissingSipPasswordError";
  constructor(extension: string) {
    super(`No SIP password for extension ${extension}: secrets were loaded for other extensions. Run "npm run pbx:up", which adds missing ones.`);
  }
}

/** One endpoint, auth and AOR per phone user (agents and supervisors; the bot has no phone). */
export function renderPjsipConf(demo: DemoData, secrets: PbxSecrets): string {
  const sections: ConfSection[] = [
    { name: "global", lines: [["type", "global"], ["user_agent", "Handoff PBX"]] },
    {
      name: WS_TRANSPORT,
      // For ws the listener is Asterisk's HTTP server (http.conf); bind repeats it for readers.
      comment: "Browsers reach Asterisk only through this WebSocket transport.",
      lines: [
        ["type", "transport"],
        ["protocol", "ws"],
        ["bind", `${PBX_ADDRESSES.httpHost}:${PBX_ADDRESSES.httpPort}`],
      ],
    },
  ];
  for (const user of phoneUsers(demo)) {
    const password = secrets.sipPasswords[user.extension];
    if (!password) throw new MissingSipPasswordError(user.extension);
    const ext = user.extension;
    sections.push(
      {
        name: ext,
        comment: `${user.name} (${user.role}, ${user.username})`,
        lines: [
          ["type", "endpoint"],
          ["transport", WS_TRANSPORT],
          ["context", CONTEXTS.agents],
          // Transfers go through the server (AMI) only: a REFER from the phone is refused (603).
          ["allow_transfer", false],
          // Should a transfer ever start from the channel, it lands in the product context, not the dial context.
          ["set_var", `TRANSFER_CONTEXT=${CONTEXTS.transfer}`],
          ["callerid", `"${user.name}" <${ext}>`],
          ["auth", ext],
          ["aors", ext],
          ["disallow", "all"],
          ["allow", "opus,ulaw"],
          ["webrtc", true],
          ["dtls_auto_generate_cert", true],
          ["ice_support", true],
          ["media_address", "127.0.0.1"],
          ["bind_rtp_to_media_address", true],
          ["rewrite_contact", true],
          ["force_rport", true],
          ["direct_media", false],
        ],
      },
      {
        name: ext,
        lines: [
          ["type", "auth"],
          ["auth_type", "userpass"],
          ["username", ext],
          ["password", password],
        ],
      },
      {
        name: ext,
        // One softphone per agent: a new registration replaces the old one instead of being refused.
        lines: [
          ["type", "aor"],
          ["max_contacts", 1],
          ["remove_existing", true],
        ],
      },
    );
  }
  return renderConf("pjsip.ts", sections);
}

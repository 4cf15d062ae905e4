import { renderConf } from "./conf-file";
import type { ConfSection } from "./conf-file";
import { renderTrunkPjsip, VISITOR_CONTEXTS, visitorLineNames, type Trunk } from "@handoff/dialplan";
import { REMOTE_SITE, TRUNK_TRANSPORT } from "./lab-trunk";
import { PBX_ADDRESSES, VISITOR_LINE_COUNT } from "./input";
import type { DemoData } from "../demo-data";
import { phoneUsers } from "../demo-data";
import { CONTEXTS } from "./contexts";

export const WS_TRANSPORT = "handoff-ws";
export const WSS_TRANSPORT = "handoff-wss";

/** How often Asterisk sends OPTIONS to a registered phone; a contact that stops answering is unavailable after one miss. */
export const QUALIFY_FREQUENCY_SECONDS = 10;
export const QUALIFY_TIMEOUT_SECONDS = 3;

/**
 * One endpoint and AOR per phone user (agents and supervisors; the bot has no phone). Their auth
 * objects are not here: each endpoint names `auth=<extension>`, which Asterisk reads from the
 * realtime table the server writes at every sign-in (realtime.ts, dialplan/src/sip-auths.ts).
 */
/** WebRTC media as the agents' phones have it (PBX-NOTES: loopback candidates, DTLS-SRTP, no direct media). */
const WEBRTC_MEDIA = [
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
] as const;

/**
 * A website visitor's line: calls in only (no registration: the AOR takes no contact), reaches only the
 * visitor context (the bot), may not transfer. Its auth row is locked until the server issues a password
 * for one call, and locked again as soon as that call's channel exists.
 */
function visitorLineSections(line: string): ConfSection[] {
  return [
    {
      name: line,
      comment: "A website visitor (the call widget): one call at a time, to the voice bot only.",
      lines: [
        ["type", "endpoint"],
        ["transport", WS_TRANSPORT],
        ["context", VISITOR_CONTEXTS.entry],
        ["allow_transfer", false],
        ["callerid", `"Website visitor" <${line}>`],
        ["auth", line],
        ["aors", line],
        ...WEBRTC_MEDIA,
      ],
    },
    { name: line, lines: [["type", "aor"], ["max_contacts", 0]] },
  ];
}

/**
 * Trunks to other PBXs speak plain SIP over UDP on loopback. The remote PBX reaches it through the veth, whose host
 * end delivers to 127.0.0.1 (remote-site.ts), so this PBX tells it the veth's address: in Via and Contact, and in
 * SDP for its RTP (bound to 127.0.0.1 like every call's here). Nothing outside this machine can reach the port.
 */
const TRUNK_TRANSPORT_SECTION: ConfSection = {
  name: TRUNK_TRANSPORT,
  comment: "SIP trunks to other PBXs (lab-trunk.ts): plain UDP on loopback, announced as the veth's address.",
  lines: [
    ["type", "transport"],
    ["protocol", "udp"],
    ["bind", `${PBX_ADDRESSES.amiHost}:${REMOTE_SITE.sipPort}`],
    ["local_net", "127.0.0.0/8"],
    ["external_signaling_address", REMOTE_SITE.hostAddress],
    ["external_media_address", REMOTE_SITE.hostAddress],
  ],
};

/** What a trunk's calls need on this PBX: RTP bound to loopback like the rest (the transport announces the veth's address). */
const TRUNK_MEDIA = [
  ["media_address", "127.0.0.1"],
  ["bind_rtp_to_media_address", "yes"],
] as const;

export function renderPjsipConf(demo: DemoData, trunks: readonly Trunk[] = []): string {
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
    {
      name: WSS_TRANSPORT,
      // The same WebSocket over Asterisk's TLS listener (http.conf tlsbindaddr). Endpoints name the ws
      // transport, but Asterisk answers a phone on the connection it registered over, ws or wss alike.
      comment: "Browsers beyond loopback: the WebSocket transport over TLS.",
      lines: [
        ["type", "transport"],
        ["protocol", "wss"],
        ["bind", `${PBX_ADDRESSES.httpHost}:${PBX_ADDRESSES.httpsPort}`],
      ],
    },
  ];
  for (const user of phoneUsers(demo)) {
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
          // From the realtime table: a password valid for one sign-in only.
          ["auth", ext],
          ["aors", ext],
          ...WEBRTC_MEDIA,
        ],
      },
      {
        name: ext,
        // One softphone per agent. A second one is refused (403) while the first is registered, never
        // silently takes the extension over; a contact that stopped answering OPTIONS makes room.
        lines: [
          ["type", "aor"],
          ["max_contacts", 1],
          ["remove_existing", false],
          ["remove_unavailable", true],
          ["qualify_frequency", QUALIFY_FREQUENCY_SECONDS],
          ["qualify_timeout", QUALIFY_TIMEOUT_SECONDS],
        ],
      },
    );
  }
  for (const line of visitorLineNames(VISITOR_LINE_COUNT)) sections.push(...visitorLineSections(line));
  if (trunks.length === 0) return renderConf("pjsip.ts", sections);
  sections.push(TRUNK_TRANSPORT_SECTION);
  // The trunks' sections are the very text `npm run pbx:export` writes for an administrator (dialplan/src/trunks.ts).
  return `${renderConf("pjsip.ts", sections)}\n${trunks.map((trunk) => renderTrunkPjsip(trunk, TRUNK_MEDIA)).join("\n")}`;
}

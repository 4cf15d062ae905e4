import { HANDOFF_CONTEXTS } from "../names";

/** PJSIP settings a WebRTC agent's endpoint needs for the Handoff softphone (SIP.js over a WebSocket, DTLS-SRTP, ICE). */
export const WEBRTC_ENDPOINT_SETTINGS = [
  ["webrtc", true],
  ["dtls_auto_generate_cert", true],
  ["ice_support", true],
  ["disallow", "all"],
  ["allow", "opus,ulaw"],
  ["rewrite_contact", true],
  ["force_rport", true],
  ["direct_media", false],
  // Transfers go through the server (AMI) only: a REFER from the phone is refused (603).
  ["allow_transfer", false],
  // Should a transfer ever start from the channel, it lands in the product context.
  ["set_var", `TRANSFER_CONTEXT=${HANDOFF_CONTEXTS.transfer}`],
] as const satisfies readonly (readonly [string, string | boolean])[];

/** The endpoint template's name in pjsip_handoff.conf. */
export const WEBRTC_TEMPLATE = "handoff-webrtc";

/**
 * Dial strings an attacker holding an agent's SIP credentials would try, as they appear in a SIP
 * URI's user part: encoded and plain separators (`&`, `,`, `(`, `)`, `/`, `@`, `;`, a space), context
 * and special extension names, an overlong number, non-ASCII digits and an invisible character,
 * a satellite number, and feature codes. Each must be refused with no channel made, whether
 * INVITEd (hostile-sip.integration.test.ts) or named in a REFER's Refer-To (e2e pbx-lockdown).
 */
export const HOSTILE_TARGETS = [
  "1001%26PJSIP%2F1002", "1001&PJSIP/1002", "1001%2C1002", "0612345678%2Cb(handoff-transfer%5Es%5E1)", "0612345678%29", "0612345678%28",
  "0612345678%2F1", "0612345678%40handoff-transfer", "handoff-transfer", "s", "i", "h", "%2B8816123456", "0" + "1".repeat(40),
  "%D9%A0%D9%A61234567", "0612345678%E2%80%8B", "*8", "*21001", "%2A2", "#1", "%231001", "0612345678%3Bx", "%2B33%20612345678",
] as const;

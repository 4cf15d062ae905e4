/**
 * Contexts FreePBX generates or reserves (extensions_additional.conf, its modules, and the *_custom hooks):
 * an exported context must never take one of these names or prefixes, or it would replace or extend FreePBX's.
 * Our contexts all start with HANDOFF_PREFIX, which no FreePBX module uses.
 */
export const FREEPBX_CONTEXTS: readonly string[] = [
  "from-internal", "from-internal-additional", "from-internal-custom", "from-internal-noxfer", "from-internal-xfer",
  "from-queue", "from-queue-custom", "from-trunk", "from-pstn", "from-did-direct", "from-sip-external", "from-inbound",
  "ext-queues", "ext-local", "ext-group", "ext-findmefollow", "ext-meetme", "ext-test", "ext-did", "ext-route",
  "app-blackhole", "bad-number", "default", "globals", "general", "parkedcalls", "outbound-allroutes", "from-internal-xfer-ringing",
];
export const FREEPBX_PREFIXES: readonly string[] = ["macro-", "sub-", "app-", "ext-", "from-", "func-", "outrt-", "cidlookup", "ivr-", "timeconditions", "vm-"];

/** Every context the Handoff export adds starts with this. */
export const HANDOFF_PREFIX = "handoff-";

/** Why a context name would collide with FreePBX, or null. */
export function freepbxCollision(context: string): string | null {
  if (FREEPBX_CONTEXTS.includes(context)) return `${context} is a FreePBX context`;
  const prefix = FREEPBX_PREFIXES.find((p) => context.startsWith(p));
  return prefix === undefined ? null : `${context} starts with FreePBX's "${prefix}"`;
}

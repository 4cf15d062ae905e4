/**
 * One key per transfer action, reused by its retries, so the server runs the
 * AMI action once however often the request is sent. `randomUUID` needs a
 * secure context; plain-http web mode falls back to getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

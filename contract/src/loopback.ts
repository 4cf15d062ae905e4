/**
 * The one rule for "this computer", shared by the apps (which refuse plain http:// and ws:// elsewhere) and
 * the server (which refuses to hand such a SIP WebSocket out): a URL's hostname that can only be loopback.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127(?:\.\d{1,3}){3}$/.test(host) || host === "[::1]";
}

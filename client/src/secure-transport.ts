import { isLoopbackHost } from "@handoff/contract";
import { ApiError } from "./api-error";
import { parseUrl } from "./host";

/**
 * Plain http:// and ws:// only on this computer. Elsewhere the agent's password, token and calls would
 * cross the network readable by anyone on the way, and a browser gives a microphone only to a secure page,
 * so the refusal comes before anything is sent, in words that say why and what to ask for.
 * (What counts as this computer: isLoopbackHost, in contract/, which the server's configuration uses too.)
 */
/** The server's address (already normalized, server-url.ts): https, or http on this computer. */
export function requireSecureServer(serverUrl: string): void {
  const url = parseUrl(serverUrl);
  if (url.protocol === "https:" || isLoopbackHost(url.hostname)) return;
  throw new ApiError(
    "insecure",
    `Handoff will not sign in to ${url.origin}: plain http:// is not encrypted, so your password and calls would cross the network readable on the way, and the browser gives no microphone to such a page. Use the server's https:// address (ask your administrator).`,
  );
}

/** The SIP WebSocket a login hands out: wss, or ws on this computer. */
export function requireSecureSipWebSocket(wsServer: string): void {
  let url: ReturnType<typeof parseUrl>;
  try {
    url = parseUrl(wsServer);
  } catch {
    throw new ApiError("bad_response", `The server gave "${wsServer}" as its phone connection, which is not an address. Tell your administrator.`);
  }
  if (url.protocol === "wss:" || (url.protocol === "ws:" && isLoopbackHost(url.hostname))) return;
  throw new ApiError(
    "insecure",
    `Handoff will not connect your phone to ${wsServer}: a plain ws:// connection is not encrypted, so your calls' signalling and SIP password would cross the network readable on the way. Your administrator must give the PBX a wss:// address (Asterisk's TLS WebSocket, port 8089).`,
  );
}

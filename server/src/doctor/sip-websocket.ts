import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * Opens Asterisk's SIP WebSocket the way a softphone does (HTTP upgrade, subprotocol sip) and closes it at once.
 * Resolves with why it failed, or null: 101 with `sip` echoed is what SIP.js needs.
 */
export function probeSipWebSocket(url: string, timeoutMs = 5_000): Promise<string | null> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(`"${url}" is not a URL`);
      return;
    }
    const secure = target.protocol === "wss:";
    if (!secure && target.protocol !== "ws:") {
      resolve(`"${url}" is not a ws:// or wss:// URL`);
      return;
    }
    const request = (secure ? httpsRequest : httpRequest)({
      host: target.hostname,
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64"), "Sec-WebSocket-Protocol": "sip" },
      timeout: timeoutMs,
    });
    request.on("upgrade", (response, socket) => {
      socket.destroy();
      const protocol = response.headers["sec-websocket-protocol"];
      resolve(protocol === "sip" ? null : `the upgrade was accepted without the "sip" subprotocol (got ${protocol ?? "none"})`);
    });
    request.on("response", (response) => {
      response.resume();
      resolve(`HTTP ${response.statusCode} instead of 101 Switching Protocols: nothing serves a SIP WebSocket at ${target.pathname}`);
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => resolve(error.message));
    request.end();
  });
}

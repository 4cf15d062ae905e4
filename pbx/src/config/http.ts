import { renderConf } from "./conf-file";
import { PBX_ADDRESSES, TLS_FILES } from "./input";

/**
 * Asterisk's HTTP server carries only the SIP WebSocket (res_http_websocket serves /ws): plain on
 * httpPort (ws://, loopback development and the existing tests), and over TLS on httpsPort (wss://).
 */
export function renderHttpConf(): string {
  return renderConf("http.ts", [
    {
      name: "general",
      lines: [
        ["enabled", true],
        ["bindaddr", PBX_ADDRESSES.httpHost],
        ["bindport", PBX_ADDRESSES.httpPort],
        ["enablestatic", false],
        ["servername", "Handoff PBX"],
        ["tlsenable", true],
        ["tlsbindaddr", `${PBX_ADDRESSES.httpHost}:${PBX_ADDRESSES.httpsPort}`],
        ["tlscertfile", `/etc/asterisk/${TLS_FILES.cert}`],
        ["tlsprivatekey", `/etc/asterisk/${TLS_FILES.key}`],
      ],
    },
  ]);
}

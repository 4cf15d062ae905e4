import { renderConf } from "./conf-file";
import { PBX_ADDRESSES } from "./input";

/** Asterisk's HTTP server carries only the SIP WebSocket (res_http_websocket serves /ws). */
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
      ],
    },
  ]);
}

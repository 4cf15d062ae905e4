import { SIP_AUTHS } from "@handoff/dialplan";
import { renderConf } from "./conf-file";

/**
 * Realtime for one object type only: PJSIP auth objects come from the SQLite table the server writes
 * (a fresh password per sign-in, see dialplan/src/sip-auths.ts); endpoints, AORs and transports stay
 * in pjsip.conf. res_config_sqlite3 is the only realtime backend this Debian build can use here
 * (res_odbc needs an ODBC driver and DSN; pgsql/ldap need a server).
 */
export function renderRealtimeConfs(): Record<string, string> {
  return {
    "extconfig.conf": renderConf("realtime.ts", [
      { name: "settings", lines: [[SIP_AUTHS.table, `sqlite3,${SIP_AUTHS.database},${SIP_AUTHS.table}`, "=>"]] },
    ]),
    "sorcery.conf": renderConf("realtime.ts", [
      {
        name: "res_pjsip",
        // Naming a type here replaces its default wizard (pjsip.conf) for that type only.
        comment: "Auth objects from realtime, looked up on every request (no memory cache): a changed row counts at once.",
        lines: [["auth", `realtime,${SIP_AUTHS.table}`]],
      },
    ]),
    "res_config_sqlite3.conf": renderConf("realtime.ts", [
      {
        name: SIP_AUTHS.database,
        lines: [
          ["dbfile", SIP_AUTHS.fileInPbx, "=>"],
          // The table has a fixed schema (SIP_AUTHS_DDL): never let Asterisk alter it.
          ["requirements", "warn"],
          // 0: no write batching, which would hold the file locked against the server's writes.
          ["batch", 0],
          ["busy_timeout", 2000],
        ],
      },
    ]),
  };
}

import { SIP_AUTHS, SIP_REALTIME_OBJECTS } from "@handoff/dialplan";
import { renderConf } from "./conf-file";

/**
 * PJSIP auth objects come from the SQLite table the server writes (a fresh password per sign-in, see
 * dialplan/src/sip-auths.ts). Endpoints and AORs come from pjsip.conf, and only for a name it lacks from
 * two tables in the same file that are empty unless a benchmark runs (its REFER phone); transports stay
 * in pjsip.conf. res_config_sqlite3 is the only realtime backend this Debian build can use here
 * (res_odbc needs an ODBC driver and DSN; pgsql/ldap need a server).
 */
export function renderRealtimeConfs(): Record<string, string> {
  return {
    "extconfig.conf": renderConf("realtime.ts", [
      {
        name: "settings",
        lines: [SIP_AUTHS.table, SIP_REALTIME_OBJECTS.endpoints, SIP_REALTIME_OBJECTS.aors].map((table) => [table, `sqlite3,${SIP_AUTHS.database},${table}`, "=>"] as const),
      },
    ]),
    "sorcery.conf": renderConf("realtime.ts", [
      {
        name: "res_pjsip",
        // Naming a type here replaces its default wizard (pjsip.conf) for that type only.
        comment:
          "Auth objects from realtime, looked up on every request (no memory cache): a changed row counts at once.\n" +
          "Then pjsip.conf's auths: only trunks' (lab-trunk.ts) are there, never a phone's.\n" +
          "Endpoints and AORs: pjsip.conf first (its sections of that type), then a benchmark's rows, if any.",
        lines: [
          ["auth", `realtime,${SIP_AUTHS.table}`],
          ["auth", "config,pjsip.conf,criteria=type=auth"],
          ["endpoint", "config,pjsip.conf,criteria=type=endpoint"],
          ["endpoint", `realtime,${SIP_REALTIME_OBJECTS.endpoints}`],
          ["aor", "config,pjsip.conf,criteria=type=aor"],
          ["aor", `realtime,${SIP_REALTIME_OBJECTS.aors}`],
        ],
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

/**
 * A phone endpoint that may REFER, for the SIP REFER baseline only. Agents' endpoints refuse a REFER
 * (allow_transfer=no, pbx/src/config/pjsip.ts), so the baseline gets one of its own: rows written into
 * the realtime tables Asterisk reads beside pjsip.conf (dialplan/src/sip-auths.ts), with a password
 * made here and held nowhere else, removed when the benchmark ends (and by the next `npm run pbx:up`
 * if it dies first). Nothing in the dialplan dials it; a call reaches it only by the test AMI user's
 * Originate. Its context is the one the server's BlindTransfer uses, so a REFER is run by the same
 * dialplan as the other ways of moving the call.
 */
import { randomBytes } from "node:crypto";
import type { SIP_REALTIME_AOR_COLUMNS, SIP_REALTIME_ENDPOINT_COLUMNS } from "@handoff/dialplan";
import { HANDOFF_CONTEXTS, SIP_AUTHS, SIP_REALTIME_OBJECTS } from "@handoff/dialplan";
import BetterSqlite3 from "better-sqlite3";
import { WS_TRANSPORT } from "../../pbx/src/config/pjsip";
import type { PbxConnection } from "../../pbx/src/connection";
import { sipAuthDbOf } from "../../pbx/src/connection";
import type { PhoneCredentials } from "../phone/phone";

/** Not an extension (agents' are digits), so no dialplan pattern can reach it. */
export const REFER_ENDPOINT = "bench-refer";

type EndpointRow = Record<(typeof SIP_REALTIME_ENDPOINT_COLUMNS)[number], string>;
type AorRow = Record<(typeof SIP_REALTIME_AOR_COLUMNS)[number], string>;

export class ReferEndpoint {
  private constructor(
    private readonly file: string,
    readonly credentials: PhoneCredentials,
  ) {}

  /** Writes the endpoint, its AOR and its auth; Asterisk looks them up on the phone's next request. */
  static create(pbx: PbxConnection): ReferEndpoint {
    const file = sipAuthDbOf(pbx);
    const password = randomBytes(16).toString("hex");
    const endpoint: EndpointRow = {
      transport: WS_TRANSPORT,
      aors: REFER_ENDPOINT,
      auth: REFER_ENDPOINT,
      context: HANDOFF_CONTEXTS.transfer,
      disallow: "all",
      allow: "opus,ulaw",
      allow_transfer: "yes",
      webrtc: "yes",
      dtls_auto_generate_cert: "yes",
      ice_support: "yes",
      media_address: "127.0.0.1",
      bind_rtp_to_media_address: "yes",
      rewrite_contact: "yes",
      force_rport: "yes",
      direct_media: "no",
    };
    const aor: AorRow = { max_contacts: "1", remove_existing: "yes" };
    withDb(file, (db) => {
      const upsert = (table: string, row: Record<string, string>) => {
        const columns = ["id", ...Object.keys(row)];
        db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run({ id: REFER_ENDPOINT, ...row });
      };
      db.transaction(() => {
        upsert(SIP_REALTIME_OBJECTS.endpoints, endpoint);
        upsert(SIP_REALTIME_OBJECTS.aors, aor);
        upsert(SIP_AUTHS.table, { auth_type: "userpass", username: REFER_ENDPOINT, password });
      })();
    });
    return new ReferEndpoint(file, { wsServer: pbx.sipWsUrl, aor: `sip:${REFER_ENDPOINT}@${pbx.sipDomain}`, authorizationUsername: REFER_ENDPOINT, authorizationPassword: password });
  }

  remove(): void {
    withDb(this.file, (db) => {
      for (const table of [SIP_REALTIME_OBJECTS.endpoints, SIP_REALTIME_OBJECTS.aors, SIP_AUTHS.table]) db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(REFER_ENDPOINT);
    });
  }
}

function withDb(file: string, work: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(file);
  try {
    // Asterisk holds the file open too: wait for its reads rather than fail.
    db.pragma("busy_timeout = 2000");
    const missing = Object.values(SIP_REALTIME_OBJECTS).filter((table) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) === undefined);
    if (missing.length > 0) throw new Error(`${file} has no ${missing.join(", ")} table: run npm run pbx:up from this checkout first`);
    work(db);
  } finally {
    db.close();
  }
}

import { randomBytes } from "node:crypto";
import type { SipConfig } from "@handoff/contract";
import type { SipAuthTable } from "./auth-table";
import type { Registrar } from "./registrar-client";

export interface CredentialLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SipCredentialsOptions {
  table: Pick<SipAuthTable, "grant" | "revoke" | "holders" | "passwordOf">;
  registrar: Registrar;
  /** Handed to the phone: where it registers. */
  wsServer: string;
  domain: string;
  log: CredentialLog;
  newPassword?: () => string;
}

/** Hex: no character means anything in a SIP header or a digest. */
const randomPassword = () => randomBytes(16).toString("hex");

/**
 * SIP credentials that live exactly as long as a sign-in session:
 *
 *   sign-in ──issue──▶ held by the session (a fresh password; the one before stops working)
 *                          │
 *                          └── session ends (signed_out, expired, revoked, replaced) ──revoke──▶ locked
 *
 * Issuing and revoking each drop every registered contact of the extension at once, so a phone
 * holding an older password cannot stay registered on it until its registration expires.
 * A token renewal changes nothing here: the phone keeps its registration and its calls.
 * Nothing here hangs up a call. A call in progress survives its credential (Asterisk does not
 * re-authenticate requests inside a dialog); whether to end it on sign-out is the phone's decision.
 */
export class SipCredentials {
  private readonly newPassword: () => string;

  constructor(private readonly options: SipCredentialsOptions) {
    this.newPassword = options.newPassword ?? randomPassword;
  }

  /** A password for this session only, and everything the phone needs to register with it. */
  async issue(sessionId: string, agent: { extension: string; name: string }): Promise<SipConfig> {
    const password = this.newPassword();
    this.options.table.grant(agent.extension, sessionId, password);
    // A phone of an earlier session may still be registered (its password already no longer works).
    await this.dropContacts(agent.extension, password, "issued");
    return {
      wsServer: this.options.wsServer,
      aor: `sip:${agent.extension}@${this.options.domain}`,
      authorizationUsername: agent.extension,
      authorizationPassword: password,
      displayName: agent.name,
    };
  }

  /** The session's credential stops working now, and its phone is unregistered. Nothing if it holds none. */
  async revoke(sessionId: string): Promise<void> {
    const locked = this.newPassword();
    const extension = this.options.table.revoke(sessionId, locked);
    if (extension === null) return;
    await this.dropContacts(extension, locked, "revoked");
  }

  /**
   * After a restart: revokes credentials whose session has ended meanwhile (or lapsed, which `check`
   * finds out). A session this server does not know is left alone: another server instance with its
   * own database may share the PBX (tests do).
   */
  async sweep(check: (sessionId: string) => Promise<"live" | "ended" | "unknown">): Promise<number> {
    let revoked = 0;
    for (const { sessionId } of this.options.table.holders()) {
      if ((await check(sessionId)) !== "ended") continue;
      await this.revoke(sessionId);
      revoked += 1;
    }
    return revoked;
  }

  private async dropContacts(extension: string, password: string, why: "issued" | "revoked"): Promise<void> {
    try {
      await this.options.registrar.unregisterAll(extension, password);
    } catch (error) {
      // Signed in again meanwhile: that sign-in drops the contacts with its own password.
      if (this.options.table.passwordOf(extension) !== password) return;
      // The password has changed already; only the contact lingers, refused at its next refresh.
      this.options.log.warn({ extension, err: error }, `SIP credential ${why}, but the registered phone could not be dropped`);
    }
  }
}

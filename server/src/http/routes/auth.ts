import type {} from "@fastify/cookie";
import type {} from "@fastify/rate-limit";
import { LoginRequest, LoginResponse, LogoutResponse, RenewResponse, ResumeRequest, ResumeResponse } from "@handoff/contract";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { SignInsBusyError, type PasswordChecks } from "../../auth/password-checks";
import { parseRef, refToString, RememberedSignInRefusedError, type Remembered, type RememberedSignIns } from "../../auth/remembered-sign-ins";
import type { SessionService } from "../../auth/sessions";
import { InvalidTokenError } from "../../auth/tokens";
import type { SipCredentials } from "../../sip/credentials";
import type { AgentRow, AgentsStore } from "../../store/agents";
import { bearerToken, callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";
import type { AttemptBudget } from "../../cluster/shared-budget";
import { LoginBudget } from "../login-budget";

export interface AuthRoutesOptions {
  agents: AgentsStore;
  sessions: SessionService;
  remembered: RememberedSignIns;
  passwords: PasswordChecks;
  /** Issues each sign-in its own SIP password (revoked when the session ends: app.ts). */
  sip: Pick<SipCredentials, "issue">;
  /** Pages besides this server's own that may resume a remembered sign-in (the dev server). */
  allowedOrigins: readonly string[];
  /** Login attempts per minute from one address, whatever the usernames (a guesser cycling names). */
  loginsPerAddressPerMinute: number;
  /** With several replicas: a budget they all count together (cluster/shared-budget.ts); alone, this process counts. */
  budgetOf?: (name: string, max: number, windowMs: number) => AttemptBudget;
}

/** Sent only to the auth API, never readable by the page, never sent from another site. */
export const REMEMBER_COOKIE_PATH = "/api/auth";
/** Over https the __Secure- prefix makes the browser refuse the cookie without Secure. */
export const rememberCookieName = (secure: boolean) => (secure ? "__Secure-handoff-remember" : "handoff-remember");

function setRememberCookie(request: FastifyRequest, reply: FastifyReply, remembered: Remembered, nowMs: number): void {
  const secure = request.protocol === "https";
  void reply.setCookie(rememberCookieName(secure), refToString(remembered.ref), {
    path: REMEMBER_COOKIE_PATH,
    httpOnly: true,
    secure,
    sameSite: "strict",
    signed: true,
    maxAge: Math.max(0, Math.floor((remembered.expiresAtMs - nowMs) / 1000)),
  });
}

function clearRememberCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === "https";
  void reply.clearCookie(rememberCookieName(secure), { path: REMEMBER_COOKIE_PATH, httpOnly: true, secure, sameSite: "strict" });
}

/** SameSite is per site (every port of 127.0.0.1 is one site): the Origin names the page exactly. */
function fromAllowedOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  return typeof origin === "string" && (origin === `${request.protocol}://${request.host}` || allowed.includes(origin));
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { agents, sessions, remembered, passwords, sip, loginsPerAddressPerMinute, allowedOrigins, budgetOf }) => {
  // Every sign-in, by password or remembered, gets its own SIP password, good only for that session.
  const answer = async (agent: AgentRow, issued: { token: string; expiresAt: string; sessionId: string }) => ({
    token: issued.token,
    expiresAt: issued.expiresAt,
    agent: { id: agent.id, name: agent.name, username: agent.username, extension: agent.extension, role: agent.role },
    sip: agent.extension === null ? null : await sip.issue(issued.sessionId, { extension: agent.extension, name: agent.name }),
  });

  // Two budgets: per address (a flood of made-up names from one place) and, inside it, per
  // address and username (slows guessing one password without locking a whole office out).
  const perAddress = app.rateLimit({ max: loginsPerAddressPerMinute, timeWindow: "1 minute", keyGenerator: (request) => `login:${request.ip}` });
  const perUsername = budgetOf?.("login-username", 10, 60_000) ?? new LoginBudget(10, 60_000);
  app.post(
    "/api/auth/login",
    {
      schema: { body: LoginRequest, response: { 200: LoginResponse } },
      preHandler: perAddress,
    },
    async (request, reply) => {
      if (!(await perUsername.take(`${request.ip}|${request.body.username}`))) throw new HttpError("rate_limited", "Too many attempts. Wait a minute and try again.");
      const agent = await agents.byUsername(request.body.username);
      let valid: boolean;
      try {
        valid = await passwords.check(agent?.password_hash, request.body.password);
      } catch (error) {
        if (!(error instanceof SignInsBusyError)) throw error;
        void reply.header("retry-after", "3");
        throw new HttpError("rate_limited", error.message);
      }
      if (agent === undefined || !valid) throw new HttpError("unauthenticated", "Wrong username or password.");
      // An agent with a phone has one registration: a new sign-in replaces the older session (its phone is dropped).
      const issued = await sessions.start({ id: agent.id, role: agent.role }, { exclusive: agent.extension !== null });
      if (request.body.remember === true) setRememberCookie(request, reply, await remembered.remember(agent.id, issued.sessionId), Date.now());
      request.log.info({ agentId: agent.id, remembered: request.body.remember === true }, "signed in");
      return answer(agent, issued);
    },
  );

  // Not under the login budget: no password is checked (nothing to guess in a signed 128-bit id, no argon2 to spend),
  // and an office behind one address reloading at once must not be refused. CSRF: SameSite=Strict, this Origin check,
  // and a JSON body (another origin's request needs a CORS preflight this server never grants, and could not read the answer).
  app.post("/api/auth/resume", { schema: { body: ResumeRequest, response: { 200: ResumeResponse } } }, async (request, reply) => {
    if (!fromAllowedOrigin(request, allowedOrigins)) throw new HttpError("forbidden", "Resume a remembered sign-in from the Handoff page itself.");
    const raw = request.cookies[rememberCookieName(request.protocol === "https")];
    const unsigned = raw === undefined ? null : request.unsignCookie(raw);
    const ref = unsigned?.valid === true && unsigned.value !== null ? parseRef(unsigned.value) : null;
    if (ref === null) {
      if (raw !== undefined) clearRememberCookie(request, reply);
      throw new HttpError("unauthenticated", "This browser has no remembered sign-in. Sign in.");
    }
    try {
      const resumed = await remembered.resume(ref);
      setRememberCookie(request, reply, resumed.remembered, Date.now());
      request.log.info({ agentId: resumed.agent.id }, "resumed a remembered sign-in");
      return answer(resumed.agent, resumed.session);
    } catch (error) {
      if (!(error instanceof RememberedSignInRefusedError)) throw error;
      if (error.revoked) request.log.warn({ remembered: ref.id }, "a remembered sign-in's cookie was used twice; ended it and its session");
      clearRememberCookie(request, reply);
      throw new HttpError("unauthenticated", `Sign in again: ${error.message}.`);
    }
  });

  // Not behind the guard: renewing a token that was already renewed must reach the session, which then ends.
  app.post("/api/auth/renew", { schema: { response: { 200: RenewResponse } } }, async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new HttpError("unauthenticated", "Sign in first: send Authorization: Bearer <token>.");
    try {
      const { token: renewed, expiresAt } = await sessions.renew(token);
      return { token: renewed, expiresAt };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new HttpError("unauthenticated", error.message);
      throw error;
    }
  });

  app.post("/api/auth/logout", { schema: { response: { 200: LogoutResponse } }, preHandler: guard(sessions, ["agent", "supervisor", "bot"]) }, async (request, reply) => {
    const { sessionId, agentId } = callerOf(request);
    // Before the answer: a copy of the cookie must not resume in the moment after a sign-out.
    await remembered.forgetSession(sessionId, "signed_out");
    await sessions.end(sessionId, "signed_out");
    clearRememberCookie(request, reply);
    request.log.info({ agentId }, "signed out");
    return { signedOut: true as const };
  });
};

import { z } from "zod";
import { Agent } from "./agents";
import { safeText } from "./text";

export const LoginRequest = z
  .object({
    username: safeText(64).min(1),
    password: safeText(256).min(1),
    /** A browser asks to be remembered: the answer sets an HttpOnly refresh cookie for POST /api/auth/resume. */
    remember: z.boolean().optional(),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Everything the softphone needs to register; null for a bot, which has no phone. */
export const SipConfig = z.object({
  wsServer: z.string(),
  aor: z.string(),
  authorizationUsername: z.string(),
  authorizationPassword: z.string(),
  displayName: z.string(),
});
export type SipConfig = z.infer<typeof SipConfig>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  agent: Agent,
  sip: SipConfig.nullable(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** POST /api/auth/resume: a browser's remembered sign-in (its cookie) exchanged for a new session, the same answer as a login. */
export const ResumeRequest = z.object({}).strict();
export type ResumeRequest = z.infer<typeof ResumeRequest>;
export const ResumeResponse = LoginResponse;
export type ResumeResponse = LoginResponse;

/** POST /api/auth/logout: the session is over; its tokens are refused from now on. */
export const LogoutResponse = z.object({ signedOut: z.literal(true) });
export type LogoutResponse = z.infer<typeof LogoutResponse>;

export const RenewResponse = z.object({ token: z.string(), expiresAt: z.string() });
export type RenewResponse = z.infer<typeof RenewResponse>;

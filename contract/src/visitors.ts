import { z } from "zod";

/**
 * POST /api/visitor-calls (no account; only from the pages HANDOFF_WIDGET_ORIGINS names): a website visitor's
 * credential for one WebRTC call to the voice bot. It works for that one call only: unused, it expires at
 * `expiresAt`; once the call exists, a second call with it is refused; when the call ends the line is free.
 */
export const VisitorCallResponse = z.object({
  sip: z.object({
    wsServer: z.string(),
    /** The line's SIP identity; the visitor does not register, it only calls. */
    aor: z.string(),
    authorizationUsername: z.string(),
    authorizationPassword: z.string(),
    displayName: z.string(),
    /** What to call: the voice bot, the only destination the line has. */
    target: z.string(),
  }),
  expiresAt: z.string(),
});
export type VisitorCallResponse = z.infer<typeof VisitorCallResponse>;

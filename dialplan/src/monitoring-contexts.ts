import type { Context } from "./render";

/**
 * Supervisor monitoring (listen, whisper, barge) without giving the server's AMI user `originate`.
 *
 * The server authorizes a supervisor's request and tells their app to dial MONITOR_EXTENSION. Phones reach only
 * MONITOR_CONTEXTS.wait, which answers, says so (MONITOR_EVENTS.waiting) and waits in silence. The server matches
 * the channel's endpoint against the grant it issued; only then does it Setvar MONITOR_VARS on that channel and
 * Redirect it into MONITOR_CONTEXTS.spy, which no phone can dial. Anything else that waits (an agent dialling the
 * extension, a supervisor without a grant) is Redirected to the refusal, or hangs up when the wait runs out:
 * nothing is spied, no audio is heard.
 */
export const MONITOR_CONTEXTS = { wait: "handoff-monitor", spy: "handoff-monitor-spy" } as const;

/** What a supervisor's phone dials once the server has granted a session. */
export const MONITOR_EXTENSION = "*85";

/** The spy context's extensions: one per mode, then the end (the server Redirects here to stop a session). */
export const MONITOR_MODES = ["listen", "whisper", "barge"] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];
export const MONITOR_END = "end";
/** The wait context's extension the server sends a refused channel to. */
export const MONITOR_REFUSED = "refused";

/** Channel variables the server sets (AMI Setvar) on the supervisor's channel before the Redirect. */
export const MONITOR_VARS = {
  /** The agent's channel's uniqueid: ChanSpy's `u` spies on exactly that channel, never on one whose name merely begins the same. */
  target: "HANDOFF_MONITOR_TARGET",
  /** The server's session id, echoed in MONITOR_EVENTS.ended. */
  session: "HANDOFF_MONITOR_SESSION",
} as const;

/** AMI UserEvents (read class "user"); AMI adds the channel's Channel, Uniqueid and Linkedid. */
export const MONITOR_EVENTS = {
  /** A phone's channel answered in the wait context: the server decides whether it may spy. */
  waiting: "HandoffMonitorWaiting",
  /** ChanSpy returned by itself (the agent's channel hung up or never existed): the session is over. Field Session. */
  ended: "HandoffMonitorEnded",
  /** The wait ran out with no decision (the server is away): the channel hangs up unspied. */
  timedOut: "HandoffMonitorTimedOut",
} as const;

/** `[globals]`: how long a phone waits in the wait context for the server before it is hung up. */
export const MONITOR_GLOBALS = { waitSeconds: "HANDOFF_MONITOR_WAIT_SECONDS" } as const;
export const MONITOR_WAIT_SECONDS = 10;

/**
 * ChanSpy options per mode: q no beep or name; E end when the spied channel hangs up; S end when nothing is left
 * to spy on (the agent's channel was gone before we started); u the target is a uniqueid. No d: the supervisor's
 * keypad must not switch modes behind the server's audit. w whispers to the agent only; B talks to both parties.
 */
const SPY_OPTIONS: Record<MonitorMode, string> = { listen: "qESu", whisper: "qESuw", barge: "qESuB" };

/** A uniqueid as Asterisk writes it (1733222222.42, or a system name before it); anything else never reaches ChanSpy. */
const UNIQUEID = "^[A-Za-z0-9_-]*[0-9]+[.][0-9]+$";

export function monitorGlobals(waitSeconds = MONITOR_WAIT_SECONDS): string[] {
  return [`${MONITOR_GLOBALS.waitSeconds} = ${waitSeconds}`];
}

export function monitoringContexts(): Context[] {
  const target = `\${${MONITOR_VARS.target}}`;
  return [
    {
      name: MONITOR_CONTEXTS.wait,
      comment:
        `Phones reach this by dialling ${MONITOR_EXTENSION}: it answers, tells the server (${MONITOR_EVENTS.waiting}) and waits in silence.\n` +
        `Only the server moves an authorized supervisor's channel on (into ${MONITOR_CONTEXTS.spy}, which no phone can dial);\n` +
        `anyone else is sent to ${MONITOR_REFUSED} or hangs up when ${MONITOR_GLOBALS.waitSeconds} run out. Nothing here spies.`,
      extensions: [
        {
          pattern: "s",
          steps: [
            "Answer()",
            `UserEvent(${MONITOR_EVENTS.waiting})`,
            `Wait(\${${MONITOR_GLOBALS.waitSeconds}})`,
            `UserEvent(${MONITOR_EVENTS.timedOut})`,
            "Hangup(21)",
          ],
        },
        { pattern: MONITOR_REFUSED, steps: ["Hangup(21)"] },
      ],
    },
    {
      name: MONITOR_CONTEXTS.spy,
      comment:
        `Reached only by the server's Redirect, after it set ${MONITOR_VARS.target} (the agent's channel's uniqueid) on this\n` +
        `channel. One extension per mode; a mode switch is another Redirect. When ChanSpy returns by itself the agent's call\n` +
        `is over: ${MONITOR_EVENTS.ended}, and the supervisor's leg hangs up. The agent's and the caller's channels are never touched.`,
      extensions: [
        ...MONITOR_MODES.map((mode) => ({
          pattern: mode,
          steps: [`GotoIf(\${REGEX("${UNIQUEID}" ${target})}?:${MONITOR_END},1)`, `ChanSpy(${target},${SPY_OPTIONS[mode]})`, `Goto(${MONITOR_END},1)`],
        })),
        { pattern: MONITOR_END, steps: [`UserEvent(${MONITOR_EVENTS.ended},Session: \${${MONITOR_VARS.session}})`, "Hangup()"] },
      ],
    },
  ];
}

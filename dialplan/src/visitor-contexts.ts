import type { Context } from "./render";

/**
 * Website visitors (the call widget) and the reference voice bot that answers them.
 *
 * A visitor's WebRTC endpoint (one of a small pool, `visitor-1`…, whose password the server issues for a
 * single call) runs in VISITOR_CONTEXTS.entry, which has exactly one extension: the bot. No agent, queue,
 * outside number or feature code exists there, so anything else a visitor dials gets a 404 and no channel.
 * One call per line at a time: a second INVITE while the first call lives is hung up before the bot answers.
 *
 * VISITOR_CONTEXTS.bot is the reference bot's media: it answers, "speaks" a prompt tone, and when the visitor
 * presses 0 it emits VISITOR_EVENTS.asksForHuman and keeps the visitor company (another tone) until the
 * reference bot process (bot/) has the server hand the caller on with POST /api/handoffs. A real AI bot
 * replaces this context and the process together; the server needs only that the caller's channel runs in a
 * context listed in HANDOFF_BOT_CONTEXTS when the handoff is asked for.
 */
export const VISITOR_CONTEXTS = { entry: "handoff-visitor", bot: "handoff-visitor-bot" } as const;

/** The visitor lines' endpoint names (and their auth ids): `visitor-1`, `visitor-2`, … */
export function visitorLineNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `visitor-${i + 1}`);
}

/** What the widget dials: the only extension of the visitor context. */
export const VISITOR_BOT_EXTENSION = "bot";

/** Group that counts one visitor line's live calls (GROUP_COUNT). */
const LINE_GROUP = "handoff-visitor-line";

/** AMI UserEvents of the reference bot's dialplan (read class "user"); fields beyond Channel/Uniqueid AMI adds. */
export const VISITOR_EVENTS = { asksForHuman: "HandoffVisitorAsksForHuman" } as const;

/** Globals the bot context reads: the tones it plays as its "voice" (tests tell them apart by frequency). */
export const VISITOR_GLOBALS = { promptTone: "HANDOFF_VISITOR_PROMPT_TONE", holdTone: "HANDOFF_VISITOR_HOLD_TONE" } as const;
export const VISITOR_TONE_DEFAULTS = { promptHz: 520, holdHz: 740 } as const;

export function visitorGlobals(tones: { promptHz: number; holdHz: number } = VISITOR_TONE_DEFAULTS): string[] {
  return [`${VISITOR_GLOBALS.promptTone} = ${tones.promptHz}`, `${VISITOR_GLOBALS.holdTone} = ${tones.holdHz}`];
}

export function visitorContexts(): Context[] {
  const tone = (name: string) => `Playtones(\${${name}})`;
  return [
    {
      name: VISITOR_CONTEXTS.entry,
      comment:
        "Website visitors' endpoints (visitor-N, a password per call from the server): they reach the bot and nothing else.\n" +
        "A second call on the same line while one lives is refused before anything answers.",
      extensions: [
        {
          pattern: VISITOR_BOT_EXTENSION,
          steps: [
            `Set(GROUP(${LINE_GROUP})=\${CHANNEL(endpoint)})`,
            `GotoIf($[\${GROUP_COUNT(\${CHANNEL(endpoint)}@${LINE_GROUP})} > 1]?busy)`,
            `Goto(${VISITOR_CONTEXTS.bot},s,1)`,
            { label: "busy", app: "Hangup(17)" },
          ],
        },
      ],
    },
    {
      name: VISITOR_CONTEXTS.bot,
      comment:
        "The reference voice bot's side of the call: a prompt tone, DTMF 0 asks for a person (UserEvent for bot/), then a\n" +
        "waiting tone until the server moves the caller on. Other digits and silence replay the prompt; nothing hangs up.",
      extensions: [
        { pattern: "s", steps: ["Answer()", { label: "prompt", app: tone(VISITOR_GLOBALS.promptTone) }, "WaitExten(3600)", "Goto(prompt)"] },
        {
          pattern: "0",
          steps: [`UserEvent(${VISITOR_EVENTS.asksForHuman})`, tone(VISITOR_GLOBALS.holdTone), { label: "wait", app: "Wait(3600)" }, "Goto(wait)"],
        },
        { pattern: "i", steps: ["Goto(s,prompt)"] },
        { pattern: "t", steps: ["Goto(s,prompt)"] },
      ],
    },
  ];
}

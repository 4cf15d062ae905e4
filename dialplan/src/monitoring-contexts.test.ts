import { describe, expect, it } from "vitest";
import { MONITOR_CONTEXTS, MONITOR_MODES, MONITOR_VARS, monitoringContexts } from "./monitoring-contexts";
import { renderContext } from "./render";

const [wait, spy] = monitoringContexts().map(renderContext);

describe("the monitoring contexts", () => {
  it("the wait context only answers, reports and waits: it spies on nothing and leads nowhere", () => {
    expect(wait).toContain(`[${MONITOR_CONTEXTS.wait}]`);
    expect(wait).not.toMatch(/ChanSpy|Goto|Dial|Gosub/);
  });

  it("the spy context spies on the uniqueid the server set, quietly, ending with the agent's channel, and only after checking it", () => {
    expect(spy).toContain(`[${MONITOR_CONTEXTS.spy}]`);
    const options = Object.fromEntries(MONITOR_MODES.map((mode) => [mode, new RegExp(`exten => ${mode},1,GotoIf\\(\\$\\{REGEX\\("[^"]+" \\$\\{${MONITOR_VARS.target}\\}\\)\\}\\?:end,1\\)\\n same => n,ChanSpy\\(\\$\\{${MONITOR_VARS.target}\\},([A-Za-z]+)\\)`).exec(spy ?? "")?.[1]]));
    // u: a uniqueid, never a name prefix; E/S: end with the agent's channel; q: no beep. No d: the keypad cannot switch modes.
    expect(options).toEqual({ listen: "qESu", whisper: "qESuw", barge: "qESuB" });
  });
});

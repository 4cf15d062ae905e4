import { renderConf } from "./conf-file";
import type { AsteriskConfig } from "./index";

/**
 * Config files that Asterisk's core reads at start and logs an error about when absent. They hold
 * defaults only, except cdr/cel: call records are switched off, nothing here would read them.
 */
export function renderCoreDefaults(): AsteriskConfig {
  return {
    "cdr.conf": renderConf("core-defaults.ts", [{ name: "general", lines: [["enable", false]] }]),
    "cel.conf": renderConf("core-defaults.ts", [{ name: "general", lines: [["enable", false]] }]),
    "acl.conf": renderConf("core-defaults.ts", []),
    "udptl.conf": renderConf("core-defaults.ts", [{ name: "general", lines: [] }]),
    "ccss.conf": renderConf("core-defaults.ts", [{ name: "general", lines: [] }]),
    "pjproject.conf": renderConf("core-defaults.ts", [{ name: "startup", lines: [["type", "startup"]] }]),
    // Ring, busy and congestion tones for channels that Asterisk plays tones to (Local, queue callers).
    "indications.conf": renderConf("core-defaults.ts", [
      { name: "general", lines: [["country", "us"]] },
      {
        name: "us",
        lines: [
          ["description", "United States / North America"],
          ["ringcadence", "2000,4000"],
          ["dial", "350+440"],
          ["busy", "480+620/500,0/500"],
          ["ring", "440+480/2000,0/4000"],
          ["congestion", "480+620/250,0/250"],
          ["callwaiting", "440/300,0/10000"],
          ["dialrecall", "!350+440/100,!0/100,!350+440/100,!0/100,!350+440/100,!0/100,350+440"],
          ["record", "1400/500,0/15000"],
          ["info", "!950/330,!1400/330,!1800/330,0"],
        ],
      },
    ]),
  };
}

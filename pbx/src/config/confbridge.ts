import { renderConf } from "./conf-file";

/**
 * app_confbridge declines to load without this file. Only the two default profiles: the product dialplan
 * (dialplan/ handoff-conference) sets what its rooms need per channel with CONFBRIDGE().
 */
export function renderConfBridgeConf(): string {
  return renderConf("confbridge.ts", [
    { name: "general", lines: [] },
    { name: "default_bridge", lines: [["type", "bridge"]] },
    { name: "default_user", lines: [["type", "user"]] },
  ]);
}

import { ConfigError, loadConfig } from "../config";
import { directoryExtensions } from "./directory";
import { exitCodeOf, formatFinding } from "./findings";
import { judge } from "./judge";
import { probePbx } from "./probe";

/**
 * npm run doctor: with the server's environment, checks the Asterisk it names, one line per check with the fix
 * when it fails. Exit 0 only if the server will work (warnings and notes do not count).
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.log(`FAIL config: ${error.message}`);
    return 1;
  }
  const agentExtensions = await directoryExtensions(config);
  console.log(`doctor: AMI ${config.ami.host}:${config.ami.port} as "${config.ami.username}", SIP WebSocket ${config.sip.wsServer}, ${agentExtensions.length} agents with a phone`);
  const expected = { amiUser: config.ami.username, sipWsUrl: config.sip.wsServer, sipAuthDb: config.sip.authDb, ringSeconds: config.transfer.ringSeconds, queues: config.transfer.queues, fallbackQueue: config.transfer.fallbackQueue, botContexts: config.botContexts, agentExtensions };
  const findings = judge(await probePbx(config.ami, expected), expected, config.ami);
  if (agentExtensions.length === 0) findings.push({ id: "directory", status: "warn", detail: "no agent with an extension in the directory (database or HANDOFF_SEED_FILE): no endpoint was checked", fix: "seed the agents (HANDOFF_SEED_FILE) or run the doctor where the server's database is" });
  for (const finding of findings) console.log(formatFinding(finding));
  const code = exitCodeOf(findings);
  console.log(code === 0 ? "doctor: the server will work with this Asterisk" : "doctor: fix the FAIL lines above, then run it again");
  return code;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`doctor: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

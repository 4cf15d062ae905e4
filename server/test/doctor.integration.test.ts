import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AsteriskConfig } from "../../pbx/src/config/index";
import { loadPbxConnection } from "../../pbx/src/connection";
import { LAB_PORTS, LabPbx } from "../../pbx/src/lab-pbx";
import { BROKEN, exportedConfig, LAB_USERS, SITE } from "./support/doctor-lab";

/**
 * `npm run doctor` against the real Asterisk: the shared local PBX passes; a second, short-lived Asterisk
 * (own ports and directories, same cached root) loads the `npm run pbx:export` files and passes too; then each
 * deliberately broken configuration is named with its fix. The shared PBX is never changed.
 */
const lab = new LabPbx("handoff-doctor");
const seed = join(tmpdir(), `handoff-doctor-seed-${process.pid}.json`);
writeFileSync(seed, JSON.stringify(SITE.agentExtensions.map((extension) => ({ username: `a${extension}`, name: `Agent ${extension}`, extension, role: "agent", password: "doctor-test-password" }))));

interface Run {
  code: number | null;
  lines: string[];
  line(id: string): string;
}

function doctor(env: Record<string, string>): Run {
  const result = spawnSync("npx", ["tsx", "server/src/doctor/main.ts"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HANDOFF_AMI_HOST: "127.0.0.1",
      HANDOFF_SIP_DOMAIN: "handoff.local",
      // The lab reads the same realtime file as the shared PBX; the doctor opens it read-only.
      HANDOFF_SIP_AUTH_DB: loadPbxConnection().sipAuthDb ?? "",
      HANDOFF_JWT_SECRET: "d".repeat(40),
      HANDOFF_SEED_FILE: seed,
      HANDOFF_SQLITE_PATH: join(tmpdir(), "handoff-doctor-no-database.sqlite"),
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  const lines = result.stdout.split("\n").filter(Boolean);
  return { code: result.status, lines, line: (id) => lines.find((l) => l.includes(` ${id}: `)) ?? `(no ${id} line in:\n${result.stdout}${result.stderr})` };
}

const labEnv = (who: { username: string; secret: string } = LAB_USERS.server) => ({ HANDOFF_AMI_PORT: String(LAB_PORTS.ami), HANDOFF_AMI_USERNAME: who.username, HANDOFF_AMI_SECRET: who.secret, HANDOFF_SIP_WS_URL: `ws://127.0.0.1:${LAB_PORTS.http}/ws` });
const failures = (run: Run) => run.lines.filter((l) => l.startsWith("FAIL"));

afterAll(async () => {
  await lab.stop();
});

describe("npm run doctor on the shared local Asterisk", () => {
  it("passes, every line ok or a note", () => {
    const { ami, sipWsUrl } = loadPbxConnection();
    const run = doctor({ HANDOFF_AMI_PORT: String(ami.port), HANDOFF_AMI_USERNAME: ami.username, HANDOFF_AMI_SECRET: ami.secret, HANDOFF_SIP_WS_URL: sipWsUrl });
    expect(failures(run)).toEqual([]);
    expect(run.lines.filter((l) => l.startsWith("WARN"))).toEqual([]);
    expect(run.line("sip.websocket")).toMatch(/^ok/);
    expect(run.code).toBe(0);
  });
});

describe("npm run doctor on a lab Asterisk", () => {
  const config = () => lab.relocate(exportedConfig());
  const startWith = async (c: AsteriskConfig) => lab.start(c);

  it("loads the exported files as the guide includes them, and passes", async () => {
    await startWith(config());
    const shown = await lab.cli("dialplan show handoff-transfer");
    expect(shown.output).toContain("[ Context 'handoff-transfer' created by 'pbx_config' ]");
    const contexts = await lab.cli("dialplan show");
    for (const name of ["handoff-transfer", "handoff-handoff", "handoff-transfer-failed", "handoff-recall-headers", "handoff-fallback", "handoff-transfer-codes"]) expect(contexts.output).toContain(`'${name}'`);
    const run = doctor(labEnv());
    expect(failures(run)).toEqual([]);
    expect(run.line("features.atxfer")).toMatch(/^ok .*global code \*2/);
    expect(run.code).toBe(0);
  });

  it("an AMI user without call write: fails, names call and the write line to set", () => {
    const run = doctor(labEnv(LAB_USERS.noCall));
    expect(run.line("classes.write")).toMatch(/^FAIL .*lack call \(cannot run BlindTransfer, Atxfer.*fix: .*write = call,reporting/);
    // Its read classes are fine: without write=call the doctor cannot prove call, and says so instead of failing it.
    expect(run.line("classes.read")).toMatch(/^ok/);
    expect(run.line("classes.read.unproven")).toMatch(/^note classes.read.unproven: call, agent and user/);
    expect(run.code).toBe(1);
  });

  it("a user with originate: warned with the fix; the server still works", () => {
    const run = doctor(labEnv(LAB_USERS.originate));
    expect(run.line("classes.excess")).toMatch(/^WARN .*originate.*fix: remove originate from write/);
    expect(failures(run)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("a user with system, command and originate: ModuleCheck confirms the modules, and each class is warned", () => {
    const run = doctor(labEnv(LAB_USERS.admin));
    expect(run.lines.some((l) => l.includes(" modules.how: "))).toBe(false);
    for (const id of ["module.pjsip", "module.websocket", "module.queues", "module.bridging"]) expect(run.line(id)).toMatch(/^ok/);
    expect(run.line("classes.excess")).toMatch(/^WARN .*may also write command, originate, system/);
    expect(run.code).toBe(0);
  });

  it("a wrong secret: the login is refused, with what to check", () => {
    const run = doctor(labEnv({ username: LAB_USERS.server.username, secret: "wrong" }));
    expect(run.line("ami.login")).toMatch(/^FAIL .*refused.*fix: check HANDOFF_AMI_USERNAME and HANDOFF_AMI_SECRET/);
    expect(run.code).toBe(1);
  });

  it("a missing context: named, with the include to add", async () => {
    await startWith(lab.relocate(BROKEN["missing context"](exportedConfig())));
    const run = doctor(labEnv());
    expect(run.line("dialplan.handoff-fallback")).toMatch(/^FAIL dialplan.handoff-fallback: context handoff-fallback is missing -> fix: include extensions_handoff.conf/);
    expect(failures(run)).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it("no atxfer code: every attended transfer would fail; the featuremap include is the fix", async () => {
    await startWith(lab.relocate(BROKEN["missing atxfer code"](exportedConfig())));
    const run = doctor(labEnv());
    expect(run.line("features.atxfer")).toMatch(/^FAIL features.atxfer: no atxfer code.*fix: include features_featuremap_handoff.conf inside \[featuremap\]/);
    expect(failures(run)).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it("an agent's endpoint without webrtc: that endpoint, and webrtc = yes", async () => {
    await startWith(lab.relocate(BROKEN["endpoint without webrtc"](exportedConfig())));
    const run = doctor(labEnv());
    expect(run.line("endpoint.1001")).toMatch(/^FAIL endpoint.1001: endpoint 1001 is not WebRTC-capable \(webrtc = no\) -> fix: set webrtc = yes/);
    expect(run.line("endpoint.1002")).toMatch(/^ok/);
    expect(failures(run)).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it("the WebSocket transport off: the upgrade fails, and the module to load is named", async () => {
    await startWith(lab.relocate(BROKEN["websocket transport off"](exportedConfig())));
    const run = doctor(labEnv());
    expect(run.line("sip.websocket")).toMatch(/^FAIL .*fix: .*res_pjsip_transport_websocket/);
    expect(run.line("module.websocket")).toMatch(/^FAIL .*fix: load res_http_websocket.so and res_pjsip_transport_websocket.so/);
    expect(run.code).toBe(1);
    // ModuleCheck, where the user may run it, says the same.
    expect(doctor(labEnv(LAB_USERS.admin)).line("module.websocket")).toMatch(/^FAIL .*not loaded/);
  });
});

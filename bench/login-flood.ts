/**
 * login-flood: token renewals and a real agent's sign-in while 400 logins with made-up
 * usernames arrive at once from one address, beside the same with no flood. The flood
 * comes from 127.0.0.2, the agent from 127.0.0.1 (another desk), so the per-address
 * budget is what stops the flood, and what is left shows whether password checks still
 * queue other requests behind them.
 */
import { request } from "node:http";
import { loadavg } from "node:os";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { isMain, runAlone } from "./lib/run-alone";
import { startServerProcess, type ServerProcess } from "./lib/server-process";
import { median, percentile } from "./lib/stats";

const FLOOD = 400;
const RENEWALS = 20;
const LOGINS = 8;
// The renewing agent never signs in again during a run: a new sign-in ends that agent's
// other session (signed out elsewhere), which would fail every renewal after it.
const RENEWER = "alice";
const SIGNING_IN = ["bob", "carol", "dave", "erin", "sam"];

interface Answer {
  status: number;
  ms: number;
  body: string;
}

/** One HTTP request from a chosen local address (fetch cannot choose one). */
function post(server: ServerProcess, path: string, from: string, body: unknown, token?: string): Promise<Answer> {
  const url = new URL(path, server.url);
  const payload = body === undefined ? "" : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", localAddress: from, agent: false, headers: { ...(body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function measure(server: ServerProcess, password: (username: string) => string, flood: boolean, loginOffset: number) {
  const first = await post(server, "/api/auth/login", "127.0.0.1", { username: RENEWER, password: password(RENEWER) });
  let token = (JSON.parse(first.body) as { token: string }).token;
  const floodAnswers = flood ? Array.from({ length: FLOOD }, (_, i) => post(server, "/api/auth/login", "127.0.0.2", { username: `nobody-${i}`, password: "guess" })) : [];
  const renewals: Answer[] = [];
  const logins: Answer[] = [];
  for (let i = 0; i < Math.max(RENEWALS, LOGINS); i++) {
    if (i < RENEWALS) {
      const renewed = await post(server, "/api/auth/renew", "127.0.0.1", undefined, token);
      renewals.push(renewed);
      if (renewed.status === 200) token = (JSON.parse(renewed.body) as { token: string }).token;
    }
    if (i < LOGINS) {
      const username = SIGNING_IN[(i + loginOffset) % SIGNING_IN.length] ?? "bob";
      logins.push(await post(server, "/api/auth/login", "127.0.0.1", { username, password: password(username) }));
    }
  }
  const floodStatuses = (await Promise.all(floodAnswers)).map((a) => a.status);
  return { renewals, logins, floodStatuses };
}

function rows(label: string, run: Awaited<ReturnType<typeof measure>>, subject: { renew: number | undefined; login: number | undefined }): BenchmarkRow[] {
  const ok = (answers: Answer[]) => answers.filter((a) => a.status === 200).map((a) => a.ms);
  const renew = ok(run.renewals);
  const login = ok(run.logins);
  const check = (answers: Answer[], name: string) => (answers.every((a) => a.status === 200) ? "ok" : `${answers.filter((a) => a.status !== 200).length} ${name} failed`);
  const renewMedian = median(renew);
  const loginMedian = median(login);
  return [
    { candidate: label, role: label.startsWith("during") ? "subject" : "baseline", measure: "renew latency", value: renewMedian, unit: "ms", tail: { label: "p95", value: percentile(renew, 95) }, ratio: subject.renew !== undefined && renewMedian ? subject.renew / renewMedian : undefined, check: check(run.renewals, "renewals") },
    { candidate: label, role: label.startsWith("during") ? "subject" : "baseline", measure: "real login latency", value: loginMedian, unit: "ms", tail: { label: "p95", value: percentile(login, 95) }, ratio: subject.login !== undefined && loginMedian ? subject.login / loginMedian : undefined, check: check(run.logins, "logins") },
  ];
}

async function runLoginFlood(context: BenchmarkContext): Promise<BenchmarkResult> {
  // Listens on every loopback address so the flood can come from another one; the real per-address budget.
  const server = await startServerProcess({ env: { HANDOFF_HTTP_HOST: "0.0.0.0", HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "20" } });
  const password = (username: string) => `bench-${username}-password`;
  try {
    context.log("login-flood: no flood");
    const quiet = await measure(server, password, false, 0);
    context.log(`login-flood: ${FLOOD} logins with made-up usernames from 127.0.0.2`);
    const flooded = await measure(server, password, true, 3);
    const during = { renew: median(flooded.renewals.map((a) => a.ms)), login: median(flooded.logins.map((a) => a.ms)) };
    const refused = flooded.floodStatuses.filter((s) => s === 429).length;
    return {
      name: "login-flood",
      title: "renewals and a real login during a flood of made-up logins from one address",
      rows: [...rows(`during ${FLOOD}-login flood`, flooded, during), ...rows("no flood", quiet, during)],
      targets: [
        { label: "flood answered 429 beyond the per-address budget (20/min)", met: refused >= FLOOD - 20, actual: `${refused} of ${FLOOD} got 429` },
        { label: "every renewal during the flood succeeds", met: flooded.renewals.every((a) => a.status === 200), actual: `${flooded.renewals.filter((a) => a.status === 200).length}/${RENEWALS}` },
      ],
      notes: [`${RENEWALS} renewals and ${LOGINS} real logins (argon2id) one after another from 127.0.0.1 in each case; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`],
      details: { quiet, flooded: { ...flooded, floodStatuses: Object.fromEntries([...new Set(flooded.floodStatuses)].map((s) => [s, flooded.floodStatuses.filter((x) => x === s).length])) } },
    };
  } finally {
    await server.stop();
  }
}

export const loginFlood: Benchmark = {
  name: "login-flood",
  title: "renewals and a real login during a flood of made-up logins from one address",
  run: (context) => runLoginFlood(context),
};

if (isMain(import.meta.url)) runAlone((context) => runLoginFlood(context));

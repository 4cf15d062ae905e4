/** What the benchmark asks of the real server: its directory, and tokens it accepts for many clients. */
import { randomUUID } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import type { DirectoryEntry, Presence } from "@handoff/contract";
import { TokenService } from "../../server/src/auth/tokens";
import type { ServerProcess } from "../lib/server-process";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function directory(server: ServerProcess, token: string): Promise<DirectoryEntry[]> {
  const response = await fetch(`${server.url}/api/agents`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /api/agents failed: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { agents: DirectoryEntry[] }).agents;
}

/** Polls the directory until the phone's entry shows one of these presences (it just registered). */
export async function waitForPresence(server: ServerProcess, token: string, extension: string, wanted: readonly Presence[]): Promise<DirectoryEntry> {
  const deadline = Date.now() + 10_000;
  let last: DirectoryEntry | undefined;
  while (Date.now() < deadline) {
    last = (await directory(server, token)).find((entry) => entry.extension === extension);
    if (last !== undefined && wanted.includes(last.presence)) return last;
    await sleep(100);
  }
  throw new Error(`${extension} did not become ${wanted.join(" or ")} in the server's directory within 10 s (last: ${last?.presence ?? "not listed"}): is another phone registered as ${extension}?`);
}

/**
 * One token per client, each of its own session, signed with the server's secret
 * and recorded in its database as its login would (a login per client would
 * meet the login budget). The directory's real agents in turn: presence.updated
 * goes to every connected app, so these receive exactly what an agent would.
 */
export async function mintTokens(server: Pick<ServerProcess, "jwtSecret" | "sqlitePath">, agents: readonly DirectoryEntry[], count: number): Promise<string[]> {
  const service = new TokenService(server.jwtSecret, 3_600);
  const db = new BetterSqlite3(server.sqlitePath);
  const insert = db.prepare("insert into sessions (id, agent_id, created_at, max_expires_at, current_jti) values (?, ?, ?, ?, ?)");
  const now = new Date();
  const maxExpiresAt = new Date(now.getTime() + 3_600_000).toISOString();
  try {
    const claims = Array.from({ length: count }, (_, i) => {
      const agent = agents[i % agents.length];
      if (agent === undefined) throw new Error("the directory lists no agent to sign tokens for");
      const claim = { agentId: agent.id, role: agent.role, sessionId: randomUUID(), tokenId: randomUUID() };
      insert.run(claim.sessionId, claim.agentId, now.toISOString(), maxExpiresAt, claim.tokenId);
      return claim;
    });
    return await Promise.all(claims.map(async (claim) => (await service.issue(claim, now)).token));
  } finally {
    db.close();
  }
}

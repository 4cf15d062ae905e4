/** What the benchmark asks of the real server: its directory, and tokens it accepts for many clients. */
import { randomUUID } from "node:crypto";
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
 * One token per client, signed with the server's secret as its login would. The
 * directory's real agents first, then made-up agent ids: the socket handshake
 * checks the signature and the claims, not the agent list, and presence.updated
 * goes to every connected app, so these receive exactly what an agent would.
 */
export async function mintTokens(secret: string, agents: readonly DirectoryEntry[], count: number): Promise<string[]> {
  const service = new TokenService(secret, 3_600);
  const claims = Array.from({ length: count }, (_, i) => {
    const agent = agents[i];
    return agent === undefined ? { agentId: randomUUID(), role: "agent" as const } : { agentId: agent.id, role: agent.role };
  });
  return Promise.all(claims.map(async (claim) => (await service.issue(claim)).token));
}

import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Role } from "@handoff/contract";
import { z } from "zod";
import { hashPassword } from "../auth/passwords";
import type { AgentsStore } from "./agents";

export const SeedFile = z.array(
  z.object({
    username: z.string().min(1),
    name: z.string().min(1),
    extension: z.string().nullable(),
    role: Role,
    password: z.string().min(8),
    // No SIP password: each sign-in gets its own (server/src/sip/). An older seed file's sipPassword is ignored.
  }),
);

/** Creates or refreshes the agents listed in a seed file (JSON); passwords are hashed here, never stored plain. */
export async function seedAgents(agents: AgentsStore, path: string): Promise<number> {
  const parsed = SeedFile.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success) throw new Error(`Seed file ${path} is malformed: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const rows = await Promise.all(
    parsed.data.map(async (agent) => ({
      id: randomUUID(),
      username: agent.username,
      name: agent.name,
      extension: agent.extension,
      role: agent.role,
      passwordHash: await hashPassword(agent.password),
    })),
  );
  await agents.upsert(rows);
  return rows.length;
}

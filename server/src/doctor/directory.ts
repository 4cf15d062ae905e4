import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { ServerConfig } from "../config";
import { AgentsStore } from "../store/agents";
import { openDatabase } from "../store/database";
import { SeedFile } from "../store/seed";

/**
 * The extensions of the directory's agents with a phone, as the server would see them at start: its database
 * (when there is one already: the doctor neither creates nor migrates it) and the seed file it would load.
 */
export async function directoryExtensions(config: ServerConfig): Promise<string[]> {
  const extensions = new Set<string>();
  if (config.seedFile !== undefined) {
    for (const agent of SeedFile.parse(JSON.parse(await readFile(config.seedFile, "utf8")))) if (agent.extension) extensions.add(agent.extension);
  }
  if (config.database.databaseUrl !== undefined || existsSync(config.database.sqlitePath)) {
    const db = await openDatabase(config.database, { migrate: false });
    try {
      for (const agent of await new AgentsStore(db).all()) if (agent.extension) extensions.add(agent.extension);
    } catch {
      // A database the server has not set up yet holds no agents; the report says when none was found.
    } finally {
      await db.destroy();
    }
  }
  return [...extensions].sort();
}

import BetterSqlite3 from "better-sqlite3";
// kysely 0.28 (the last for Node 20) exports the migrator from its root; 0.29 moved it to "kysely/migration".
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";
import { SqliteHotPath } from "./sqlite-hot-path";

export type Db = Kysely<Database>;

/** The hot path beside each SQLite database's Kysely (none for Postgres). */
const hotPaths = new WeakMap<Db, SqliteHotPath>();

/** Prepared, synchronous statements on the same connection as `db`, when it is SQLite; undefined for Postgres. */
export function sqliteHotPath(db: Db): SqliteHotPath | undefined {
  return hotPaths.get(db);
}

export class DatabaseMigrationError extends Error {
  override readonly name = "DatabaseMigrationError";
  constructor(migration: string, cause: unknown) {
    super(`Database migration "${migration}" failed: ${cause instanceof Error ? cause.message : String(cause)}. The server did not start; fix the database and start again.`, { cause });
  }
}

/**
 * Opens the one query layer: Postgres when DATABASE_URL names one, else an embedded SQLite file. Migrates to the
 * latest schema, unless `migrate` is false (a reader such as the doctor, which must change nothing).
 */
export async function openDatabase(options: { databaseUrl: string | undefined; sqlitePath: string }, { migrate = true } = {}): Promise<Db> {
  const { dialect, sqlite } = dialectFor(options);
  const db = new Kysely<Database>({ dialect });
  if (!migrate) return db;
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error !== undefined || failed !== undefined) {
    await db.destroy();
    throw new DatabaseMigrationError(failed?.migrationName ?? "(before any migration)", error);
  }
  if (sqlite !== null) hotPaths.set(db, new SqliteHotPath(sqlite, sqlite.memory ? null : `${sqlite.name}-wal`));
  return db;
}

function dialectFor({ databaseUrl, sqlitePath }: { databaseUrl: string | undefined; sqlitePath: string }): { dialect: PostgresDialect | SqliteDialect; sqlite: BetterSqlite3.Database | null } {
  if (databaseUrl !== undefined && /^postgres(ql)?:\/\//.test(databaseUrl)) {
    // A connection that cannot be made fails within 5 s (a request then answers 503) instead of waiting forever.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by a restarting PostgreSQL is discarded by the pool; unheard, its "error" would end the process.
    pool.on("error", () => undefined);
    return { dialect: new PostgresDialect({ pool }), sqlite: null };
  }
  const sqlite = new BetterSqlite3(sqlitePath);
  // WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return { dialect: new SqliteDialect({ database: sqlite }), sqlite };
}

import { closeSync, fdatasync, openSync } from "node:fs";
import type BetterSqlite3 from "better-sqlite3";

/**
 * The writes and reads on a transfer request's path, on SQLite: statements prepared
 * once and run synchronously. Through Kysely each query is built, compiled and
 * prepared again and crosses several promise hops: in a profile of the
 * transfer-latency benchmark that cost as much as the write itself.
 *
 * Durability, and why it is enough: these commits run with synchronous=NORMAL. In WAL
 * mode a NORMAL commit is in the WAL, in the operating system's hands, when it
 * returns: the server process can die at any instant after and the record is there
 * at restart (a SIGKILL loses nothing). What NORMAL alone gives up is the machine
 * failing (power, kernel) before the OS writes the WAL out, so each commit here is
 * followed by an fdatasync of the WAL off the event loop: the window is the few
 * milliseconds until that sync returns, instead of the fsync inside every commit on
 * the request path (synchronous=FULL, kept for every other write of the server).
 */
export class SqliteHotPath {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly normal: BetterSqlite3.Statement;
  private readonly full: BetterSqlite3.Statement;
  /** The WAL, opened once: SQLite keeps the same file while a connection is open (a checkpoint rewinds it, never replaces it). */
  private walFd: number | null = null;
  private syncScheduled = false;
  private syncing = false;
  private syncAgain = false;
  private syncWaiters: (() => void)[] = [];

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    /** The WAL file, synced after each commit; null for an in-memory database. */
    private readonly walPath: string | null,
  ) {
    this.normal = sqlite.prepare("PRAGMA synchronous = NORMAL");
    this.full = sqlite.prepare("PRAGMA synchronous = FULL");
  }

  /**
   * False while the connection is inside a transaction someone else opened (Kysely's
   * transactions span awaits): a statement run now would join it. Callers then take
   * the Kysely path, which waits for the connection.
   */
  get available(): boolean {
    return this.sqlite.open && !this.sqlite.inTransaction;
  }

  /** A statement, prepared on first use and kept. */
  statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) this.statements.set(sql, (statement = this.sqlite.prepare(sql)));
    return statement;
  }

  /** Runs `work` in one transaction, committed with synchronous=NORMAL, then syncs the WAL in the background. */
  write<T>(work: () => T): T {
    this.normal.run();
    try {
      const result = this.sqlite.transaction(work)();
      this.scheduleSync();
      return result;
    } finally {
      this.full.run();
    }
  }

  /**
   * The sync starts once what runs now has finished (setImmediate): handing it to libuv's threads
   * wakes one, and on a busy machine the request that committed would wait for a CPU behind it
   * before writing its AMI action or its response (the profile showed ~0.3 ms).
   */
  private scheduleSync(): void {
    if (this.walPath === null || this.syncScheduled) return;
    this.syncScheduled = true;
    setImmediate(() => {
      this.syncScheduled = false;
      this.syncWal();
    });
  }

  /** Resolves once every commit made so far is on disk (tests, and a clean close). */
  durable(): Promise<void> {
    if (this.syncScheduled) return new Promise((resolve) => setImmediate(() => resolve(this.durable())));
    if (!this.syncing) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** One sync at a time; commits made during one are covered by the next. */
  private syncWal(): void {
    if (this.walPath === null) return;
    if (!this.sqlite.open) {
      // The database was closed, which checkpoints and removes the WAL.
      if (this.walFd !== null) closeSync(this.walFd);
      this.walFd = null;
      return;
    }
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    try {
      this.walFd ??= openSync(this.walPath, "r");
    } catch {
      // No WAL file (not in WAL mode after all): each commit then went to the database file itself.
      return;
    }
    const fd = this.walFd;
    this.syncing = true;
    const done = () => {
      if (this.syncAgain) {
        this.syncAgain = false;
        this.syncing = false;
        this.syncWal();
        return;
      }
      this.syncing = false;
      for (const wake of this.syncWaiters.splice(0)) wake();
    };
    // An error here (a disk failing) is not the request's: the next commit tries again.
    fdatasync(fd, () => done());
  }
}

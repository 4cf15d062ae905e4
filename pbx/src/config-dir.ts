import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AsteriskConfig } from "./config/index";

export interface ConfigDirOwner {
  readonly uid: number;
  readonly gid: number;
}

export interface ConfigDirChange {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Makes `dir` hold exactly the generated files. Stray files go too: a leftover sample such as
 * extensions.ael would be loaded by autoloaded modules and change behaviour behind our back.
 */
export function syncConfigDir(dir: string, config: AsteriskConfig, fileMode: number, owner?: ConfigDirOwner): ConfigDirChange {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(config)) {
    const file = join(dir, name);
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) {
      writeFileSync(file, content);
      written.push(name);
    }
    // Asterisk runs as its own user and must read the secrets in these files; nobody else may.
    chmodSync(file, fileMode);
    if (owner) chownSync(file, owner.uid, owner.gid);
  }
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name in config || !statSync(join(dir, name)).isFile()) continue;
    rmSync(join(dir, name));
    removed.push(name);
  }
  return { written, removed };
}

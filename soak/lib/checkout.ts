/**
 * The server and dialplan of another commit, to soak them instead of the
 * working tree's: `git archive` of that commit's workspaces and pbx/ into a
 * temporary folder, with a node_modules of links to this checkout's packages
 * except the workspaces themselves, which point into the archive, and this
 * install's var/pbx (the same SIP and AMI secrets, so only the dialplan
 * changes). The phones and the soak itself stay this checkout's.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface Checkout {
  readonly root: string;
  /** The commit it holds, in full. */
  readonly commit: string;
  remove(): void;
}

export function checkOut(ref: string): Checkout {
  const commit = execFileSync("git", ["-C", REPO, "rev-parse", "--verify", `${ref}^{commit}`], { encoding: "utf8" }).trim();
  const root = mkdtempSync(join(tmpdir(), "handoff-soak-server-"));
  try {
    const manifest = JSON.parse(execFileSync("git", ["-C", REPO, "show", `${commit}:package.json`], { encoding: "utf8" })) as { workspaces?: string[] };
    const workspaces = manifest.workspaces ?? [];
    const archive = execFileSync("git", ["-C", REPO, "archive", "--format=tar", commit, "package.json", "tsconfig.json", "pbx", ...workspaces], { maxBuffer: 256 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", root], { input: archive });
    const modules = join(root, "node_modules");
    mkdirSync(modules);
    const scopes = new Map<string, string[]>();
    for (const workspace of workspaces) {
      const name = (JSON.parse(readFileSync(join(root, workspace, "package.json"), "utf8")) as { name: string }).name;
      const [scope, bare] = name.startsWith("@") ? (name.split("/") as [string, string]) : ["", name];
      scopes.set(scope, [...(scopes.get(scope) ?? []), `${bare}\u0000${workspace}`]);
    }
    for (const entry of readdirSync(join(REPO, "node_modules"))) {
      const ours = scopes.get(entry);
      if (ours === undefined) {
        symlinkSync(join(REPO, "node_modules", entry), join(modules, entry));
        continue;
      }
      // A scope holding workspaces: its other packages are linked one by one.
      mkdirSync(join(modules, entry));
      const mine = new Map(ours.map((pair) => pair.split("\u0000") as [string, string]));
      for (const inner of readdirSync(join(REPO, "node_modules", entry))) {
        if (!mine.has(inner)) symlinkSync(join(REPO, "node_modules", entry, inner), join(modules, entry, inner));
      }
      for (const [bare, workspace] of mine) symlinkSync(join(root, workspace), join(modules, entry, bare));
    }
    // npm nests a workspace's own versions in <workspace>/node_modules (kysely under server/, say): link those too.
    for (const workspace of workspaces) {
      const nested = join(REPO, workspace, "node_modules");
      if (existsSync(nested)) symlinkSync(nested, join(root, workspace, "node_modules"));
    }
    const state = join(REPO, "var", "pbx");
    if (existsSync(state)) cpSync(state, join(root, "var", "pbx"), { recursive: true, preserveTimestamps: true });
    return { root, commit, remove: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

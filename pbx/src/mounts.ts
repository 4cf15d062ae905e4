import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { run, runChecked } from "./run";

// mountinfo escapes space, tab, newline and backslash in paths as octal.
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((field): field is string => Boolean(field))
    .map(unescapeMountPath);
}

function mountPoints(): string[] {
  return parseMountPoints(readFileSync("/proc/self/mountinfo", "utf8"));
}

/** Mount points at or below `dir`, deepest first so they can be unmounted in order. */
export function mountsUnder(dir: string, points: readonly string[] = mountPoints()): string[] {
  const base = resolve(dir);
  return points.filter((point) => point === base || point.startsWith(base + sep)).sort((a, b) => b.length - a.length);
}

export function isMountPoint(path: string): boolean {
  return mountPoints().includes(resolve(path));
}

export async function mountProc(root: string): Promise<void> {
  const target = resolve(root, "proc");
  if (isMountPoint(target)) return;
  await runChecked("mount", ["-t", "proc", "proc", target], `Asterisk needs /proc inside ${root}; mounting it needs root.`);
}

/**
 * Unmounts everything below `dir`. Must succeed before deleting a root: `rm -r` through a live
 * mount would delete the mounted filesystem's contents.
 */
export async function unmountUnder(dir: string): Promise<void> {
  for (const point of mountsUnder(dir)) {
    const result = await run("umount", [point]);
    // A busy mount (a shell still inside the root) is detached lazily rather than blocking down.
    if (result.code !== 0) await runChecked("umount", ["-l", point], `Could not unmount ${point}; check with "findmnt -R ${dir}".`);
  }
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`Still mounted below ${dir}: ${left.join(", ")}. Unmount them by hand ("umount -l <path>") and run again.`);
}

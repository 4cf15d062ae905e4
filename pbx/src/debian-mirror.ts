import { existsSync, readFileSync } from "node:fs";

export const DEB822_SOURCES = "/etc/apt/sources.list.d/debian.sources";
export const ONE_LINE_SOURCES = "/etc/apt/sources.list";

export class NoDebianMirrorError extends Error {
  override readonly name = "NoDebianMirrorError";
  constructor() {
    super(`No Debian mirror found in ${DEB822_SOURCES} or ${ONE_LINE_SOURCES}. Set HANDOFF_DEBIAN_MIRROR to the mirror URL this machine uses (the URIs: value of its main Debian entry).`);
  }
}

type Stanza = Map<string, string>;

function parseDeb822(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza = new Map();
  let lastKey = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    if (line.trim() === "") {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      continue;
    }
    if (/^\s/.test(line) && lastKey) {
      current.set(lastKey, `${current.get(lastKey) ?? ""} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    lastKey = line.slice(0, colon).trim().toLowerCase();
    current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

const words = (value: string | undefined) => (value ?? "").split(/\s+/).filter(Boolean);
// The main archive carries plain suite names (bookworm, sid); -security and -updates live elsewhere or add nothing here.
const isMainSuite = (suite: string) => !suite.includes("-") && !suite.includes("/");

/** The URI of the first deb822 entry for Debian's main archive. */
export function mirrorFromDeb822(text: string): string | null {
  for (const stanza of parseDeb822(text)) {
    if (stanza.get("enabled")?.toLowerCase() === "no") continue;
    if (!words(stanza.get("types")).includes("deb")) continue;
    if (!words(stanza.get("suites")).some(isMainSuite)) continue;
    if (!words(stanza.get("components")).includes("main")) continue;
    const uri = words(stanza.get("uris"))[0];
    if (uri) return uri;
  }
  return null;
}

/** The URI of the first one-line `deb` entry for the main archive. */
export function mirrorFromSourcesList(text: string): string | null {
  for (const line of text.split("\n")) {
    const fields = line.replace(/\[[^\]]*\]/, "").trim().split(/\s+/);
    if (fields[0] !== "deb" || !fields[1] || !fields[2] || !isMainSuite(fields[2])) continue;
    return fields[1];
  }
  return null;
}

export function findDebianMirror(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HANDOFF_DEBIAN_MIRROR) return env.HANDOFF_DEBIAN_MIRROR;
  const fromDeb822 = existsSync(DEB822_SOURCES) ? mirrorFromDeb822(readFileSync(DEB822_SOURCES, "utf8")) : null;
  if (fromDeb822) return fromDeb822;
  const fromList = existsSync(ONE_LINE_SOURCES) ? mirrorFromSourcesList(readFileSync(ONE_LINE_SOURCES, "utf8")) : null;
  if (fromList) return fromList;
  throw new NoDebianMirrorError();
}

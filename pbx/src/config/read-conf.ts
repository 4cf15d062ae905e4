/** Reads Asterisk's config format back into sections: lets tests assert on meaning rather than on text. */
export interface ReadSection {
  readonly name: string;
  readonly entries: ReadonlyArray<readonly [key: string, value: string]>;
}

export function readConf(text: string): ReadSection[] {
  const sections: Array<{ name: string; entries: Array<[string, string]> }> = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/;.*$/, "").trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1]) {
      sections.push({ name: header[1], entries: [] });
      continue;
    }
    const match = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    const current = sections.at(-1);
    if (match?.[1] !== undefined && match[2] !== undefined && current) current.entries.push([match[1], match[2]]);
  }
  return sections;
}

export function values(section: ReadSection | undefined, key: string): string[] {
  return section?.entries.filter(([k]) => k === key).map(([, v]) => v) ?? [];
}

export function value(section: ReadSection | undefined, key: string): string | undefined {
  return values(section, key)[0];
}

/** Sections of one PJSIP object type (they share names across types: endpoint, auth and aor "1001"). */
export function sectionsOfType(sections: readonly ReadSection[], type: string): ReadSection[] {
  return sections.filter((section) => value(section, "type") === type);
}

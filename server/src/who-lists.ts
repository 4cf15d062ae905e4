/** One entry of a `who=item,item;who=*` setting: `who` a role or a username, `items` the names or every one. */
export interface WhoList {
  readonly who: string;
  readonly items: "all" | readonly string[];
}

/**
 * The grammar that settings naming "who may do it with what" share (HANDOFF_QUEUE_ACCESS,
 * HANDOFF_MONITORING_SUPERVISES): entries by `;`, items by `,`, `*` for every item. `items` is the
 * characters an item may have; a malformed entry throws `fail(entry)`, so each setting names itself.
 */
export function parseWhoLists(text: string, items: string, fail: (entry: string) => Error): WhoList[] {
  const entryPattern = new RegExp(`^([a-z0-9._-]+)=([${items},* -]*)$`, "i");
  return text
    .split(";")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = entryPattern.exec(entry);
      if (match === null) throw fail(entry);
      const list = (match[2] ?? "").split(",").map((item) => item.trim()).filter(Boolean);
      return { who: match[1] ?? "", items: list.includes("*") ? "all" : list };
    });
}

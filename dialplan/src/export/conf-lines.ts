import { UnsafeDialplanError } from "../render";

/** `key = value` (or `key => value`) for an exported config file; refuses what `;` or a newline would cut. */
export function setting(key: string, value: string | number | boolean, operator: "=" | "=>" = "="): string {
  const text = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  const line = `${key} ${operator} ${text}`;
  if (/[;\r\n]/.test(line)) throw new UnsafeDialplanError(line);
  return line;
}

/** Comment lines, each starting with "; ". */
export const comment = (text: string): string => text.split("\n").map((line) => `; ${line}`.trimEnd()).join("\n");

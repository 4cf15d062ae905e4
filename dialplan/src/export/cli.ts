import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { dialPolicyFromEnv } from "../dial-policy";
import { EXPORT_FILES, exportFiles, FLAVORS, includeLines, type Flavor } from "./files";
import { parseSite } from "./site";
import { trunksFromEnv } from "../trunks";

/** npm run pbx:export -- --out DIR [--flavor asterisk|freepbx] [--site FILE]: what an administrator adds to their Asterisk. */
const USAGE = "usage: npm run pbx:export -- --out DIR [--flavor asterisk|freepbx] [--site site.json]";
const EXAMPLE_SITE = fileURLToPath(new URL("../../site.example.json", import.meta.url));

function main(): number {
  const { values } = parseArgs({ options: { out: { type: "string" }, flavor: { type: "string", default: "asterisk" }, site: { type: "string", default: EXAMPLE_SITE } } });
  if (values.out === undefined || !(FLAVORS as readonly string[]).includes(values.flavor)) {
    console.error(USAGE);
    return 2;
  }
  const flavor = values.flavor as Flavor;
  const parsed = parseSite(JSON.parse(readFileSync(values.site, "utf8")));
  // The site file's trunks, or else the server's own HANDOFF_TRUNKS: one configuration for both.
  const site = parsed.trunks === undefined ? { ...parsed, trunks: trunksFromEnv(process.env) } : parsed;
  // A fresh secret each export: the administrator hands it to the server as HANDOFF_AMI_SECRET.
  const files = exportFiles(site, { flavor, amiSecret: randomBytes(24).toString("base64url"), dialPolicy: dialPolicyFromEnv(process.env) });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text, { mode: name === EXPORT_FILES.manager ? 0o600 : 0o644 });
  console.log(`pbx:export: ${Object.keys(files).length} files for ${flavor} in ${out} (from ${values.site})`);
  for (const [file, where, line] of includeLines(flavor)) console.log(`  ${file} (${where}): ${line}`);
  console.log(`  then read ${join(out, EXPORT_FILES.guide)} and run "npm run doctor" with the server's environment`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`pbx:export: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

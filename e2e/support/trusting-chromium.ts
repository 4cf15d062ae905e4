import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";

/** A Chromium that trusts one more CA, the way a managed desktop would: nothing about certificates is switched off. */
export interface TrustingChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Chromium on Linux takes locally trusted roots from the user's NSS database ($HOME/.pki/nssdb). This one gets
 * a HOME of its own whose database trusts `caFile` for servers (certutil, Debian's libnss3-tools), so every
 * https:// and wss:// it opens is checked up the chain to that CA; the machine's own HOME is not touched.
 */
export async function launchTrustingChromium(caFile: string): Promise<TrustingChromium> {
  const home = mkdtempSync(join(tmpdir(), "handoff-chromium-home-"));
  const db = `sql:${join(home, ".pki", "nssdb")}`;
  mkdirSync(join(home, ".pki", "nssdb"), { recursive: true });
  execFileSync("certutil", ["-d", db, "-N", "--empty-password"]);
  execFileSync("certutil", ["-d", db, "-A", "-t", "C,,", "-n", "handoff-local-ca", "-i", caFile]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, HOME: home } });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Built by the project's own Vite, so SIP.js is bundled the way the app bundles it.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // build.outDir is chosen per run by lib/browser.ts.
  logLevel: "warn",
});

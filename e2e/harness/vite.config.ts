import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Built by the project's own toolchain, so SIP.js is bundled, never fetched from a CDN.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: { outDir: "../.harness-dist", emptyOutDir: true },
  preview: { host: "127.0.0.1", port: 5174, strictPort: true },
  logLevel: "warn",
});

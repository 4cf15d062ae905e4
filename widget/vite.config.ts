import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The website call widget: one self-contained script (SIP.js bundled in) that any allowed page loads with one tag.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  publicDir: false,
  build: {
    outDir: "../dist/widget",
    emptyOutDir: true,
    lib: { entry: fileURLToPath(new URL("src/handoff-widget.ts", import.meta.url)), formats: ["iife"], name: "HandoffWidget", fileName: () => "handoff-widget.js" },
  },
  logLevel: "warn",
});

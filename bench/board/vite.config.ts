import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The API server the page talks to through this origin (the benchmark's in-process server), read when served. */
const target = process.env.HANDOFF_BENCH_BOARD_SERVER ?? "http://127.0.0.1:8080";
const proxy = {
  "/api": { target, changeOrigin: true },
  "/socket.io": { target, changeOrigin: true, ws: true },
};

// The real board component, store, web bridge and API client, built by the project's own Vite.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // build.outDir is chosen per run by lib/browser.ts.
  preview: { proxy },
  build: {
    rolldownOptions: {
      onwarn(warning, warn) {
        // MUI marks its modules "use client" for React Server Components; meaningless in a client-only bundle.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  logLevel: "warn",
});

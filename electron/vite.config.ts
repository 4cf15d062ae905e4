import { resolve } from "node:path";
import { defineConfig } from "vite";

/**
 * Builds the desktop shell into dist/app/ (what electron-builder packs):
 *   main.js      the main process: ESM, everything bundled but `electron`,
 *                so the asar needs no node_modules
 *   preload.cjs  the sandboxed preload: CommonJS and self-contained, as a
 *                sandboxed preload can only require("electron")
 * The renderer's own build writes dist/app/renderer/ beside them.
 * Run: npx vite build -c electron/vite.config.ts
 */

const root = resolve(import.meta.dirname, "..");
const outDir = resolve(root, "dist/app");

export default defineConfig({
  root,
  // public/ belongs to the renderer's build.
  publicDir: false,
  // One `vite build` builds the two environments below (and not the default client one).
  builder: {
    buildApp: async (builder) => {
      for (const name of ["main", "preload"]) {
        const environment = builder.environments[name];
        if (environment === undefined) throw new Error(`vite environment "${name}" is missing from electron/vite.config.ts`);
        await builder.build(environment);
      }
    },
  },
  logLevel: "warn",
  environments: {
    main: {
      consumer: "server",
      resolve: { noExternal: true, external: ["electron"], conditions: ["node", "import", "default"] },
      build: {
        outDir,
        emptyOutDir: false,
        target: "node22",
        ssr: true,
        sourcemap: true,
        minify: false,
        rollupOptions: {
          input: { main: resolve(root, "electron/main/main.ts") },
          output: { format: "es", entryFileNames: "main.js", chunkFileNames: "main-[name]-[hash].js", codeSplitting: false },
        },
      },
    },
    preload: {
      consumer: "server",
      resolve: { noExternal: true, external: ["electron"] },
      build: {
        outDir,
        emptyOutDir: false,
        target: "chrome140",
        ssr: true,
        sourcemap: false,
        minify: false,
        rollupOptions: {
          input: { preload: resolve(root, "electron/preload/preload.ts") },
          output: { format: "cjs", entryFileNames: "preload.cjs", codeSplitting: false },
        },
      },
    },
  },
});

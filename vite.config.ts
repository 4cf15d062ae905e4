import { defineConfig } from "vite";
import { preloadFirstScreen } from "./scripts/preload-first-screen";

// The renderer (index.html + src/). Web mode talks to its own origin, so the dev
// and preview servers pass /api and the socket.io link on to the Handoff server.
// HANDOFF_SERVER_URL is read here, at build/serve time, and never reaches the bundle.
const server = process.env.HANDOFF_SERVER_URL ?? "http://127.0.0.1:8080";
const proxy = {
  "/api": { target: server, changeOrigin: true },
  "/socket.io": { target: server, changeOrigin: true, ws: true },
};

export default defineConfig({
  // Relative asset URLs: the desktop serves the build under its own app:// scheme, not from a web root.
  base: "./",
  // public/ holds the desktop build's resources, not the renderer's.
  publicDir: false,
  // The desktop's app protocol replaces this with a fresh nonce per load (electron/main/app-protocol.ts)
  // and allows it in style-src; emotion reads it from <meta property="csp-nonce"> (src/app/style-cache.ts).
  html: { cspNonce: "__HANDOFF_CSP_NONCE__" },
  // The first screen's chunks (React, MUI and the workspace; SIP.js) are fetched beside the entry, not after it runs.
  plugins: [preloadFirstScreen(["src/app/mount.tsx", "src/telephony/sip-engine.ts"])],
  build: {
    outDir: "dist/app/renderer",
    emptyOutDir: true,
    // No inline <script> or data: module preloads: the desktop CSP allows script-src 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One bundle loaded from disk (desktop) or a LAN server: size matters less than one round trip.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      onwarn(warning, warn) {
        // MUI marks its modules "use client" for React Server Components; meaningless in a client-only bundle.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy,
    // The repository root is served in development: keep local secrets out of reach.
    fs: { deny: [".env", ".env.*", "*.{crt,pem,key}", "**/.git/**", "var/**", "**/secrets*.json"] },
  },
  // Same port as dev: the server's default socket.io Origin allowlist (HANDOFF_ALLOWED_ORIGINS) names 5173.
  preview: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
});

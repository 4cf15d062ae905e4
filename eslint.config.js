// @ts-check
import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import globals from "globals";

const noNodeOrElectron = {
  paths: [{ name: "electron", message: "Only electron/main and electron/preload may touch Electron." }],
  patterns: [{ group: ["node:*", ...builtinModules.map((name) => `${name}`), ...builtinModules.map((name) => `${name}/*`)], message: "Node APIs are not available here." }],
};

/** Folder boundaries, checked on resolved paths so `../../` tricks do not slip through. */
const zones = [
  { target: "./src", from: ["./electron", "./server", "./pbx"], message: "The renderer talks to main through window.handoff and to the server through contract/ types only." },
  { target: "./contract", from: ["./src", "./electron", "./server", "./pbx", "./dialplan", "./client"], message: "contract/ is the shared root: it imports nothing of the project's." },
  { target: "./client", from: ["./src", "./electron", "./server", "./pbx", "./dialplan", "./scripts"], message: "client/ is shared by Electron main and the web app: it builds on contract/ only." },
  { target: ["./server", "./pbx", "./dialplan"], from: ["./client"], message: "The API client is for the apps (and benchmarks), not for the server side." },
  { target: "./dialplan", from: ["./src", "./electron", "./server", "./pbx", "./contract", "./scripts"], message: "dialplan/ is product code the server and pbx/ share: it imports nothing of the project's." },
  { target: ["./src", "./electron"], from: ["./dialplan"], message: "Only the server and pbx/ use the dialplan's names and generators." },
  { target: "./server", from: ["./src", "./electron"], message: "The server never depends on the desktop app." },
  { target: "./electron", from: ["./src", "./server"], message: "Electron main shares types through contract/ only." },
  { target: ["./src", "./server", "./contract", "./client", "./dialplan", "./electron", "./pbx", "./scripts"], from: ["./e2e", "./bench", "./soak"], message: "Nothing ships code from e2e/, bench/ or soak/." },
  { target: ["./e2e", "./bench"], from: ["./soak"], message: "soak/ uses e2e/ and bench/ helpers; nothing imports soak/." },
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "e2e/.harness-dist/**", "bench/results/**", "soak/results/**", "e2e/results/**", "var/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: ["*/tsconfig.json"], noWarnOnMultipleProjects: true })] },
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    rules: {
      "no-restricted-imports": ["error", noNodeOrElectron],
      "no-restricted-globals": ["error", "process", "require", "Buffer", "__dirname", "global"],
    },
  },
  {
    files: ["contract/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", noNodeOrElectron],
      // Neither side's runtime: the contract is types and schemas only.
      "no-restricted-globals": ["error", "window", "document", "navigator", "localStorage", "sessionStorage", "fetch", "XMLHttpRequest", "WebSocket", "process", "require", "Buffer", "__dirname", "global", "setImmediate"],
    },
  },
  {
    files: ["client/src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", noNodeOrElectron],
      // Runs in Node and in a browser: only what both offer, reached through src/host.ts.
      "no-restricted-globals": ["error", "window", "document", "navigator", "localStorage", "sessionStorage", "fetch", "XMLHttpRequest", "WebSocket", "process", "require", "Buffer", "__dirname", "global", "setImmediate", "setTimeout", "clearTimeout", "setInterval", "crypto"],
    },
  },
  {
    files: ["{server,pbx,dialplan,electron,scripts,e2e,bench,soak}/**/*.{ts,js,mjs}", "client/test/**/*.ts", "*.{js,ts}"],
    languageOptions: { globals: globals.node },
  },
);

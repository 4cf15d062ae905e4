import { defineConfig } from "@playwright/test";

// Browsers cannot be downloaded here: Playwright drives the system's Chromium.
export const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? "/usr/bin/chromium";
/** Fake microphone and loopback ICE for real WebRTC to the local Asterisk; the benchmarks use them too. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: "e2e/specs",
  outputDir: "e2e/results",
  globalSetup: "./e2e/support/global-setup.ts",
  // One PBX and one set of demo extensions: specs run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:5174",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  webServer: {
    // The app and the call widget (served by each test server from dist/) and the telephony harness.
    command: "npx vite build && npx vite build -c widget/vite.config.ts && npx vite build -c e2e/harness/vite.config.ts && npx vite preview -c e2e/harness/vite.config.ts",
    url: "http://127.0.0.1:5174",
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

// Two projects: unit tests run anywhere in seconds; integration tests need the
// real Asterisk from pbx/ (npm run test:integration brings it up first).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{client,contract,dialplan,server,pbx,electron,src,scripts,soak}/**/*.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["{server,pbx}/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Asterisk is shared: files must not move each other's calls.
          fileParallelism: false,
        },
      },
    ],
  },
});

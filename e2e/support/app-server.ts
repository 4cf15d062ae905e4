import { expect, test } from "@playwright/test";
import type { AmiClient } from "../../server/src/ami";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { connectTestAmi, liveChannels } from "./pbx";

/**
 * One real server and an AMI link for a spec file, and a PBX with no channel left between its tests.
 * Call at the top of the file; `beforeEachTidy` runs before the hang-up (e.g. closing the test's pages); `env` sets the server's
 * configuration beyond the test defaults.
 */
export function appServerPerFile(beforeEachTidy: () => Promise<void> = async () => undefined, env: Record<string, string> = {}): { readonly server: TestServer; readonly ami: AmiClient } {
  let server: TestServer | undefined;
  let ami: AmiClient | undefined;
  test.beforeAll(async () => {
    ami = await connectTestAmi();
    server = await startTestServer(env);
  });
  test.afterAll(async () => {
    await server?.close();
    await ami?.close();
  });
  test.afterEach(async () => {
    await beforeEachTidy();
    if (ami === undefined) return;
    const link = ami;
    await link.send("Hangup", { Channel: "/^(PJSIP|Local)\\//" }).catch(() => undefined);
    await expect.poll(async () => (await liveChannels(link)).length).toBe(0);
  });
  return {
    get server() {
      if (server === undefined) throw new Error("the test server starts in beforeAll");
      return server;
    },
    get ami() {
      if (ami === undefined) throw new Error("the AMI link opens in beforeAll");
      return ami;
    },
  };
}

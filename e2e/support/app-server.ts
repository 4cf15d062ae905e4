import { expect, test, type Browser } from "@playwright/test";
import type { AmiClient } from "../../server/src/ami";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { AppPage } from "./app-page";
import { connectTestAmi, liveChannels } from "./pbx";

/**
 * One real server and an AMI link for a spec file, and a PBX with no channel left between its tests.
 * Call at the top of the file; `beforeEachTidy` runs before the hang-up (e.g. closing the test's pages); `env`
 * adds to the test server's configuration (read when it starts, after the file's earlier beforeAll hooks).
 */
export function appServerPerFile(beforeEachTidy: () => Promise<void> = async () => undefined, env: () => Record<string, string> = () => ({})): { readonly server: TestServer; readonly ami: AmiClient } {
  let server: TestServer | undefined;
  let ami: AmiClient | undefined;
  test.beforeAll(async () => {
    ami = await connectTestAmi();
    server = await startTestServer(env());
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

/** The same, with apps signed in through the UI in pages of their own, closed after each test. */
export function appsPerFile(): { readonly live: ReturnType<typeof appServerPerFile>; signIn(browser: Browser, username: string): Promise<AppPage> } {
  let pages: AppPage[] = [];
  const live = appServerPerFile(async () => {
    await Promise.all(pages.map((p) => p.page.close().catch(() => undefined)));
    pages = [];
  });
  return {
    live,
    async signIn(browser, username) {
      const app = new AppPage(await browser.newPage());
      pages.push(app);
      await app.signIn(live.server, username);
      return app;
    },
  };
}

import { expect, test, type Browser } from "@playwright/test";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { AgentSession } from "../support/agent-session";
import { HarnessPage } from "../support/harness-page";

// One registration per extension, with the credential of one sign-in: the renderer's SIP engine in
// Chromium against the real Asterisk (max_contacts=1, remove_existing=no).
test.describe.configure({ mode: "serial" });

let server: TestServer;
let alice: AgentSession;

test.beforeAll(async () => {
  server = await startTestServer();
  alice = await AgentSession.signIn(server, "alice");
});

test.afterAll(async () => {
  await alice?.close();
  await server?.close();
});

async function phone(browser: Browser): Promise<HarnessPage> {
  if (alice.sip === null) throw new Error("alice's login gave no SIP credential");
  const opened = new HarnessPage(await browser.newPage());
  await opened.open(alice.sip);
  return opened;
}

test("a second phone is refused while the first holds the extension; it tries again and gets in once the first is gone", async ({ browser }) => {
  const first = await phone(browser);
  await expect.poll(() => first.registration()).toBe("registered");
  const second = await phone(browser);
  await expect.poll(() => second.registrationDetail()).toMatch(/still registered from another phone; trying again/);
  expect(await first.registration()).toBe("registered");
  // The first phone goes away: Asterisk drops its contact with its WebSocket, and the next try is accepted.
  await first.page.close();
  await expect.poll(() => second.registration(), { timeout: 20_000 }).toBe("registered");
  await second.page.close();
});

test("a phone that stays refused says another device holds the extension", async ({ browser }) => {
  test.setTimeout(60_000);
  const first = await phone(browser);
  await expect.poll(() => first.registration()).toBe("registered");
  const second = await phone(browser);
  await expect.poll(() => second.registration(), { timeout: 35_000 }).toBe("failed");
  expect(await second.registrationDetail()).toMatch(/extension 1001 is registered from another device/);
  expect(await first.registration()).toBe("registered");
  await second.page.close();
  await first.page.close();
});

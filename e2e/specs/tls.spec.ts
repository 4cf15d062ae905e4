import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page, type Response } from "@playwright/test";
import { LocalCa } from "../../pbx/src/local-ca";
import { LOCAL_SIP_WSS_URL } from "../../pbx/src/local-pbx";
import { startNginxProxy, type NginxProxy } from "../../server/test/support/nginx-proxy";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { AppPage } from "../support/app-page";
import { useTransferRig } from "../support/transfer-rig";
import { launchTrustingChromium, type TrustingChromium } from "../support/trusting-chromium";

// TLS end to end, as at a call center: the app and its API over HTTPS from nginx ending TLS in front of the
// server (which trusts it for X-Forwarded-*), socket.io over WSS through it, and the phones over WSS to
// Asterisk's TLS listener (8089). Certificates come from this install's CA, which the test Chromium trusts in
// its own NSS database; nothing about certificates is relaxed, so every connection's chain is checked.
/** This install's CA, as pbx:up (global setup) made it. */
const ca = () => LocalCa.ensure();
const rig = useTransferRig(6, () => ({ HANDOFF_SIP_WS_URL: LOCAL_SIP_WSS_URL, HANDOFF_SIP_WS_CA: ca().certFile, HANDOFF_TRUST_PROXY: "127.0.0.1" }));

let proxy: NginxProxy | undefined;
let chromium: TrustingChromium | undefined;
let pages: Page[] = [];

test.beforeAll(async () => {
  proxy = await startNginxProxy(rig().server.url, ca().issue("handoff-proxy"));
  chromium = await launchTrustingChromium(ca().certFile);
});
test.afterAll(async () => {
  await chromium?.close();
  await proxy?.close();
});
test.afterEach(async () => {
  await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  pages = [];
});

const front = () => {
  if (proxy === undefined) throw new Error("the proxy starts in beforeAll");
  return { url: proxy.url, password: (username: string) => rig().server.password(username) };
};

interface SignedIn {
  app: AppPage;
  login: Response;
  /** Every WebSocket the page opened, by URL. */
  sockets: string[];
}

/** Signs in through the app in the trusting Chromium, at the proxy unless told another server. */
async function signIn(username: string, { remember = false, at = front() }: { remember?: boolean; at?: Pick<TestServer, "url" | "password"> } = {}): Promise<SignedIn> {
  if (chromium === undefined) throw new Error("Chromium starts in beforeAll");
  const page = await chromium.browser.newPage();
  pages.push(page);
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(socket.url()));
  const login = page.waitForResponse((response) => response.url().endsWith("/api/auth/login"));
  const app = new AppPage(page);
  await app.signIn(at, username, { remember });
  return { app, login: await login, sockets };
}

test("a Chromium that does not trust the install's CA is refused the page: the chain is what is checked", async ({ browser }) => {
  const page = await browser.newPage();
  pages.push(page);
  await expect(page.goto(front().url)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
});

test("blind transfer over TLS: the app over HTTPS and WSS through nginx, both phones on WSS to Asterisk; the customer ends with B", async () => {
  const alice = await signIn("alice");
  const bob = await signIn("bob");
  const proxyPort = new URL(front().url).port;
  for (const agent of [alice, bob]) {
    expect((await agent.login.securityDetails())?.issuer).toMatch(/^Handoff local CA/);
    expect(agent.login.headers()["strict-transport-security"]).toBe("max-age=31536000");
    // The real-time link and the phone, and nothing else, and neither in the clear.
    await expect.poll(() => [...new Set(agent.sockets.map((url) => url.replace(/\?.*$/, "")))].sort()).toEqual([`wss://127.0.0.1:${proxyPort}/socket.io/`, LOCAL_SIP_WSS_URL]);
  }
  await expect(alice.app.page.getByText(/Live updates (reconnecting|offline)/)).toBeHidden();

  await rig().customerOnApp(alice.app, "1001");
  await alice.app.pickAgent("bob", /Bob Nguyen, 1002, available/);
  await alice.app.keys("b");
  await alice.app.page.keyboard.type("Over TLS");
  await alice.app.keys("Enter");
  await expect(bob.app.transferNote).toContainText("Over TLS");
  await bob.app.keys("a");
  await expect(alice.app.transferProgress).toContainText("completed");
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await rig().audioFlows("PJSIP/1002-");
  await rig().hangUpInApp(bob.app);
});

test("Remember me over TLS: the server behind the proxy sets a Secure cookie, the browser keeps it, and a reload is signed in without the form", async () => {
  const alice = await signIn("alice", { remember: true });
  const cookies = await alice.app.page.context().cookies();
  expect(cookies.map((c) => [c.name, c.secure, c.httpOnly, c.sameSite, c.path])).toEqual([["__Secure-handoff-remember", true, true, "Strict", "/api/auth"]]);
  await alice.app.page.reload();
  await expect(alice.app.registration).toContainText("registered", { timeout: 15_000 });
  await expect(alice.app.page.getByRole("button", { name: "Sign in" })).toHaveCount(0);
});

test("attended transfer with the server's own TLS (HANDOFF_TLS_CERT/KEY, no proxy): A consults B over HTTPS and WSS, completes, the customer ends with B", async () => {
  // A second server on the same PBX, as a second site would run one: sign-ins there hold the extensions' credentials.
  const dir = mkdtempSync(join(tmpdir(), "handoff-tls-server-"));
  const issued = ca().issue("handoff-server");
  writeFileSync(join(dir, "server.pem"), issued.cert);
  writeFileSync(join(dir, "server.key"), issued.key, { mode: 0o600 });
  const server = await startTestServer({
    HANDOFF_TLS_CERT: join(dir, "server.pem"),
    HANDOFF_TLS_KEY: join(dir, "server.key"),
    HANDOFF_SIP_WS_URL: LOCAL_SIP_WSS_URL,
    HANDOFF_SIP_WS_CA: ca().certFile,
    HANDOFF_TRANSFER_RING_SECONDS: "6",
  });
  try {
    const alice = await signIn("alice", { at: server });
    const bob = await signIn("bob", { at: server });
    expect(server.url).toMatch(/^https:/);
    expect((await alice.login.securityDetails())?.issuer).toMatch(/^Handoff local CA/);
    await expect.poll(() => [...new Set(alice.sockets.map((url) => url.replace(/\?.*$/, "")))].sort()).toEqual([`${server.url.replace("https:", "wss:")}/socket.io/`, LOCAL_SIP_WSS_URL]);

    await rig().customerOnApp(alice.app, "1001");
    await alice.app.pickAgent("bob", /Bob Nguyen, 1002, available/);
    await alice.app.keys("Shift+A", "Enter");
    await expect(alice.app.transferProgress).toContainText(/ringing/);
    await expect(bob.app.page.getByRole("button", { name: "Answer" })).toBeEnabled();
    await bob.app.keys("a");
    await expect(alice.app.transferProgress).toContainText("answered");
    await alice.app.page.getByRole("button", { name: "Complete transfer" }).click();
    await expect(alice.app.transferProgress).toContainText("completed");
    await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await rig().audioFlows("PJSIP/1002-");
  } finally {
    await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

import { expect, test, type Browser } from "@playwright/test";
import { AppPage } from "../support/app-page";
import { appServerPerFile } from "../support/app-server";
import { callAgentAsCustomer, customerPartners } from "../support/pbx";

// Queue work through the real UI: agents' apps and a supervisor's board (web mode, served by the real
// server) on the real Asterisk's support queue, real WebRTC. Every test leaves the demo's seating
// (every agent in the queue, unpaused) as it found it: other specs rely on it.
test.describe.configure({ mode: "serial" });

let pages: AppPage[] = [];
// Test servers run without wrap-up (transfer specs hand queue calls to the same agents back to back); this one has the default 30 s.
const live = appServerPerFile(
  async () => {
    await Promise.all(pages.map((p) => p.page.close().catch(() => undefined)));
    pages = [];
  },
  () => ({ HANDOFF_WRAP_UP_SECONDS: "30" }),
);
const touched = new Set<string>();

test.afterEach(async () => {
  // The apps are closed (appServerPerFile); a fresh sign-in through the API now ends nobody's session in view.
  for (const username of touched) {
    const url = live.server.url;
    const login = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: live.server.password(username) }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    for (const path of ["/api/agents/me/queues/join", "/api/agents/me/resume"]) await fetch(`${url}${path}`, { method: "POST", headers, body: "{}" });
    await fetch(`${url}/api/auth/logout`, { method: "POST", headers, body: "{}" });
  }
  touched.clear();
});

async function signIn(browser: Browser, username: string): Promise<AppPage> {
  const app = new AppPage(await browser.newPage());
  pages.push(app);
  touched.add(username);
  await app.signIn(live.server, username);
  return app;
}

const membership = (app: AppPage) => app.page.getByRole("button", { name: /^Queue sign-in/ });

test("an agent signs out of the queue and in again by keyboard, pauses for Lunch; the board shows it ticking; the supervisor ends it after confirming", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  // The demo seats every agent in support at start.
  await expect(membership(alice)).toHaveAccessibleName("Queue sign-in: 1 of 1");
  await membership(alice).click();
  await alice.page.getByRole("menuitem", { name: "Sign out of all queues" }).click();
  await expect(membership(alice)).toHaveAccessibleName("Queue sign-in: 0 of 1");
  await alice.keys("q");
  await expect(membership(alice)).toHaveAccessibleName("Queue sign-in: 1 of 1");

  await alice.page.getByRole("button", { name: "Pause", exact: true }).click();
  await alice.page.getByRole("menuitem", { name: "Lunch" }).click();
  const pause = alice.page.getByRole("status", { name: "Pause" });
  await expect(pause).toContainText(/Paused · Lunch · 00:0\d since/);
  await alice.screenshot("queue-paused-lunch");

  const sam = await signIn(browser, "sam");
  await sam.page.getByRole("tab", { name: "Board" }).click();
  const row = sam.page.getByRole("row", { name: "Alice Martin" });
  await expect(row).toHaveAttribute("data-state", "Paused · Lunch");
  const inState = row.getByLabel("Time in state");
  const first = await inState.textContent();
  await expect.poll(() => inState.textContent(), { timeout: 5_000 }).not.toBe(first);
  await expect(sam.page.getByRole("table", { name: "Queues" }).getByRole("row", { name: "support" })).toBeVisible();
  await sam.screenshot("supervisor-board");

  await sam.page.getByRole("button", { name: "End Alice Martin's pause" }).click();
  const confirm = sam.page.getByRole("dialog", { name: "End Alice Martin's pause?" });
  await confirm.getByRole("button", { name: "End the pause" }).click();
  await expect(pause).toBeHidden();
  await expect(alice.page.getByRole("button", { name: "Pause", exact: true })).toBeEnabled();
  await expect(row).toHaveAttribute("data-state", /^(Available|Offline)$/);
  await expect(sam.page.getByRole("list", { name: "Audit trail" })).toContainText("Sam Lindqvist ended Alice Martin's pause (Lunch)");
});

test("a queue call ends: wrap-up counts down and no queue call rings; a disposition by keyboard ends it and history shows it with the note", async ({ browser }) => {
  const bob = await signIn(browser, "bob");
  await expect(membership(bob)).toHaveAccessibleName("Queue sign-in: 1 of 1");
  await callAgentAsCustomer(live.ami, "2000", "5550123");
  await expect(bob.currentCall).toContainText("5550123");
  await bob.keys("a");
  await expect.poll(() => customerPartners(live.ami)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await bob.keys("h");

  const wrapUp = bob.page.getByRole("region", { name: "Wrap-up" });
  await expect(wrapUp).toBeVisible();
  const left = wrapUp.getByRole("timer", { name: "Wrap-up time left" });
  await expect(left).toHaveText(/^00:[0-3]\d left$/);
  const before = await left.textContent();
  await expect.poll(() => left.textContent(), { timeout: 5_000 }).not.toBe(before);
  await bob.screenshot("wrap-up");

  // A second caller waits in the queue: Bob, in wrap-up, is not rung.
  await callAgentAsCustomer(live.ami, "2000", "5550124");
  await bob.page.waitForTimeout(3_000);
  await expect(bob.currentCall).toContainText("No call");

  await wrapUp.getByLabel("Wrap-up note").fill("Router reset.\nCall back Friday.");
  await wrapUp.getByLabel("Wrap-up note").blur();
  await bob.keys("2");
  await expect(wrapUp).toBeHidden();
  // Out of wrap-up, the waiting caller rings.
  await expect(bob.currentCall).toContainText("5550124", { timeout: 20_000 });

  await bob.page.getByRole("tab", { name: "History" }).click();
  const history = bob.page.getByRole("table", { name: "Call history" });
  await expect(history).toContainText("support: Callback needed");
  await expect(history).toContainText("Router reset.");
  await expect(history).toContainText("Call back Friday.");
  await bob.screenshot("history-with-disposition");
});

test("the supervisor signs an agent out of every queue: the agent's app shows it at once", async ({ browser }) => {
  const carol = await signIn(browser, "carol");
  await expect(membership(carol)).toHaveAccessibleName("Queue sign-in: 1 of 1");
  const sam = await signIn(browser, "sam");
  await sam.page.getByRole("tab", { name: "Board" }).click();
  await sam.page.getByRole("button", { name: "Sign Carol Diaz out of queues" }).click();
  await sam.page.getByRole("dialog", { name: "Sign Carol Diaz out of every queue?" }).getByRole("button", { name: "Sign out of queues" }).click();
  await expect(membership(carol)).toHaveAccessibleName("Queue sign-in: 0 of 1");
  await expect(sam.page.getByRole("row", { name: "Carol Diaz" })).toContainText("no queues");
  await expect(sam.page.getByRole("list", { name: "Audit trail" })).toContainText("Sam Lindqvist signed Carol Diaz out of");
});

test("a server restarted mid-shift: the agent's app and the supervisor's board show the pause Asterisk has once it is back", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  await expect(membership(alice)).toHaveAccessibleName("Queue sign-in: 1 of 1");
  await alice.page.getByRole("button", { name: "Pause", exact: true }).click();
  await alice.page.getByRole("menuitem", { name: "Lunch" }).click();
  const pause = alice.page.getByRole("status", { name: "Pause" });
  await expect(pause).toContainText("Paused · Lunch");
  const sam = await signIn(browser, "sam");
  await sam.page.getByRole("tab", { name: "Board" }).click();
  const row = sam.page.getByRole("row", { name: "Alice Martin" });
  await expect(row).toHaveAttribute("data-state", "Paused · Lunch");

  await live.server.stop();
  // While no server runs, the pause changes in Asterisk (another tool, a supervisor at the PBX): no event reaches anyone.
  await live.ami.send("Command", { Command: "queue pause member PJSIP/1001 queue support reason Training" });
  await live.server.start();
  // Both apps reconnect on their own, and what they show is what the restarted server rebuilt from QueueStatus.
  await expect(pause).toContainText("Paused · Training", { timeout: 30_000 });
  await expect(row).toHaveAttribute("data-state", "Paused · Training", { timeout: 30_000 });
  await expect(membership(alice)).toHaveAccessibleName("Queue sign-in: 1 of 1");
});

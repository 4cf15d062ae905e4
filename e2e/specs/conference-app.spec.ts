import { expect, test } from "@playwright/test";
import { appsPerFile } from "../support/app-server";
import { callAgentAsCustomer, customerPartners } from "../support/pbx";

// The three-way conference through the real UI: two agents' apps (web mode, served by the real server), real
// WebRTC phones on the real Asterisk. Whose audio reaches whom is proven in conference.spec.ts; this spec drives
// Merge, the participant list, Drop and Leave by mouse and keyboard and saves a screenshot of each state.
test.describe.configure({ mode: "serial" });

const { live, signIn } = appsPerFile();

test("an agent consults a colleague, merges by Shift+M, sees everyone live, and leaves the other two talking", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await callAgentAsCustomer(live.ami, "1001");
  await expect(alice.currentCall).toContainText("5550100");
  await alice.keys("a");
  await expect.poll(() => customerPartners(live.ami)).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);

  await alice.pickAgent("bob", /Bob Nguyen, 1002, available/);
  await alice.keys("Shift+A", "Enter");
  await expect(alice.transferProgress).toContainText(/ringing/);
  const consultation = alice.transferDialog.getByRole("region", { name: "Consultation" });
  await expect(consultation.getByRole("button", { name: "Merge" })).toBeDisabled();
  await bob.keys("a");
  await expect(alice.transferProgress).toContainText("answered");
  await expect(consultation.getByRole("button", { name: "Merge" })).toBeEnabled();
  await alice.screenshot("conference-merge-ready");

  await alice.keys("Shift+M");
  const panel = alice.page.getByRole("region", { name: "Conference" });
  await expect(panel).toHaveAttribute("data-status", "active", { timeout: 15_000 });
  const people = panel.getByRole("list", { name: "Participants" });
  await expect(people.getByRole("listitem")).toHaveCount(3);
  await expect(people.getByRole("listitem", { name: "Alice Martin (you)" })).toBeVisible();
  await expect(people.getByRole("listitem", { name: "Bob Nguyen" })).toContainText("1002");
  await expect(panel.getByRole("button", { name: "End for everyone" })).toBeVisible();
  const bobsPanel = bob.page.getByRole("region", { name: "Conference" });
  await expect(bobsPanel.getByRole("list", { name: "Participants" }).getByRole("listitem")).toHaveCount(3);
  await expect(bobsPanel.getByRole("button", { name: "End for everyone" })).toBeHidden();
  await alice.screenshot("conference-active-host");
  await bob.screenshot("conference-active-participant");

  await alice.expectHelpLists("Merge the caller and the person you consult", "conference-shortcuts-help");

  await alice.keys("Shift+O");
  await expect(panel).toBeHidden();
  // The host role passed to Bob: he can still drop the caller or end it.
  await expect(bobsPanel.getByRole("list", { name: "Participants" }).getByRole("listitem")).toHaveCount(2);
  await expect(bobsPanel.getByRole("button", { name: "End for everyone" })).toBeVisible();
  await alice.screenshot("conference-after-leave");
  await bob.screenshot("conference-participant-after-host-left");
  // The caller is still connected, now without Alice.
  await expect.poll(async () => (await customerPartners(live.ami)).some((partner) => partner.startsWith("PJSIP/1001-"))).toBe(false);
  await expect.poll(async () => (await customerPartners(live.ami)).length).toBeGreaterThan(0);
});

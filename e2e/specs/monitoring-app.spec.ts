import { expect, test } from "@playwright/test";
import { appsPerFile } from "../support/app-server";
import { callAgentAsCustomer, customerPartners, liveChannels } from "../support/pbx";

// Supervisor monitoring through the real UI: the agent's and the supervisor's apps (web mode, served by the real
// server), real WebRTC phones on the real Asterisk. Whose audio reaches whom is proven in monitoring.spec.ts; this
// spec drives the controls by mouse and keyboard and saves a screenshot of each state.
test.describe.configure({ mode: "serial" });

const { live, signIn } = appsPerFile();

test("a supervisor listens, whispers, barges and stops from the board; the agent is shown whisper and barge only", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const sam = await signIn(browser, "sam");
  const ami = live.ami;
  await callAgentAsCustomer(ami, "1001");
  await expect(alice.currentCall).toContainText("5550100");
  await alice.keys("a");
  await expect.poll(() => customerPartners(ami)).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);

  await sam.page.getByRole("tab", { name: "Board" }).click();
  const row = sam.page.getByRole("row", { name: "Alice Martin" });
  await expect(row).toHaveAttribute("data-state", "On a call");
  await row.getByRole("button", { name: "Monitor Alice Martin's call" }).click();
  await sam.page.getByRole("menuitem", { name: "Listen" }).click();
  const panel = sam.page.getByRole("region", { name: "Monitoring" });
  await expect(panel).toHaveAttribute("data-status", "active", { timeout: 15_000 });
  await expect(panel).toHaveAttribute("data-mode", "listen");
  await expect(panel.getByRole("status")).toContainText("Monitoring Alice Martin's call: Listen, live");
  const notice = alice.page.getByRole("status", { name: "Supervisor on this call" });
  await expect(notice).toBeHidden();
  await sam.screenshot("monitoring-listen");
  await alice.screenshot("monitoring-agent-during-listen");

  // Keyboard: Shift+W whispers, and the agent is told.
  await sam.keys("Shift+W");
  await expect(panel).toHaveAttribute("data-mode", "whisper");
  await expect(notice).toContainText("Sam Lindqvist is coaching you");
  await sam.screenshot("monitoring-whisper");
  await alice.screenshot("monitoring-agent-whisper-notice");

  // The mode buttons are a labelled group; Barge by mouse.
  await panel.getByRole("group", { name: "Monitoring mode" }).getByRole("button", { name: "Barge" }).click();
  await expect(panel).toHaveAttribute("data-mode", "barge");
  await expect(notice).toContainText("Sam Lindqvist has joined this call");
  await sam.screenshot("monitoring-barge");
  await alice.screenshot("monitoring-agent-barge-notice");

  await sam.expectHelpLists("Whisper: coach the agent", "monitoring-shortcuts-help");

  await sam.keys("Shift+X");
  await expect(panel).toBeHidden();
  await expect(notice).toBeHidden();
  // The supervisor's leg is gone; the caller still talks with the agent.
  await expect.poll(async () => (await liveChannels(ami)).some((c) => c.get("Channel")?.startsWith("PJSIP/1006-"))).toBe(false);
  await expect.poll(() => customerPartners(ami)).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  const trail = sam.page.getByRole("list", { name: "Audit trail" });
  await expect(trail).toContainText("Sam Lindqvist started monitoring Alice Martin's call (listen");
  await expect(trail).toContainText("Sam Lindqvist stopped monitoring Alice Martin (stopped");
  await sam.screenshot("monitoring-stopped-audit");
});

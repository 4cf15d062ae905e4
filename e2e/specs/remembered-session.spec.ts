import { expect, test, type Page } from "@playwright/test";
import { appServerPerFile } from "../support/app-server";
import { AppPage } from "../support/app-page";
import { callAgentAsCustomer } from "../support/pbx";

// The web app's remembered sign-in, in the real Chromium against the real server and Asterisk:
// a reload is signed in and registered without the form, by an HttpOnly cookie the page never sees.
test.describe.configure({ mode: "serial" });

const live = appServerPerFile();

/** Counts every time the sign-in form is in the page, from before the page's own scripts run. */
async function watchForForm(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const seen = { forms: 0, shown: false };
    (window as unknown as { __signInForm: typeof seen }).__signInForm = seen;
    new MutationObserver(() => {
      const shown = document.querySelector('form[aria-label="Sign in"]') !== null;
      if (shown && !seen.shown) seen.forms += 1;
      seen.shown = shown;
    }).observe(document, { subtree: true, childList: true });
  });
  return () => page.evaluate(() => (window as unknown as { __signInForm: { forms: number } }).__signInForm.forms);
}

test("a reload with Remember me is signed in and registered without the form, and a call rings", async ({ browser }) => {
  const context = await browser.newContext();
  const app = new AppPage(await context.newPage());
  const formsShown = await watchForForm(app.page);
  await app.signIn(live.server, "carol", { remember: true });

  const [cookie, ...others] = await context.cookies(live.server.url + "/api/auth/resume");
  expect(others).toEqual([]);
  expect(cookie).toMatchObject({ name: "handoff-remember", httpOnly: true, sameSite: "Strict", path: "/api/auth" });
  // Not sent anywhere else, not readable by the page, and no token in storage.
  expect(await context.cookies(live.server.url + "/")).toEqual([]);
  expect(await app.page.evaluate(() => document.cookie)).toBe("");
  const stored = await app.page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toMatch(/eyJ|token/i);

  await app.page.reload();
  await expect(app.registration).toHaveText(/(^|\s)registered\s*$/i, { timeout: 15_000 });
  await expect(app.page.getByText("Carol Diaz").first()).toBeVisible();
  expect(await formsShown()).toBe(0);
  // Rotated on use: the cookie the reload brought is not the one it holds now.
  const [rotated] = await context.cookies(live.server.url + "/api/auth/resume");
  expect(rotated?.value).not.toBe(cookie?.value);

  await callAgentAsCustomer(live.ami, "1003", "5550177");
  await expect(app.currentCall).toContainText("5550177");
  await expect(app.currentCall).toContainText(/ringing/i);
  await context.close();
});

test("after Sign out, or a sign-in without Remember me, a reload shows the form", async ({ browser }) => {
  const context = await browser.newContext();
  const app = new AppPage(await context.newPage());
  await app.signIn(live.server, "dave", { remember: true });
  await app.page.getByRole("button", { name: "Sign out" }).click();
  await expect(app.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await context.cookies(live.server.url + "/api/auth/resume")).toEqual([]);
  await app.page.reload();
  await expect(app.page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await app.signIn(live.server, "dave", { remember: false });
  await app.page.reload();
  await expect(app.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The workspace waits hidden behind the form (App.tsx): not shown, and its phone is not registered.
  await expect(app.registration).toBeHidden();
  await expect(app.registration).toHaveText("Phone offline");
  await context.close();
});

test("a copied cookie used after the browser's own ends the sign-in: both browsers are back at the form", async ({ browser }) => {
  const original = await browser.newContext();
  const app = new AppPage(await original.newPage());
  await app.signIn(live.server, "erin", { remember: true });
  const copy = await browser.newContext({ storageState: await original.storageState() });
  // The original browser uses it first (a reload rotates it), then the copy comes.
  await app.page.reload();
  await expect(app.registration).toHaveText(/(^|\s)registered\s*$/i, { timeout: 15_000 });
  const thief = await copy.newPage();
  await thief.goto(`${live.server.url}/`);
  await expect(thief.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The original was told why, and its next reload cannot resume either.
  await expect(app.page.getByText(/signed out because your session was ended for safety/i)).toBeVisible();
  await app.page.reload();
  await expect(app.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await copy.close();
  await original.close();
});

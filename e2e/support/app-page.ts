import { expect, type Locator, type Page } from "@playwright/test";
import type { TestServer } from "../../server/test/support/test-server";

/** The real app (web mode, served by the real server) in a Chromium page, driven as an agent would. */
export class AppPage {
  readonly registration: Locator;
  readonly currentCall: Locator;
  readonly transferProgress: Locator;
  readonly transferNote: Locator;
  readonly transferDialog: Locator;

  constructor(readonly page: Page) {
    this.registration = page.getByLabel("Registration");
    this.currentCall = page.getByLabel("Current call");
    this.transferProgress = page.getByLabel("Transfer progress");
    this.transferNote = page.getByLabel("Transfer note");
    this.transferDialog = page.getByRole("dialog", { name: "Transfer call" });
  }

  /** `server`: the test server, or what stands in front of it (a TLS proxy's URL with the server's passwords). */
  async signIn(server: Pick<TestServer, "url" | "password">, username: string, { remember = false } = {}): Promise<void> {
    await this.page.goto(`${server.url}/`);
    await this.page.getByLabel("Server").fill(server.url);
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(server.password(username));
    if (remember) await this.page.getByLabel("Remember me").check();
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.registration).toContainText("registered", { timeout: 15_000 });
  }

  /** Opens the transfer dialog (T) and picks, by keyboard, the agent the search finds whose option matches. */
  async pickAgent(search: string, option: RegExp): Promise<void> {
    await this.keys("t");
    await expect(this.transferDialog).toBeVisible();
    await this.page.keyboard.type(search);
    await expect(this.transferDialog.getByRole("option", { name: option })).toBeVisible();
    await this.keys("ArrowDown", "Enter");
  }

  /** Presses keys one after another, as a person at the keyboard would. */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** Opens the shortcuts help (?), checks it lists `text`, saves it as `screenshotName` and closes it. */
  async expectHelpLists(text: string, screenshotName: string): Promise<void> {
    await this.keys("?");
    await expect(this.page.getByRole("dialog", { name: /shortcuts/i })).toContainText(text);
    await this.screenshot(screenshotName);
    await this.keys("Escape");
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/results/screenshots/${name}.png` });
  }
}

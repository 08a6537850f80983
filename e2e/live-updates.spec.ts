import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { signInAndWait } from "./support";

const stamp = Date.now().toString(36);

test.afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await admin.connect();
  await admin.query("DELETE FROM events WHERE payload->>'name' LIKE $1", [`Live ${stamp}%`]);
  await admin.query("DELETE FROM projects WHERE name LIKE $1", [`Live ${stamp}%`]);
  await admin.end();
});

async function dashboard(browser: Browser, slug: string, email: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAndWait(page, slug, email);
  await expect(page.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
  return page;
}

test("a change in one browser appears in another of the same tenant within a second, and nowhere else", async ({ browser }) => {
  const alice = await dashboard(browser, "acme", "alice@acme.test");
  const victor = await dashboard(browser, "acme", "victor@acme.test");
  const gina = await dashboard(browser, "globex", "gina@globex.test");

  const name = `Live ${stamp} board`;
  await alice.bringToFront();
  await alice.getByPlaceholder("New project name").fill(name);
  await alice.getByRole("button", { name: "Add" }).click();

  await expect(victor.getByRole("list").getByText(name)).toBeVisible({ timeout: 1000 });
  // Other tests may write to acme at the same time: the notice names the latest change.
  await expect(victor.getByRole("status").filter({ hasText: "Someone added project" })).toBeVisible();
  await expect(victor.getByTestId("live-updates")).not.toHaveAttribute("data-received", "0");

  await gina.waitForTimeout(1000);
  await expect(gina.getByTestId("live-updates")).toHaveAttribute("data-received", "0");
  await expect(gina.getByText(name)).toHaveCount(0);
  await Promise.all([alice, victor, gina].map((p) => p.context().close()));
});

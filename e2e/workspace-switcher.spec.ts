import { expect, test } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { openUserMenu } from "./support";

const email = `consultant-${Date.now()}@example.test`;
const password = "consults-for-both";

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  const hash = await hashPassword(password);
  await admin(async (c) => {
    const { rows } = await c.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Consultant', $2) RETURNING id", [email, hash]);
    await c.query("INSERT INTO memberships (tenant_id, user_id, role) SELECT id, $1, 'viewer' FROM tenants WHERE slug IN ('acme', 'globex')", [rows[0].id]);
  });
});

test.afterAll(() => admin((c) => c.query("DELETE FROM users WHERE email = $1", [email])));

test("on the root domain a member of two workspaces picks one, switches, and the API follows", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();

  const workspaces = page.getByRole("region", { name: "Your workspaces" });
  await expect(workspaces.getByRole("listitem")).toHaveText([/Acme Corp\s*viewer/, /Globex Inc\s*viewer/]);
  await workspaces.getByRole("link", { name: "Open Acme Corp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await expect(page.getByTestId("employee-row").first()).toContainText("@acme.test");

  await openUserMenu(page);
  await page.getByRole("button", { name: "Switch workspace" }).click();
  await workspaces.getByRole("link", { name: "Open Globex Inc" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Globex Inc");
  await expect(page).toHaveURL(/\/t\/globex\/?$/); // the address carries the workspace
  const emails = await page.evaluate(async () => {
    const res = await fetch("/t/globex/api/employees?limit=100");
    return (await res.json()).data.map((e: { email: string }) => e.email) as string[];
  });
  expect(emails.length).toBeGreaterThan(0);
  for (const e of emails) expect(e).toMatch(/@globex\.test$/);
});

test("two tabs on the root domain keep the workspace each one shows (defect 4)", async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto("/sign-in");
  await first.getByLabel("Email").fill(email);
  await first.getByLabel("Password").fill(password);
  await first.getByRole("button", { name: "Sign in" }).click();
  await first.getByRole("region", { name: "Your workspaces" }).getByRole("link", { name: "Open Globex Inc" }).click();
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("Globex Inc");

  const second = await context.newPage();
  await second.goto("/");
  await second.getByRole("region", { name: "Your workspaces" }).getByRole("link", { name: "Open Acme Corp" }).click();
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");

  // The first tab's next click still works on Globex, and a reload shows Globex.
  await first.bringToFront();
  await first.locator('[data-testid="employee-row"] a').first().click();
  await expect(first).toHaveURL(/\/t\/globex\/employees\//);
  await expect(first.getByText("@globex.test").first()).toBeVisible();
  await first.reload();
  await expect(first.getByText("@globex.test").first()).toBeVisible();
  await context.close();
});

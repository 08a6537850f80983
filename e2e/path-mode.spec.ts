import { expect, test } from "@playwright/test";

// /t/<slug>/… on the root domain serves the same workspace as <slug>.localhost, for deployments
// without wildcard DNS; links and redirects keep the prefix.
test("a workspace under /t/acme: sign-in, dashboard, links and API keep the prefix", async ({ page }) => {
  await page.goto("/t/acme/");
  await expect(page).toHaveURL(/\/t\/acme\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to Acme Corp" })).toBeVisible();
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/t\/acme\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/t\/acme\/?\?after=/); // Next drops the trailing slash
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/t\/acme\/members$/);
  await expect(page.getByTestId("member-row").filter({ hasText: "alice@acme.test" })).toBeVisible();

  const answers = await page.evaluate(async () => {
    const own = await fetch("/t/acme/api/employees?limit=100");
    const other = await fetch("/t/globex/api/employees");
    return { own: own.status, emails: (await own.json()).data.map((e: { email: string }) => e.email), other: other.status };
  });
  expect(answers.own).toBe(200);
  for (const e of answers.emails) expect(e).toMatch(/@acme\.test$/);
  expect(answers.other).toBe(404); // not a member of globex: as if it did not exist
});

test("an unknown workspace under /t/ is a 404", async ({ page }) => {
  const response = await page.goto("/t/no-such-company/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
});

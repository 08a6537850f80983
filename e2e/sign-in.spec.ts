import { expect, test } from "@playwright/test";
import { adminQuery, DEMO_PASSWORD, openUserMenu, signIn, signInAndWait, tenantUrl } from "./support";

test("a workspace shows nothing to a visitor who is not signed in", async ({ page }) => {
  await page.goto(tenantUrl("acme"));
  await expect(page).toHaveURL(tenantUrl("acme", "/sign-in"));
  await expect(page.getByRole("heading", { name: "Sign in to Acme Corp" })).toBeVisible();
  await expect(page.getByTestId("employee-row")).toHaveCount(0);
});

test("alice signs in to acme and sees its dashboard", async ({ page }) => {
  await signInAndWait(page, "acme", "alice@acme.test");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await expect(page.getByText("owner", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("employee-row").first()).toBeVisible();
});

test("alice, a member of acme only, gets at globex the 404 of a workspace that does not exist", async ({ page }) => {
  await signIn(page, "globex", "alice@acme.test");
  await expect(page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  await expect(page.getByText("There is no workspace called “globex”.")).toBeVisible();
  const response = await page.goto(tenantUrl("globex"));
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("employee-row")).toHaveCount(0);
  await expect(page.getByText("@globex.test")).toHaveCount(0);
  await expect(page.getByText("Globex Inc")).toHaveCount(0);
});

test("a wrong password and an unknown account get the same message", async ({ page }) => {
  const messages: string[] = [];
  for (const [email, password] of [
    ["victor@acme.test", "not-his-password"],
    ["nobody@acme.test", "demo-password"],
  ]) {
    await signIn(page, "acme", email, password);
    const alert = page.locator("form").getByRole("alert"); // not Next's route announcer
    await expect(alert).toBeVisible();
    messages.push((await alert.textContent()) ?? "");
    await expect(page.getByLabel("Email")).toHaveValue(email); // the form keeps what was typed
  }
  expect(messages[0]).toBe(messages[1]);
  expect(messages[0]).toContain("do not match");
});

test("signing out ends the session", async ({ page }) => {
  await signInAndWait(page, "acme", "victor@acme.test");
  await openUserMenu(page);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/sign-in"));
  await page.goto(tenantUrl("acme"));
  await expect(page).toHaveURL(tenantUrl("acme", "/sign-in"));
});

test("a deep link survives signing in: the page asked for, not the dashboard", async ({ page }) => {
  const [employee] = await adminQuery<{ id: string; name: string }>(
    "SELECT e.id, e.name FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme' ORDER BY e.name LIMIT 1",
  );
  await page.goto(tenantUrl("acme", `/employees/${employee.id}`));
  await expect(page).toHaveURL(tenantUrl("acme", `/sign-in?next=%2Femployees%2F${employee.id}`));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", `/employees/${employee.id}`));
  await expect(page.getByRole("heading", { name: employee.name })).toBeVisible();
});

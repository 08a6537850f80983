import { expect, test, type Page } from "@playwright/test";
import { adminQuery, signedInPage, tenantUrl } from "./support";

// Defect 7 of issue #14: long unbroken values wrap instead of widening the page, and an over-long
// input is explained by the server's limit rather than cut short by the browser.

const stamp = `l${Date.now().toString(36)}`;
const longName = `${stamp}${"W".repeat(120 - stamp.length)}`;

test.afterAll(async () => {
  await adminQuery("DELETE FROM events WHERE payload->>'name' LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM employees WHERE name LIKE $1", [`${stamp}%`]);
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("a 120-character name without a space fits the page at 1280 px and on a phone, on its page and in the list", async ({ browser }) => {
  const [{ employee }] = await adminQuery<{ employee: string }>(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT id, $1, $2, $3, 'Operations' FROM tenants WHERE slug = 'acme' RETURNING id AS employee",
    [longName, `${stamp}@acme.test`, "T".repeat(120)],
  );
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(tenantUrl("acme", `/employees/${employee}`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(longName);
    expect(await overflow(page), `employee page at ${width} px`).toBeLessThanOrEqual(0);
    await page.goto(tenantUrl("acme", `/?q=${stamp}`));
    await expect(page.getByTestId("employee-row")).toHaveCount(1);
    expect(await overflow(page), `list at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.context().close();
});

test("typing past a field's limit is explained, not cut short", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.goto(tenantUrl("acme", "/employees/new"));
  const form = page.getByRole("form", { name: "Add an employee" });
  await form.getByLabel("Name").fill(`${longName}X`);
  await expect(form.getByLabel("Name")).toHaveValue(`${longName}X`); // 121 characters, all kept
  await form.getByLabel("Email").fill(`${stamp}.new@acme.test`);
  await form.getByRole("button", { name: "Add employee" }).click();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription("At most 120 characters.");
  await expect(form.getByLabel("Name")).toHaveValue(`${longName}X`);
  await page.context().close();
});

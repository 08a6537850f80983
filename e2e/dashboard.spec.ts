import { expect, test } from "@playwright/test";
import { adminQuery, signInAndWait } from "./support";

// Globex: no other browser test writes there, so its rows hold still while these read them.
test("column headers sort the employees table both ways, by keyboard too, and paging keeps the order", async ({ page }) => {
  await signInAndWait(page, "globex", "gina@globex.test");
  const titleHeader = page.getByRole("columnheader", { name: /^Title/ });
  await expect(page.getByRole("columnheader", { name: /^Name/ })).toHaveAttribute("aria-sort", "ascending");

  await titleHeader.getByRole("link").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=title/);
  await expect(titleHeader).toHaveAttribute("aria-sort", "ascending");
  const expected = await adminQuery<{ title: string }>(
    "SELECT e.title FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'globex' ORDER BY e.title, e.id",
  );
  const titles = () => page.getByTestId("employee-row").locator("[data-column=title]").allTextContents();
  expect(await titles()).toEqual(expected.slice(0, 25).map((r) => r.title));
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/sort=title.*after=|after=.*sort=title/);
  expect(await titles()).toEqual(expected.slice(25, 50).map((r) => r.title));

  await titleHeader.getByRole("link").click();
  await expect(titleHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page).not.toHaveURL(/after=/); // a new order starts at its first page
  const descending = await adminQuery<{ title: string }>(
    "SELECT e.title FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'globex' ORDER BY e.title DESC, e.id DESC LIMIT 25",
  );
  expect(await titles()).toEqual(descending.map((r) => r.title));
});

test("the stats count the tenant's own rows, including today's changes", async ({ page }) => {
  await signInAndWait(page, "globex", "gina@globex.test");
  const [counts] = await adminQuery<{ headcount: number; unassigned: number; today: number }>(`
    SELECT count(*)::int AS headcount, count(*) FILTER (WHERE e.project_id IS NULL)::int AS unassigned,
           (SELECT count(*)::int FROM events v WHERE v.tenant_id = t.id AND v.type NOT LIKE 'auth.%' AND v.created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS today
    FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'globex' GROUP BY t.id`);
  const stat = (label: string) => page.getByRole("region", { name: "Summary" }).getByTestId(`stat-${label}`).locator("[data-stat-value]");
  await expect(stat("Headcount")).toHaveText(String(counts.headcount));
  await expect(stat("Without a project")).toHaveText(String(counts.unassigned));
  await expect(stat("Changes today")).toHaveText(String(counts.today));
});

test("on a phone the dashboard fits the screen; dark mode follows the system", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, colorScheme: "dark" });
  const page = await context.newPage();
  await signInAndWait(page, "acme", "alice@acme.test");
  await expect(page.getByTestId("employee-row").first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  // Tailwind's colours are oklch(); a canvas turns the computed one into RGB.
  const [r, g, b] = await page.evaluate(() => {
    const context = Object.assign(document.createElement("canvas"), { width: 1, height: 1 }).getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data];
  });
  expect(r + g + b).toBeLessThan(3 * 64); // a dark background, not the light theme's
  await context.close();
});

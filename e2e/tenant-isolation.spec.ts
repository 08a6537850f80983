import { expect, test } from "@playwright/test";
import { signInAndWait, tenantUrl } from "./support";

const tenants = [
  { slug: "acme", name: "Acme Corp", owner: "alice@acme.test", domain: "@acme.test", other: "@globex.test" },
  { slug: "globex", name: "Globex Inc", owner: "gina@globex.test", domain: "@globex.test", other: "@acme.test" },
];

for (const t of tenants) {
  test(`${t.slug}.localhost shows ${t.name}'s employees and no one else's`, async ({ page }) => {
    await signInAndWait(page, t.slug, t.owner);
    const response = await page.goto(tenantUrl(t.slug));
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.name);
    const rows = page.getByTestId("employee-row");
    await expect(rows).toHaveCount(25);

    // Walk every page: each row belongs to this tenant, and no row of the other appears.
    const seen = new Set<string>();
    for (;;) {
      const emails = await rows.locator("[data-column=name] div").allTextContents();
      for (const email of emails) {
        expect(email.endsWith(t.domain), email).toBe(true);
        seen.add(email);
      }
      await expect(page.getByText(t.other)).toHaveCount(0);
      const next = page.getByRole("link", { name: "Next →" });
      if ((await next.count()) === 0) break;
      await next.click();
      await expect(page.getByRole("link", { name: "← Previous" })).toBeVisible();
    }
    const headcount = Number(await page.getByTestId("stat-Headcount").locator("[data-stat-value]").textContent());
    expect(seen.size).toBe(headcount);
    expect(headcount).toBeGreaterThanOrEqual(25);
  });
}

test("an unknown subdomain gets the not-found page", async ({ page }) => {
  const response = await page.goto(tenantUrl("no-such-company"));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Workspace not found" })).toBeVisible();
  await expect(page.getByText("no-such-company")).toBeVisible();
  await expect(page.getByTestId("employee-row")).toHaveCount(0);
});

test("the root domain shows the product, not a tenant", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tenantry");
  await expect(page.getByTestId("employee-row")).toHaveCount(0);
});

test("the employee table filters by search, department and project without leaving the tenant", async ({ page }) => {
  await signInAndWait(page, "acme", "alice@acme.test");
  const filter = page.getByRole("search", { name: "Filter employees" });
  await filter.getByLabel("Search employees").fill("ada");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=ada/);
  const rows = page.getByTestId("employee-row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("ada");

  await filter.getByLabel("Search employees").fill("");
  await filter.getByLabel("Project").selectOption("none");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/projectId=none/);
  await expect(rows.first()).toBeVisible();
  for (const cell of await rows.locator("[data-column=project]").allTextContents()) expect(cell).toBe("—");

  await filter.getByLabel("Search employees").fill("zzz-nobody");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No employees match.")).toBeVisible();
});

test("the filters apply by themselves: a search once typing pauses, a choice at once; the address follows", async ({ page }) => {
  await signInAndWait(page, "acme", "alice@acme.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("Alice Anders");
  const filter = page.getByRole("search", { name: "Filter employees" });
  const rows = page.getByTestId("employee-row");
  await filter.getByLabel("Search employees").pressSequentially("ada", { delay: 50 });
  await expect(page).toHaveURL(/[?&]q=ada(&|$)/);
  await expect(filter.getByLabel("Search employees")).toHaveValue("ada");
  for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain("ada");
  await expect(page.getByTestId("employee-count")).toContainText(" match");
  await filter.getByLabel("Search employees").fill("");
  await filter.getByLabel("Project").selectOption("none");
  await expect(page).toHaveURL(/projectId=none/);
  for (const cell of await rows.locator("[data-column=project]").allTextContents()) expect(cell).toBe("—");
});

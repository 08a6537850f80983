import { expect, test } from "@playwright/test";
import { adminQuery, signedInPage, signUpWorkspace, tenantUrl } from "./support";

// The employee list as a company uses it: sorted by project or date added, a page size of one's
// choosing, stat cards that filter it, people moved to a project together, and record history
// that reads old → new in the viewer's own time zone.

test("the list sorts by project (people without one last) and by date added, and the header says which way", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.getByRole("link", { name: "Project", exact: true }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/?sort=project"));
  await expect(page.getByRole("columnheader", { name: "Project" })).toHaveAttribute("aria-sort", "ascending");
  const expected = await adminQuery<{ project: string | null }>(
    "SELECT p.name AS project FROM employees e JOIN tenants t ON t.id = e.tenant_id LEFT JOIN projects p ON p.id = e.project_id WHERE t.slug = 'acme' ORDER BY p.name, e.id LIMIT 25",
  );
  await expect(page.getByTestId("employee-row").locator("[data-column=project]")).toHaveText(expected.map((r) => r.project ?? "—"));
  await page.getByRole("link", { name: "Added", exact: true }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/?sort=added"));
  await expect(page.getByRole("columnheader", { name: "Added" })).toHaveAttribute("aria-sort", "ascending");
  await page.context().close();
});

test("a page size of one's choosing, kept while paging; stat cards filter the list", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.getByLabel("Employees per page").selectOption("10");
  await expect(page).toHaveURL(/[?&]limit=10(&|$)/);
  await expect(page.getByTestId("employee-row")).toHaveCount(10);
  await page.getByRole("navigation", { name: "Employee pages" }).getByRole("link", { name: /Next/ }).click();
  await expect(page).toHaveURL(/[?&]limit=10(&|$)/);
  await expect(page.getByTestId("employee-row")).toHaveCount(10);

  const [{ none, all }] = await adminQuery<{ none: number; all: number }>(
    "SELECT count(*) FILTER (WHERE e.project_id IS NULL)::int AS none, count(*)::int AS all FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme'",
  );
  await page.getByTestId("stat-Without a project").click();
  await expect(page).toHaveURL(/[?&]projectId=none(&|$)/);
  await expect(page.getByTestId("employee-count")).toHaveText(`${none} of ${all} match`);
  await expect(page.getByLabel("Project", { exact: true })).toHaveValue("none");
  await page.getByTestId("stat-Headcount").click();
  await expect(page.getByTestId("employee-count")).toHaveText(`${all} in all`);
  await page.context().close();
});

test("people are moved to a project together, and each one's history says so, old → new, in the viewer's time zone", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const slug = `lists-${stamp}`;
  const email = `lena@${slug}.test`;
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en-GB" });
  const page = await context.newPage();
  try {
    await signUpWorkspace(page, { company: "Lists Ltd", slug, name: "Lena Lead", email, password: "lists-password-1" });
    await adminQuery(
      `WITH t AS (SELECT id FROM tenants WHERE slug = $1),
            p AS (INSERT INTO projects (tenant_id, name) SELECT id, 'Apollo' FROM t)
       INSERT INTO employees (tenant_id, name, email, title, department) SELECT t.id, n, lower(n) || '@lists.test', '', '' FROM t, unnest(ARRAY['Ann', 'Ben', 'Cat']) AS n`,
      [slug],
    );
    await page.reload();
    await page.getByLabel("Select Ann").check();
    await page.getByLabel("Select Cat").check();
    const bulk = page.getByRole("form", { name: "Assign the selected employees" });
    await expect(bulk.getByText("2 selected")).toBeVisible();
    await bulk.getByLabel("Project for the selected employees").selectOption({ label: "Apollo" });
    await bulk.getByRole("button", { name: "Apply to selected" }).click();
    await expect(bulk.getByRole("status").last()).toHaveText("Assigned 2 of 2 selected employees.");
    const rows = page.getByTestId("employee-row");
    await expect(rows.filter({ hasText: "Ann" }).locator("[data-column=project]")).toHaveText("Apollo");
    await expect(rows.filter({ hasText: "Ben" }).locator("[data-column=project]")).toHaveText("—");
    await expect(rows.filter({ hasText: "Cat" }).locator("[data-column=project]")).toHaveText("Apollo");
    await expect(page.getByLabel("Select Ann")).not.toBeChecked();

    // Two edits of Ann's title in a row read as one line, from the first value to the last.
    await rows.filter({ hasText: "Ann" }).getByRole("link", { name: "Ann" }).click();
    const edit = page.getByRole("form", { name: "Edit Ann" });
    for (const title of ["Analyst", "Lead Analyst"]) {
      await edit.getByLabel("Title").fill(title);
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect(edit.getByRole("status")).toHaveText("Saved Ann.");
    }
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByTestId("history-entry")).toHaveCount(2);
    await expect(history.getByTestId("history-entry").first()).toContainText("Changed · Lena Lead · 2 edits in a row");
    await expect(history.getByTestId("history-change")).toHaveText(["Title: empty → Lead Analyst", "Project: no project → Apollo"]);
    // Tokyo time, as the viewer's browser tells it: not the server's UTC.
    const [{ at }] = await adminQuery<{ at: Date }>("SELECT max(e.created_at) AS at FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = $1 AND e.type = 'employee.updated'", [slug]);
    const tokyo = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", timeStyle: "short" }).format(at);
    await expect(history.getByTestId("history-entry").first().locator("time")).toContainText(tokyo);
    await expect(history.getByTestId("history-entry").first().locator("time")).not.toContainText("UTC");
  } finally {
    await context.close();
    await adminQuery("DELETE FROM users WHERE email = $1", [email]);
    await adminQuery("DELETE FROM tenants WHERE slug = $1", [slug]);
  }
});

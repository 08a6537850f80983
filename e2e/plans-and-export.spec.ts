// A new (Free) workspace in the browser: at its plan's limit the form says so and nothing is
// added; the plan page shows the usage and the owner upgrades; then the owner downloads an
// export, deletes the workspace, an operator erases it when due and restores the download, and
// the dashboard is the same as before.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { adminQuery, signIn, signUpWorkspace, tenantUrl } from "./support";

test.describe.configure({ mode: "serial" });

const slug = `plans-${Date.now().toString(36)}`;
const email = `pat@${slug}.test`;
const PASSWORD = "plans-password";
const dir = mkdtempSync(path.join(tmpdir(), "tenantry-e2e-export-"));

/** The operator CLI, as an operator runs it. */
function tenantry(...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(import.meta.dirname, "..", "scripts/tenantry/bin.mjs"), ...args], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** What the dashboard shows: its summary, its projects and its first page of people (the activity feed's times move on). */
const dashboard = async (page: Page) => {
  await page.goto(tenantUrl(slug, "/"));
  // Hydrated: times are shown in the browser's own zone and language, not the server's UTC.
  await page.locator("[data-testid=live-updates][data-connected=true]").waitFor({ state: "attached" });
  const text = async (locator: ReturnType<Page["getByRole"]>) => (await locator.innerText()).replace(/\s+/g, " ");
  return {
    summary: await text(page.getByRole("region", { name: "Summary" })),
    projects: await page.getByRole("list", { name: "Projects" }).count() ? await text(page.getByRole("list", { name: "Projects" })) : "none",
    people: await page.getByTestId("employee-row").allInnerTexts(),
  };
};

test.afterAll(async () => {
  await adminQuery("DELETE FROM tenants WHERE slug = $1", [slug]);
  await adminQuery("DELETE FROM directory.tombstones WHERE slug = $1", [slug]);
  await adminQuery("DELETE FROM users WHERE email = $1", [email]);
  rmSync(dir, { recursive: true, force: true });
});

test("at the Free plan's limit the form says so and adds nothing; the owner upgrades on the plan page, then it works", async ({ page }) => {
  await signUpWorkspace(page, { company: "Plans Ltd", slug, name: "Pat Owner", email, password: PASSWORD });
  // Fifty people, as the owner's maintenance adds them (no tenant bound: not held to the plan).
  await adminQuery(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT t.id, 'Person ' || g, 'p' || g || '@plans.test', 'Engineer', 'R&D' FROM tenants t, generate_series(1, 50) g WHERE t.slug = $1",
    [slug],
  );

  await page.goto(tenantUrl(slug, "/employees/new"));
  const form = page.getByRole("form", { name: "Add an employee" });
  await form.getByLabel("Name", { exact: true }).fill("Fifty-first");
  await form.getByLabel("Email", { exact: true }).fill("fifty-first@plans.test");
  await form.getByRole("button", { name: "Add employee" }).click();
  await expect(form.getByRole("alert")).toContainText("This workspace's plan allows 50 employees, and it has 50.");
  expect(await adminQuery("SELECT 1 FROM employees WHERE email = 'fifty-first@plans.test'")).toHaveLength(0);

  await page.goto(tenantUrl(slug, "/settings"));
  await page.getByRole("link", { name: "Plan and usage" }).click();
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByTestId("usage-employees")).toContainText("50 of 50");
  await expect(page.getByTestId("usage-employees")).toContainText("At the limit");
  await expect(page.getByRole("heading", { name: "The Pro plan" })).toBeVisible();
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(page.getByText("The workspace is now on the Pro plan.")).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");

  await page.goto(tenantUrl(slug, "/employees/new"));
  await form.getByLabel("Name", { exact: true }).fill("Fifty-first");
  await form.getByLabel("Email", { exact: true }).fill("fifty-first@plans.test");
  await form.getByRole("button", { name: "Add employee" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Fifty-first" })).toBeVisible();
});

test("export from Settings → delete → erased when due → restored: the same dashboard", async ({ page }) => {
  await signIn(page, slug, email, PASSWORD);
  await expect(page).toHaveURL(tenantUrl(slug, "/"));
  const before = await dashboard(page);

  await page.goto(tenantUrl(slug, "/settings"));
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download an export" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-\\d{4}-\\d{2}-\\d{2}\\.jsonl\\.gz$`));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);

  const remove = page.getByRole("form", { name: "Delete the workspace" });
  await remove.getByLabel("Type").fill(slug);
  await remove.getByRole("button", { name: "Delete workspace" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspace closed" })).toBeVisible();

  await adminQuery("UPDATE tenants SET deletion_due_at = now() - interval '1 minute' WHERE slug = $1", [slug]);
  const report = JSON.parse(tenantry("tenants", "delete", "--due", "--no-export", "--json"));
  expect(report.find((r: { slug?: string; tenantId: string; remaining: number }) => r.remaining === 0)).toBeTruthy();
  expect(await adminQuery("SELECT 1 FROM tenants WHERE slug = $1", [slug])).toHaveLength(0);

  tenantry("tenants", "restore", file, "--status", "active");
  await signIn(page, slug, email, PASSWORD);
  await expect(page).toHaveURL(tenantUrl(slug, "/"));
  expect(await dashboard(page)).toEqual(before);
});

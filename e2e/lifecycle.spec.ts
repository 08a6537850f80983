import { expect, test } from "@playwright/test";
import { adminQuery, signUpWorkspace, tenantUrl } from "./support";

const slug = `lifecycle-${Date.now().toString(36)}`;
const email = `olive@${slug}.test`;

test.afterAll(async () => {
  await adminQuery("DELETE FROM users WHERE email = $1", [email]);
  await adminQuery("DELETE FROM tenants WHERE slug = $1", [slug]);
});

test("an owner suspends the workspace from settings (typed confirmation), sees it read-only everywhere, resumes it, then closes it", async ({ page }) => {
  await signUpWorkspace(page, { company: "Lifecycle Ltd", slug, name: "Olive Owner", email, password: "lifecycle-password" });

  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByTestId("workspace-status")).toHaveText("Active");
  const suspend = page.getByRole("form", { name: "Suspend the workspace" });
  await suspend.getByLabel("Type").fill("the-wrong-address");
  await suspend.getByRole("button", { name: "Suspend workspace" }).click();
  await expect(suspend.getByText(`Type ${slug} to confirm.`)).toBeVisible();
  await expect(page.getByTestId("workspace-status")).toHaveText("Active");

  await suspend.getByLabel("Reason").fill("Moving offices");
  await suspend.getByLabel("Type").fill(slug);
  await suspend.getByRole("button", { name: "Suspend workspace" }).click();
  await expect(page.getByTestId("workspace-status")).toHaveText("Suspended (read-only)");
  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByText("This workspace is suspended.")).toBeVisible();
  await expect(page.getByPlaceholder("New project name")).toHaveCount(0);

  await page.goto(tenantUrl(slug, "/settings"));
  const resume = page.getByRole("form", { name: "Resume the workspace" });
  await resume.getByLabel("Type").fill(slug);
  await resume.getByRole("button", { name: "Resume workspace" }).click();
  await expect(page.getByTestId("workspace-status")).toHaveText("Active");
  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByText("This workspace is suspended.")).toHaveCount(0);
  await expect(page.getByPlaceholder("New project name")).toBeVisible();

  await page.goto(tenantUrl(slug, "/settings"));
  const close = page.getByRole("form", { name: "Close the workspace" });
  await close.getByLabel("Type").fill(slug);
  await close.getByRole("button", { name: "Close workspace" }).click();
  // The page it was on is gone with the workspace: what shows is the closed workspace's page.
  await expect(page.getByRole("heading", { level: 1, name: "Workspace closed" })).toBeVisible();
  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByRole("heading", { level: 1, name: "Workspace closed" })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch("/api/projects")).status)).toBe(410);
  const events = await adminQuery<{ type: string; reason: string | null }>(
    "SELECT type, payload->>'reason' AS reason FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = $1 AND type LIKE 'tenant.%' ORDER BY e.id",
    [slug],
  );
  expect(events).toEqual([
    { type: "tenant.created", reason: null },
    { type: "tenant.suspended", reason: "Moving offices" },
    { type: "tenant.resumed", reason: null },
    { type: "tenant.closed", reason: null },
  ]);
});

import { expect, test } from "@playwright/test";
import pg from "pg";
import { tenantUrl } from "./support";

const slug = `initech-${Date.now().toString(36)}`;

test.afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await admin.connect();
  await admin.query("DELETE FROM users WHERE email = $1", [`bill@${slug}.test`]);
  await admin.query("DELETE FROM tenants WHERE slug = $1", [slug]);
  await admin.end();
});

test("signing up creates the company and lands its owner on the new workspace, signed in", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Create a workspace" }).click();
  const form = page.getByRole("form", { name: "Create a workspace" });
  await form.getByLabel("Company name").fill("Initech");
  await form.getByLabel("Workspace address").fill(slug);
  await form.getByLabel("Your name").fill("Bill Lumbergh");
  await form.getByLabel("Email").fill(`bill@${slug}.test`);
  await form.getByLabel("Password").fill("tps-reports-2026");
  await form.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(tenantUrl(slug, "/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Initech");
  await expect(page.locator("[data-testid=user-menu] > summary")).toHaveAccessibleName("Bill Lumbergh owner account menu");
  await expect(page.getByText("No employees yet.")).toBeVisible();

  // A new workspace shows its first steps instead of a row of zeros, ticking them off as they are done.
  const steps = page.getByTestId("onboarding").getByRole("listitem");
  await expect(steps).toHaveCount(3);
  await expect(page.getByText("Headcount")).toHaveCount(0);
  await expect(steps.nth(0)).toContainText("(to do)");
  await steps.nth(0).getByRole("link", { name: "Add a project" }).click();
  const newProject = page.getByRole("form", { name: "New project" });
  await newProject.getByLabel("Project name").fill("First Project");
  await newProject.getByRole("button", { name: "Add" }).click();
  await expect(steps.nth(0)).toContainText("(done)");
  await expect(page.getByText("Headcount")).toBeVisible();
  await expect(steps.nth(1).getByRole("link", { name: /import a CSV file/ })).toHaveAttribute("href", "/employees/import");
});

test("a taken or reserved address, and bad fields, are explained and nothing is created", async ({ page }) => {
  await page.goto("/sign-up");
  const form = page.getByRole("form", { name: "Create a workspace" });
  await form.getByLabel("Company name").fill("Acme Again");
  await form.getByLabel("Workspace address").fill("acme");
  await form.getByLabel("Your name").fill("Someone");
  await form.getByLabel("Email").fill(`someone-${Date.now()}@example.test`);
  await form.getByLabel("Password").fill("long-enough-password");
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(form.getByText("That address is taken.")).toBeVisible();
  await expect(form.getByLabel("Company name")).toHaveValue("Acme Again"); // input kept
  await expect(form.getByLabel("Password")).toHaveValue("long-enough-password"); // the password too: not retyped after every refusal

  await form.getByLabel("Workspace address").fill("www");
  await form.getByLabel("Password").fill("short");
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(form.getByText("That address is reserved.")).toBeVisible();
  await expect(form.getByText("At least 10 characters.")).toBeVisible();
});

import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { signInAndWait, tenantUrl } from "./support";

const stamp = Date.now().toString(36);
const newcomer = `newcomer-${stamp}@example.test`;
const revoked = `revoked-${stamp}@example.test`;

test.afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await admin.connect();
  await admin.query("DELETE FROM users WHERE email = $1", [newcomer]);
  await admin.query(
    "DELETE FROM memberships WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'acme') AND user_id = (SELECT id FROM users WHERE email = 'gina@globex.test')",
  );
  await admin.query("DELETE FROM invitations WHERE email = ANY($1)", [[newcomer, revoked, "gina@globex.test"]]);
  await admin.end();
});

async function invite(browser: Browser, email: string, role: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, "acme", "alice@acme.test");
  await page.goto(tenantUrl("acme", "/members"));
  await page.waitForLoadState("networkidle");
  const form = page.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Invite" }).click();
  const link = (await page.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toContain(tenantUrl("acme", "/invite/"));
  return { context, page, link };
}

test("invite, accept by creating an account in another browser, and the link is spent", async ({ browser }) => {
  const alice = await invite(browser, newcomer, "member");
  const guest = await browser.newContext();
  const page = await guest.newPage();
  await page.goto(alice.link);
  await expect(page.getByRole("heading", { name: "Join Acme Corp" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create your account" });
  // Each field has its own reason, announced with it; the typed password is kept.
  await form.getByLabel("Choose a password").fill("short");
  await form.getByRole("button", { name: "Create account and join" }).click();
  await expect(form.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Your name")).toHaveAccessibleDescription("Enter your name.");
  await expect(form.getByLabel("Choose a password")).toHaveAccessibleDescription("At least 10 characters.");
  await expect(form.getByLabel("Choose a password")).toHaveValue("short");
  await form.getByLabel("Your name").fill("New Comer");
  await form.getByLabel("Choose a password").fill("a-good-long-password");
  await form.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await expect(page.getByText("member", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("employee-row").first()).toBeVisible();

  await alice.page.reload();
  await expect(alice.page.getByTestId("member-row").filter({ hasText: newcomer })).toContainText("member");
  await expect(alice.page.getByTestId("invitation-row").filter({ hasText: newcomer })).toHaveCount(0);

  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(alice.link);
  await expect(stranger.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await Promise.all([alice.context.close(), guest.close(), stranger.context().close()]);
});

test("an existing user signs in from the invitation and joins", async ({ browser }) => {
  const alice = await invite(browser, "gina@globex.test", "viewer");
  const page = await (await browser.newContext()).newPage();
  await page.goto(alice.link);
  await page.getByRole("link", { name: "Sign in to accept" }).click();
  await page.getByLabel("Email").fill("gina@globex.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Join Acme Corp as viewer" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await expect(page.getByRole("form", { name: "New project" })).toHaveCount(0); // a viewer
  await Promise.all([alice.context.close(), page.context().close()]);
});

test("a revoked invitation no longer works; a viewer cannot see the member list", async ({ browser }) => {
  const alice = await invite(browser, revoked, "viewer");
  await alice.page.reload();
  // Revoking asks first: dismissing the question keeps the invitation.
  alice.page.once("dialog", (dialog) => dialog.dismiss());
  await alice.page.getByRole("button", { name: `Revoke the invitation for ${revoked}` }).click();
  await expect(alice.page.getByTestId("invitation-row").filter({ hasText: revoked })).toHaveCount(1);
  alice.page.once("dialog", (dialog) => void dialog.accept());
  await alice.page.getByRole("button", { name: `Revoke the invitation for ${revoked}` }).click();
  await expect(alice.page.getByTestId("invitation-row").filter({ hasText: revoked })).toHaveCount(0);
  const page = await (await browser.newContext()).newPage();
  await page.goto(alice.link);
  await expect(page.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();

  await signInAndWait(page, "acme", "victor@acme.test");
  const response = await page.goto(tenantUrl("acme", "/members"));
  expect(response?.status()).toBe(403);
  await Promise.all([alice.context.close(), page.context().close()]);
});

import { expect, test } from "@playwright/test";
import { lastMailId, linkIn, waitForMail } from "../tests/support/mail";
import { adminQuery, DEMO_PASSWORD, signIn, signInAndWait, tenantUrl } from "./support";

// Mail round trips in a real browser, through the real SMTP catcher: an invitation emailed, sent
// again with a new link (the old one dead), accepted from the mail; a forgotten password reset
// from the mail, after which the sessions from before are signed out.

const stamp = Date.now().toString(36);
const invitee = `mailed-${stamp}@example.test`;
const forgetful = `forgetful-${stamp}@example.test`;
const NEW_PASSWORD = "a-fresh-long-password";

test.beforeAll(async () => {
  // Someone in Acme with the demo password, made for this file so no other test's sessions end.
  await adminQuery("INSERT INTO users (email, name, password_hash) SELECT $1, 'Fay Forgetful', password_hash FROM users WHERE email = 'mona@acme.test'", [forgetful]);
  await adminQuery("INSERT INTO memberships (tenant_id, user_id, role) SELECT t.id, u.id, 'member' FROM tenants t, users u WHERE t.slug = 'acme' AND u.email = $1", [forgetful]);
});

test.afterAll(async () => {
  await adminQuery("DELETE FROM invitations WHERE email = $1", [invitee]);
  await adminQuery("DELETE FROM users WHERE email = ANY($1)", [[invitee, forgetful]]);
  await adminQuery("DELETE FROM sign_in_failures WHERE key LIKE $1 OR key LIKE 'reset-address:%'", [`reset:%${stamp}%`]);
});

test("an invitation arrives by email; sent again, only the new link works, and it joins the workspace", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  await signInAndWait(alice, "acme", "alice@acme.test");
  await alice.goto(tenantUrl("acme", "/members"));
  const before = await lastMailId(invitee);
  const form = alice.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email").fill(invitee);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(alice.getByRole("status").filter({ hasText: `Invited ${invitee}: we emailed them the link` })).toBeVisible();
  const first = await waitForMail(invitee, before);
  expect(first.subject).toBe("Alice Anders invited you to Acme Corp on Tenantry");
  const firstLink = linkIn(first, "/invite/");
  await expect(alice.getByTestId("invitation-link")).toHaveText(firstLink);

  await alice.getByRole("button", { name: `Resend the invitation for ${invitee}` }).click();
  const second = await waitForMail(invitee, first.id);
  const secondLink = linkIn(second, "/invite/");
  expect(secondLink).not.toBe(firstLink);

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(firstLink);
  await expect(guest.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await guest.goto(secondLink);
  const accept = guest.getByRole("form", { name: "Create your account" });
  await accept.getByLabel("Your name").fill("Mae Mailed");
  await accept.getByLabel("Choose a password").fill("a-good-long-password");
  await accept.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest).toHaveURL(tenantUrl("acme", "/"));
  await Promise.all([alice.context().close(), guest.context().close()]);
});

test("forgot password: the emailed link sets a new one, and the browser signed in before is signed out", async ({ browser }) => {
  const earlier = await (await browser.newContext()).newPage();
  await signInAndWait(earlier, "acme", forgetful);

  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl("acme", "/sign-in"));
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  const before = await lastMailId(forgetful);
  await page.getByLabel("Email").fill(forgetful);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address");

  const link = linkIn(await waitForMail(forgetful, before), "/reset-password/");
  await page.goto(link);
  await expect(page.getByText(`For ${forgetful}.`)).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#password-error")).toHaveText("At least 10 characters.");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/sign-in?reset=1"));
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  await signIn(page, "acme", forgetful, DEMO_PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await signIn(page, "acme", forgetful, NEW_PASSWORD);
  await expect(page).toHaveURL(tenantUrl("acme", "/"));

  await expect(async () => {
    await earlier.reload();
    await expect(earlier).toHaveURL(/\/sign-in/, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await Promise.all([earlier.context().close(), page.context().close()]);
});

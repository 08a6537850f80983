// "Forgot password?" end to end over real SMTP (the mail catcher): the same answer whether or not
// the address has an account, a mail only for the one that does, a link that works once and only
// while it is the newest, a new password that ends every session, and a limit on asking.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { lastMailId, linkIn, mailTo, waitForMail } from "../support/mail";
import { sessionCookie, signInOverHttp } from "../support/session";

const OLD = "the-old-password";
const NEW = "a-brand-new-password";
const stamp = Date.now().toString(36);
const email = `forgetful-${stamp}@reset.test`;
const nobody = `nobody-${stamp}@reset.test`;
const REQUEST = ["app/forgot-password/actions.ts", "requestResetAction"] as const;
const RESET = ["app/reset-password/actions.ts", "resetPasswordAction"] as const;

let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;

const ask = (address: string) => callAction(host, "/forgot-password", ...REQUEST, { email: address }, "");
const reset = (token: string, password: string) => callAction(host, `/reset-password/${token}`, ...RESET, { token, password }, "");
const tokenOf = (link: string) => link.split("/reset-password/")[1];
const api = (cookie: string) => request(host, "/api/employees?limit=1", { headers: { cookie } });

before(async () => {
  const slug = uniqueSlug("reset");
  host = `${slug}.localhost`;
  tenants = await createTenants([slug]);
  const user = await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Fran Forgetful', $2) RETURNING id", [email, await hashPassword(OLD)]);
  await asTenant(tenants.admin, tenants.ids[0], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'member')", [user.rows[0].id]));
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = $1", [email]);
  await tenants.admin.query("DELETE FROM sign_in_failures WHERE key LIKE $1 OR key LIKE 'reset-address:%'", [`reset:%${stamp}%`]);
  await tenants.cleanup();
});

test("asking answers the same for an account and for no account; only the account gets a mail, with a link to this workspace", async () => {
  const before = await lastMailId(email);
  const [known, unknown] = [await ask(email), await ask(nobody)];
  assert.equal(known.state?.ok, true, JSON.stringify(known.state));
  assert.deepEqual(known.state, unknown.state);
  const mail = await waitForMail(email, before);
  assert.equal(mail.subject, "Reset your Tenantry password");
  assert.match(linkIn(mail, "/reset-password/"), new RegExp(`^http://${host.replace(/\./g, "\\.")}:\\d+/reset-password/[A-Za-z0-9_-]{43}$`));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await mailTo(nobody), []);
});

test("the link works once, ends every session of the account, and the new password signs in", async () => {
  const sessions = [await sessionCookie(host, email, OLD), await sessionCookie(host, email, OLD)];
  for (const cookie of sessions) assert.equal((await api(cookie)).status, 200);
  const before = await lastMailId(email);
  await ask(email);
  const token = tokenOf(linkIn(await waitForMail(email, before), "/reset-password/"));

  const page = await request(host, `/reset-password/${token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /Choose a new password/);
  assert.ok(page.body.includes(email));

  const weak = await reset(token, "short");
  assert.deepEqual(weak.state?.fields?.password, ["At least 10 characters."]);
  const done = await reset(token, NEW);
  assert.equal(done.redirect, "/sign-in?reset=1", JSON.stringify(done));

  await new Promise((r) => setTimeout(r, env().TENANTRY_TENANT_CACHE_MS + 300));
  for (const cookie of sessions) assert.equal((await api(cookie)).status, 401, "a session from before the reset still works");
  assert.equal((await signInOverHttp(host, email, OLD)).cookie, null, "the old password still signs in");
  assert.equal((await api(await sessionCookie(host, email, NEW))).status, 200);

  const again = await reset(token, "yet-another-password");
  assert.match(again.state?.message ?? "", /no longer valid/);
  assert.match((await request(host, `/reset-password/${token}`)).body, /This link is no longer valid/);
});

test("only the newest link works; a link that is not a token is simply not valid", async () => {
  const first = await lastMailId(email);
  await ask(email);
  const older = tokenOf(linkIn(await waitForMail(email, first), "/reset-password/"));
  const second = await lastMailId(email);
  await ask(email);
  const newer = tokenOf(linkIn(await waitForMail(email, second), "/reset-password/"));
  assert.match((await reset(older, "never-used-password")).state?.message ?? "", /no longer valid/);
  assert.equal((await reset("../../etc/passwd", "never-used-password")).state?.code, "invalid_request");
  assert.equal((await request(host, "/reset-password/%00")).status < 500, true);
  assert.equal((await reset(newer, NEW)).redirect, "/sign-in?reset=1");
});

test("asking is limited per address asked for: the fourth request within 15 minutes is refused, 429", async () => {
  const target = `limited-${stamp}@reset.test`;
  for (let i = 0; i < 3; i++) assert.equal((await ask(target)).state?.ok, true);
  const refused = await ask(target);
  assert.equal(refused.state?.code, "too_many_attempts", JSON.stringify(refused.state));
  assert.equal((await ask(target.toUpperCase())).state?.code, "too_many_attempts", "the limit holds whatever the case");
});

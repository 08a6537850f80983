// Failed sign-ins are limited per account (and per address) with counters in Postgres.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { signInFailures } from "@/lib/auth/throttle";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { signInOverHttp } from "../support/session";

const PASSWORD = "correct-horse-battery";
let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
const emails = [`target-${Date.now()}@throttle.test`, `bystander-${Date.now()}@throttle.test`];

before(async () => {
  const slug = uniqueSlug("throttle");
  tenants = await createTenants([slug]);
  host = `${slug}.localhost`;
  const hash = await hashPassword(PASSWORD);
  await asTenant(tenants.admin, tenants.ids[0], async () => {
    for (const email of emails) {
      const { rows } = await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'T', $2) RETURNING id", [email, hash]);
      await tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'member')", [rows[0].id]);
    }
  });
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email = ANY($1)", [emails]);
  await tenants.admin.query("DELETE FROM sign_in_failures WHERE key = ANY($1)", [emails.map((e) => `account:${e}`)]);
  await tenants.cleanup();
});

test(`after ${signInFailures.limits.account} bad passwords even the right one is refused; other accounts are not affected`, async () => {
  const [target, bystander] = emails;
  for (let i = 0; i < signInFailures.limits.account; i++) {
    const res = await signInOverHttp(host, target, "wrong-password");
    assert.equal(res.cookie, null);
    assert.match(res.location, /code=credentials/);
  }
  const refused = await signInOverHttp(host, target, PASSWORD);
  assert.equal(refused.cookie, null, "the right password must not get through");
  assert.match(refused.location, /code=throttled/);

  const other = await signInOverHttp(host, bystander, PASSWORD);
  assert.ok(other.cookie, "another account from the same address still signs in");

  // The counter lives in Postgres, where every instance sees it.
  const { rows } = await tenants.admin.query("SELECT failures FROM sign_in_failures WHERE key = $1", [`account:${target}`]);
  assert.equal(rows[0].failures, signInFailures.limits.account);
});

test("an unknown account is limited the same way, so probing it reveals nothing", async () => {
  const ghost = `ghost-${Date.now()}@throttle.test`;
  try {
    const answers = [];
    for (let i = 0; i <= signInFailures.limits.account; i++) answers.push((await signInOverHttp(host, ghost, "x")).location.match(/code=(\w+)/)?.[1]);
    assert.deepEqual(answers, [...Array(signInFailures.limits.account).fill("credentials"), "throttled"]);
  } finally {
    await tenants.admin.query("DELETE FROM sign_in_failures WHERE key = $1", [`account:${ghost}`]);
  }
});

// The write paths behind the admin server actions, tried with another tenant's ids: acme's client
// cannot revoke globex's API key or invitation, nor see them, and the rows stay as they were.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createInvitation, revokeInvitation } from "@/lib/invitations/invitations";
import { createApiKey, revokeApiKey } from "@/lib/tenancy";
import { asUser, testDatabase, type TestDatabase } from "../support/db";
import { adminUrl, appUrl, connect } from "../support/env";

let db: TestDatabase;
const ids = {} as Record<"acme" | "globex" | "gina" | "key" | "invitation", string>;
const email = `cross-${Date.now()}@example.test`;

before(async () => {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(`SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS acme, (SELECT id FROM tenants WHERE slug = 'globex') AS globex,
                                             (SELECT id FROM users WHERE email = 'gina@globex.test') AS gina`);
  await admin.end();
  Object.assign(ids, rows[0]);
  db = testDatabase(await appUrl(), 2);
  const globex = db.client(ids.globex);
  ids.key = (await createApiKey(globex, { name: "cross-tenant target", role: "viewer" }, asUser(ids.gina))).id;
  ids.invitation = (await createInvitation(globex, { email, role: "viewer" }, asUser(ids.gina))).id;
});

after(async () => {
  const admin = await connect(adminUrl());
  await admin.query("DELETE FROM api_keys WHERE id = $1", [ids.key]);
  await admin.query("DELETE FROM invitations WHERE id = $1", [ids.invitation]);
  await admin.end();
  await db.end();
});

test("acme cannot see, revoke or re-invite over globex's API key and invitation", async () => {
  const acme = db.client(ids.acme);
  assert.equal(await acme.apiKey.findFirst({ where: { id: ids.key } }), null);
  assert.equal(await acme.invitation.findFirst({ where: { id: ids.invitation } }), null);
  assert.equal(await revokeApiKey(acme, ids.key, asUser(ids.gina)), false);
  assert.equal(await revokeInvitation(acme, ids.invitation, asUser(ids.gina)), false);
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(
    "SELECT (SELECT revoked_at FROM api_keys WHERE id = $1) AS key, (SELECT revoked_at FROM invitations WHERE id = $2) AS invitation",
    [ids.key, ids.invitation],
  );
  await admin.end();
  assert.deepEqual(rows[0], { key: null, invitation: null });
});

// Workspace members through the running app: admins change roles below owner and remove people;
// only owners make, unmake or remove an owner or hand over ownership; the database keeps one
// owner whatever is tried (409 last_owner, also for two owners demoting each other at once); a
// removed member loses access within the role cache window; nobody can touch another
// workspace's members; every change is an audit event with its actor.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

const PASSWORD = "members-password";
const stamp = Date.now().toString(36);
const people = ["owner", "admin", "member", "viewer", "other"] as const;
type Person = (typeof people)[number];
const email = (p: Person) => `${p}-${stamp}@members.test`;
const FILE = "app/_actions/members.ts";

let tenants: Awaited<ReturnType<typeof createTenants>>;
let host: string;
let otherHost: string;
let tenantId: string;
const ids = {} as Record<Person, string>;
const cookies = {} as Record<Person, string>;

const roles = async () =>
  Object.fromEntries(
    (await tenants.admin.query<{ email: string; role: string }>("SELECT u.email, m.role::text AS role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1", [tenantId])).rows.map((r) => [r.email.split("-")[0], r.role]),
  );
const events = async (type: string) =>
  (await tenants.admin.query<{ actor: string; payload: Record<string, string> }>("SELECT actor_name AS actor, payload FROM events WHERE tenant_id = $1 AND type = $2 ORDER BY id", [tenantId, type])).rows;
const act = (as: Person, name: string, fields: Record<string, string>, on = host) => callAction(on, "/members", FILE, name, fields, cookies[as]);
const setRole = (person: Person, role: string) => asTenant(tenants.admin, tenantId, () => tenants.admin.query("UPDATE memberships SET role = $2 WHERE user_id = $1", [ids[person], role]));
const waitCacheWindow = () => new Promise((r) => setTimeout(r, env().TENANTRY_TENANT_CACHE_MS + 300));

before(async () => {
  const slugs = [uniqueSlug("members"), uniqueSlug("members-other")];
  tenants = await createTenants(slugs);
  [host, otherHost] = slugs.map((s) => `${s}.localhost`);
  tenantId = tenants.ids[0];
  const hash = await hashPassword(PASSWORD);
  for (const p of people) {
    ids[p] = (await tenants.admin.query<{ id: string }>("INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id", [email(p), `${p} ${stamp}`, hash])).rows[0].id;
  }
  await asTenant(tenants.admin, tenantId, () =>
    tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'admin'), ($3, 'member'), ($4, 'viewer')", [ids.owner, ids.admin, ids.member, ids.viewer]),
  );
  // "other" owns the second workspace and is no member of the first.
  await asTenant(tenants.admin, tenants.ids[1], () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner')", [ids.other]));
  for (const p of people) cookies[p] = await sessionCookie(p === "other" ? otherHost : host, email(p), PASSWORD);
});

after(async () => {
  await tenants.admin.query("DELETE FROM users WHERE email LIKE $1", [`%-${stamp}@members.test`]);
  await tenants.cleanup();
});

test("the members page shows who may be managed: admins see role controls for people below owner, not for the owner", async () => {
  const page = await request(host, "/members", { headers: { cookie: cookies.admin } });
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`aria-label="Role of member ${stamp}"`));
  assert.doesNotMatch(page.body, new RegExp(`aria-label="Role of owner ${stamp}"`));
  assert.doesNotMatch(page.body, /Make owner/);
  const asOwner = await request(host, "/members", { headers: { cookie: cookies.owner } });
  assert.match(asOwner.body, new RegExp(`aria-label="Make owner: member ${stamp}"`));
});

test("an admin changes a role below owner; the change is audited with old and new role", async () => {
  const result = await act("admin", "changeRoleAction", { userId: ids.viewer, role: "member" });
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.equal((await roles()).viewer, "member");
  const [changed] = await events("membership.role_changed");
  assert.equal(changed.actor, `admin ${stamp}`);
  assert.deepEqual([changed.payload.from, changed.payload.to, changed.payload.userId], ["viewer", "member", ids.viewer]);
  await setRole("viewer", "viewer");
});

test("an admin may not make, unmake or remove an owner; a member may not manage anyone", async () => {
  for (const [fields, name] of [
    [{ userId: ids.member, role: "owner" }, "changeRoleAction"],
    [{ userId: ids.owner, role: "admin" }, "changeRoleAction"],
    [{ id: ids.owner }, "removeMemberAction"],
    [{ id: ids.member }, "transferOwnershipAction"],
  ] as const) {
    const result = await act("admin", name, fields);
    assert.equal(result.state?.code, "forbidden", `${name} ${JSON.stringify(fields)}: ${JSON.stringify(result.state)}`);
  }
  const asMember = await act("member", "changeRoleAction", { userId: ids.viewer, role: "admin" });
  assert.equal(asMember.state?.code, "forbidden");
  const removeAsMember = await act("member", "removeMemberAction", { id: ids.viewer });
  assert.equal(removeAsMember.state?.code, "forbidden");
  assert.deepEqual(await roles(), { owner: "owner", admin: "admin", member: "member", viewer: "viewer" });
});

test("bad input is a 400 naming the field, never a change: an unknown role, a forged field, someone who is not a member", async () => {
  const badRole = await act("owner", "changeRoleAction", { userId: ids.member, role: "god" });
  assert.equal(badRole.state?.code, "invalid_request");
  assert.ok(badRole.state?.fields?.role, JSON.stringify(badRole.state));
  const forged = await act("owner", "changeRoleAction", { userId: ids.member, role: "admin", tenantId: tenants.ids[1] });
  assert.deepEqual(forged.state?.fields?.tenantId, ["Unknown field."]);
  const stranger = await act("owner", "changeRoleAction", { userId: ids.other, role: "admin" });
  assert.equal(stranger.state?.code, "not_found");
  const garbage = await act("owner", "removeMemberAction", { id: "not-a-uuid" });
  assert.equal(garbage.state?.code, "not_found");
  assert.deepEqual(await roles(), { owner: "owner", admin: "admin", member: "member", viewer: "viewer" });
});

test("another workspace's owner cannot change or remove this workspace's members, even naming them", async () => {
  for (const [name, fields] of [
    ["changeRoleAction", { userId: ids.member, role: "viewer" }],
    ["removeMemberAction", { id: ids.member }],
    ["transferOwnershipAction", { id: ids.member }],
  ] as const) {
    const result = await act("other", name, fields, otherHost);
    assert.equal(result.state?.code, "not_found", `${name}: ${JSON.stringify(result.state)}`);
  }
  // …and on this workspace's address, a non-member is not let in at all.
  const onHost = await act("other", "removeMemberAction", { id: ids.member });
  assert.notEqual(onHost.state?.ok, true);
  assert.deepEqual(await roles(), { owner: "owner", admin: "admin", member: "member", viewer: "viewer" });
});

test("the last owner cannot be demoted, removed or leave: 409 last_owner, nothing changes", async () => {
  const demote = await act("owner", "changeRoleAction", { userId: ids.owner, role: "admin" });
  assert.equal(demote.state?.code, "last_owner", JSON.stringify(demote.state));
  // Whichever path tries: the database itself refuses it.
  const direct = await asTenant(tenants.admin, tenantId, () => tenants.admin.query("UPDATE memberships SET role = 'admin' WHERE user_id = $1", [ids.owner])).catch((e) => e.code);
  assert.equal(direct, "TN409");
  const leave = await callAction(host, "/account", FILE, "leaveWorkspaceAction", {}, cookies.owner);
  assert.equal(leave.state?.code, "last_owner", JSON.stringify(leave.state));
  assert.match(leave.state?.message ?? "", /make someone else an owner first/);
  assert.equal((await roles()).owner, "owner");
});

test("two owners demoting each other at the same moment leave one owner, not none", async () => {
  await setRole("admin", "owner");
  const other = await sessionCookie(host, email("admin"), PASSWORD);
  await waitCacheWindow();
  const [a, b] = await Promise.all([
    callAction(host, "/members", FILE, "changeRoleAction", { userId: ids.admin, role: "admin" }, cookies.owner),
    callAction(host, "/members", FILE, "changeRoleAction", { userId: ids.owner, role: "admin" }, other),
  ]);
  const outcomes = [a.state?.ok ? "ok" : a.state?.code, b.state?.ok ? "ok" : b.state?.code];
  const owners = Object.values(await roles()).filter((r) => r === "owner").length;
  assert.equal(owners, 1, `outcomes ${outcomes.join(", ")}`);
  // One succeeds; the other is refused by the database (last_owner) or, if it started after the
  // first committed, already by its caller's new role (forbidden).
  assert.equal(outcomes.filter((o) => o === "ok").length, 1, `outcomes ${outcomes.join(", ")}`);
  assert.ok(outcomes.every((o) => ["ok", "last_owner", "forbidden"].includes(String(o))), `outcomes ${outcomes.join(", ")}`);
  // Put the original owner back for the tests after this one.
  const current = await roles();
  if (current.owner !== "owner") await setRole("owner", "owner");
  await setRole("admin", "admin");
  await waitCacheWindow();
});

test("the owner hands over ownership: the other member becomes owner, the owner an admin, in one audited step", async () => {
  const result = await act("owner", "transferOwnershipAction", { id: ids.member });
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.deepEqual(await roles(), { owner: "admin", admin: "admin", member: "owner", viewer: "viewer" });
  const [handed] = await events("membership.ownership_transferred");
  assert.equal(handed.actor, `owner ${stamp}`);
  assert.equal(handed.payload.userId, ids.member);
  // The former owner's own pages say so at once on this instance (no stale owner controls).
  const page = await request(host, "/members", { headers: { cookie: cookies.owner } });
  assert.doesNotMatch(page.body, /Make owner/);
  await setRole("owner", "owner");
  await setRole("member", "member");
  await waitCacheWindow();
});

test("a removed member loses access within the cache window, their API keys are revoked, and the removal is audited", async () => {
  const before = await request(host, "/api/employees?limit=1", { headers: { cookie: cookies.viewer } });
  assert.equal(before.status, 200);
  const result = await act("admin", "removeMemberAction", { id: ids.viewer });
  assert.equal(result.state?.ok, true, JSON.stringify(result.state));
  assert.equal((await roles()).viewer, undefined);
  await waitCacheWindow();
  const afterRemoval = await request(host, "/api/employees?limit=1", { headers: { cookie: cookies.viewer } });
  assert.equal(afterRemoval.status, 404); // a non-member learns nothing, not even that the workspace exists
  const [removed] = await events("membership.removed");
  assert.deepEqual([removed.actor, removed.payload.userId, removed.payload.role], [`admin ${stamp}`, ids.viewer, "viewer"]);
  const self = await act("admin", "removeMemberAction", { id: ids.admin });
  assert.equal(self.state?.code, "invalid_request");
});

test("a member leaves: access ends, the event says so, and they land on the product's front page", async () => {
  const result = await callAction(host, "/account", FILE, "leaveWorkspaceAction", {}, cookies.member);
  assert.equal(result.redirect, "/?left=1", JSON.stringify(result));
  assert.equal((await roles()).member, undefined);
  const [left] = await events("membership.left");
  assert.deepEqual([left.actor, left.payload.role], [`member ${stamp}`, "member"]);
});

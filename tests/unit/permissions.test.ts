import assert from "node:assert/strict";
import { test } from "node:test";
import { assertCan, can, PERMISSIONS, type Permission } from "@/lib/tenancy/access/permissions";

const roles = ["viewer", "member", "admin", "owner"] as const;

// The product's rules, written out role by role so a change to the table has to change this too.
const expected: Record<(typeof roles)[number], Permission[]> = {
  viewer: ["workspace.read", "workspace.leave"],
  member: ["workspace.read", "workspace.leave", "employee.write", "project.write"],
  admin: ["workspace.read", "workspace.leave", "employee.write", "project.write", "employee.delete", "project.archive", "member.read", "member.invite", "member.manage", "api_key.manage", "audit.read"],
  owner: Object.keys(PERMISSIONS) as Permission[],
};

for (const role of roles) {
  test(`${role} may do exactly what the product allows`, () => {
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
    assert.deepEqual(allowed.sort(), [...expected[role]].sort());
  });
}

test("a refusal is a typed 403", () => {
  assert.throws(() => assertCan("viewer", "employee.write"), { code: "forbidden", status: 403 });
  assert.doesNotThrow(() => assertCan("admin", "member.invite"));
});

import { TenancyError } from "@/lib/errors";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

// Every action a caller can take in a workspace, and the least role that may take it. Each role
// can do everything the roles below it can: viewer < member < admin < owner. `member.manage` is
// changing roles below owner and removing non-owners; making, unmaking or removing an owner is
// `member.ownership`. Server actions and
// route handlers check here; the UI asks the same table what to show.
export const PERMISSIONS = {
  "workspace.read": "viewer",
  "workspace.leave": "viewer",
  "employee.write": "member",
  "project.write": "member",
  "employee.delete": "admin",
  "project.archive": "admin",
  "member.read": "admin",
  "audit.read": "admin",
  "member.invite": "admin",
  "api_key.manage": "admin",
  "member.manage": "admin",
  "member.ownership": "owner",
  "tenant.plan": "owner",
  "tenant.rename": "owner",
  "tenant.address": "owner",
  "tenant.export": "owner",
  "tenant.lifecycle": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

/** Refuses with a typed 403 unless `role` may take `permission`. */
export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new TenancyError("forbidden");
}

/** Permissions that only read; every other one changes something. */
export function isReadOnly(permission: Permission): boolean {
  return permission === "workspace.read" || permission === "member.read" || permission === "audit.read" || permission === "tenant.export";
}

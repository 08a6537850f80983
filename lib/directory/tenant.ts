import { z } from "zod";

// The slug rule shared by resolution, sign-up and the database CHECK constraint.
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

// Addresses that belong to the product, never to a company.
const RESERVED_SLUGS = new Set(["www", "api", "admin", "app", "auth", "mail", "status", "docs", "help", "support", "static", "assets", "blog", "billing"]);

/** An address a workspace may take: at sign-up, from the operator, or when an owner changes it. */
export const newSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, "3–40 lowercase letters, digits or hyphens, starting and ending with a letter or digit.")
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved.");

export const TENANT_STATUSES = ["active", "suspended", "inactive"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export const PLACEMENTS = ["shared", "dedicated"] as const;
// `copying`: a move is copying its rows (served as usual; writes are noted for the catch-up);
// `moving`: a move's cut-over (writes refused, 503 tenant_moving); `migrating`: its database's
// schema is being changed, `failed`: its database needs an operator (both: nothing served, 503 tenant_migrating).
export const PLACEMENT_STATES = ["active", "copying", "moving", "migrating", "failed"] as const;

export const tenantSchema = z.object({
  id: z.uuid(),
  slug: z.string().regex(SLUG_PATTERN),
  name: z.string(),
  status: z.enum(TENANT_STATUSES),
  plan: z.string(),
  // How long one statement may run for this tenant (its plan's), bound with the tenant on every statement.
  statementTimeoutMs: z.number().int().positive(),
  // Who set the current status: an owner may lift a suspension an owner made, not an operator's.
  statusChangedBy: z.enum(["user", "operator", "system"]),
  // Where the tenant's data lives; only the database registry (and the pipeline's placement guard) reads it.
  placement: z.enum(PLACEMENTS),
  // Its dedicated database: the server's name, the variable holding the server's app connection, the database.
  database: z.object({ server: z.string(), appUrlEnv: z.string(), name: z.string() }).nullable(),
  // Raised by every move; bound with every statement, so the database refuses a write made through a stale cache.
  placementEpoch: z.number().int().positive(),
  placementState: z.enum(PLACEMENT_STATES),
  // An operator's break-glass access to this tenant, while one is active (its admins see a banner).
  supportAccess: z.object({ operator: z.string(), reason: z.string(), write: z.boolean(), expiresAt: z.string() }).nullable(),
});

/** What the control plane knows about a tenant: who it is, its state, and where its data lives. */
export type Tenant = z.infer<typeof tenantSchema>;

/** A closed workspace answers 410 to everything. */
export function isOpen(status: TenantStatus): boolean {
  return status !== "inactive";
}

/**
 * Whether anything in the workspace may change. The one answer the pipeline's status guard and
 * every page's `ctx.writable` share: a suspended (or any other non-active) workspace is read-only.
 */
export function isWritable(status: TenantStatus): boolean {
  return status === "active";
}

import { z } from "zod";

// Every event Tenantry records, declared once: its payload (checked when it is written), how
// people read it (a label for record history, a phrase for live notices) and who consumes it.
// `live` events reach every open page of the tenant over SSE and re-render it; `audit` events
// are for the audit trail (and never leave the server over SSE). The browser's subscriptions,
// the live notices and the history labels are all derived from this table.

const id = z.uuid();
const text = z.string().max(320);
const changed = z.array(z.string().max(40)).max(20);
// The changed fields' values before and after (events recorded before these were kept have none).
const values = z.record(z.string().max(40), z.tuple([text.nullable(), text.nullable()])).optional();
const role = z.enum(["owner", "admin", "member", "viewer"]);
const projectStatus = z.enum(["planned", "active", "on_hold", "completed", "archived"]);

type Audience = "live" | "audit";

type Definition<S extends z.ZodObject> = {
  payload: S;
  audience: readonly Audience[];
  /** For record history: "Added", "Changed"… */
  label: string;
  /** For a live notice, after the actor's name: "added project Anvil". */
  describe: (payload: z.infer<S>) => string;
  /** The record the event is about, for its history. */
  subject: (payload: z.infer<S>) => string | null;
};

const define = <S extends z.ZodObject>(d: Definition<S>) => d;
const bySelf = (p: { id: string }) => p.id;

export const EVENT_CATALOG = {
  "employee.created": define({
    payload: z.object({ id, name: text }).strict(),
    audience: ["live", "audit"],
    label: "Added",
    describe: (p) => `added ${p.name}`,
    subject: bySelf,
  }),
  "employee.updated": define({
    payload: z.object({ id, name: text, changed, values }).strict(),
    audience: ["live", "audit"],
    label: "Changed",
    describe: (p) => `updated ${p.name}`,
    subject: bySelf,
  }),
  "employee.removed": define({
    payload: z.object({ id, name: text }).strict(),
    audience: ["live", "audit"],
    label: "Removed",
    describe: (p) => `removed ${p.name}`,
    subject: bySelf,
  }),
  "employee.imported": define({
    payload: z.object({ count: z.number().int().min(1) }).strict(),
    audience: ["live", "audit"],
    label: "Imported",
    describe: (p) => `imported ${p.count} ${p.count === 1 ? "employee" : "employees"} from a CSV file`,
    subject: () => null,
  }),
  "assignment.changed": define({
    payload: z.object({ id, name: text, from: id.nullable(), to: id.nullable() }).strict(),
    audience: ["live", "audit"],
    label: "Project changed",
    describe: (p) => (p.to ? `moved ${p.name} to another project` : `took ${p.name} off their project`),
    subject: bySelf,
  }),
  "project.created": define({
    payload: z.object({ id, name: text, status: projectStatus }).strict(),
    audience: ["live", "audit"],
    label: "Created",
    describe: (p) => `added project ${p.name}`,
    subject: bySelf,
  }),
  "project.updated": define({
    payload: z.object({ id, name: text, status: projectStatus, changed, values }).strict(),
    audience: ["live", "audit"],
    label: "Changed",
    describe: (p) => `updated project ${p.name}`,
    subject: bySelf,
  }),
  "project.archived": define({
    payload: z.object({ id, name: text, status: projectStatus, changed, values }).strict(),
    audience: ["live", "audit"],
    label: "Archived",
    describe: (p) => `archived project ${p.name}`,
    subject: bySelf,
  }),
  "api_key.created": define({
    payload: z.object({ id, name: text, role }).strict(),
    audience: ["audit"],
    label: "Created",
    describe: (p) => `created API key ${p.name}`,
    subject: bySelf,
  }),
  "api_key.revoked": define({
    payload: z.object({ id, name: text }).strict(),
    audience: ["audit"],
    label: "Revoked",
    describe: (p) => `revoked API key ${p.name}`,
    subject: bySelf,
  }),
  "invitation.created": define({
    payload: z.object({ id, email: text, role }).strict(),
    audience: ["audit"],
    label: "Invited",
    describe: (p) => `invited ${p.email}`,
    subject: bySelf,
  }),
  "invitation.resent": define({
    payload: z.object({ id, email: text }).strict(),
    audience: ["audit"],
    label: "Sent again",
    describe: (p) => `sent the invitation for ${p.email} again, with a new link`,
    subject: bySelf,
  }),
  "invitation.revoked": define({
    payload: z.object({ id, email: text }).strict(),
    audience: ["audit"],
    label: "Revoked",
    describe: (p) => `revoked the invitation for ${p.email}`,
    subject: bySelf,
  }),
  "invitation.accepted": define({
    payload: z.object({ id, email: text, role, userId: id }).strict(),
    audience: ["audit"],
    label: "Accepted",
    describe: (p) => `accepted the invitation for ${p.email}`,
    subject: bySelf,
  }),
  "membership.created": define({
    payload: z.object({ userId: id, name: text, role }).strict(),
    audience: ["audit"],
    label: "Joined",
    describe: (p) => `added ${p.name} as ${p.role}`,
    subject: (p) => p.userId,
  }),
  "membership.role_changed": define({
    payload: z.object({ userId: id, name: text, from: role, to: role }).strict(),
    audience: ["audit"],
    label: "Role changed",
    describe: (p) => `made ${p.name} ${p.to === "admin" || p.to === "owner" ? "an" : "a"} ${p.to} (was ${p.from})`,
    subject: (p) => p.userId,
  }),
  "membership.ownership_transferred": define({
    payload: z.object({ userId: id, name: text }).strict(),
    audience: ["audit"],
    label: "Ownership transferred",
    describe: (p) => `handed ownership of the workspace to ${p.name} (and became an admin)`,
    subject: (p) => p.userId,
  }),
  "membership.removed": define({
    payload: z.object({ userId: id, name: text, role }).strict(),
    audience: ["audit"],
    label: "Removed",
    describe: (p) => `removed ${p.name} (${p.role}) from the workspace`,
    subject: (p) => p.userId,
  }),
  "membership.left": define({
    payload: z.object({ userId: id, name: text, role }).strict(),
    audience: ["audit"],
    label: "Left",
    describe: () => "left the workspace",
    subject: (p) => p.userId,
  }),
  "tenant.created": define({
    payload: z.object({ slug: text, name: text }).strict(),
    audience: ["audit"],
    label: "Created",
    describe: (p) => `created the workspace ${p.name}`,
    subject: () => null,
  }),
  "auth.signed_in": define({
    payload: z.object({ email: text }).strict(),
    audience: ["audit"],
    label: "Signed in",
    describe: () => "signed in",
    subject: () => null,
  }),
  "auth.sign_in_failed": define({
    payload: z.object({ email: text, throttled: z.boolean() }).strict(),
    audience: ["audit"],
    label: "Sign-in failed",
    describe: (p) => `failed to sign in as ${p.email}${p.throttled ? " (refused: too many attempts)" : ""}`,
    subject: () => null,
  }),
  "tenant.renamed": define({
    payload: z.object({ from: text, to: text }).strict(),
    audience: ["live", "audit"],
    label: "Renamed",
    describe: (p) => `renamed the workspace from ${p.from} to ${p.to}`,
    subject: () => null,
  }),
  // Not live: an open page that refreshed on it would follow the old address's redirect, racing
  // the owner's own move to the new address with a one-time sign-in.
  "tenant.address_changed": define({
    payload: z.object({ from: text, to: text }).strict(),
    audience: ["audit"],
    label: "Address changed",
    describe: (p) => `moved the workspace from the address ${p.from} to ${p.to}`,
    subject: () => null,
  }),
  "tenant.suspended": define({
    payload: z.object({ reason: text.nullable() }).strict(),
    audience: ["live", "audit"],
    label: "Suspended",
    describe: () => "suspended the workspace",
    subject: () => null,
  }),
  "tenant.resumed": define({
    payload: z.object({ reason: text.nullable() }).strict(),
    audience: ["live", "audit"],
    label: "Resumed",
    describe: () => "resumed the workspace",
    subject: () => null,
  }),
  "tenant.closed": define({
    payload: z.object({ reason: text.nullable() }).strict(),
    audience: ["live", "audit"],
    label: "Closed",
    describe: () => "closed the workspace",
    subject: () => null,
  }),
  "tenant.deletion_scheduled": define({
    payload: z.object({ reason: text.nullable(), due: z.iso.datetime({ offset: true }) }).strict(),
    audience: ["live", "audit"],
    label: "Deleted",
    describe: () => "deleted the workspace",
    subject: () => null,
  }),
  "tenant.exported": define({
    payload: z.object({}).strict(),
    audience: ["audit"],
    label: "Exported",
    describe: () => "downloaded an export of the workspace",
    subject: () => null,
  }),
  "support.granted": define({
    payload: z.object({ reason: text, write: z.boolean(), expiresAt: z.iso.datetime({ offset: true }) }).strict(),
    audience: ["audit"],
    label: "Support access granted",
    describe: (p) => `was given ${p.write ? "read and write" : "read-only"} support access (${p.reason})`,
    subject: () => null,
  }),
  "support.used": define({
    payload: z.object({ statement: z.string().max(2000) }).strict(),
    audience: ["audit"],
    label: "Support access used",
    describe: (p) => `ran as support: ${p.statement.slice(0, 120)}`,
    subject: () => null,
  }),
  "support.revoked": define({
    payload: z.object({}).strict(),
    audience: ["audit"],
    label: "Support access revoked",
    describe: () => "revoked support access",
    subject: () => null,
  }),
  "plan.changed": define({
    payload: z.object({ from: text, to: text }).strict(),
    audience: ["live", "audit"],
    label: "Plan changed",
    describe: (p) => `changed the plan from ${p.from} to ${p.to}`,
    subject: () => null,
  }),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]["payload"]>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** The types every open page of a tenant hears about over SSE. */
export const LIVE_EVENT_TYPES = EVENT_TYPES.filter((t) => (EVENT_CATALOG[t].audience as readonly Audience[]).includes("live"));

/** Events about getting in or reading out, not about changing anything: "changes today" leaves them out. */
export const ACCESS_EVENT_TYPES: EventType[] = ["auth.signed_in", "auth.sign_in_failed", "tenant.exported"];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}

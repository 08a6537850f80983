// `tenantry audit <slug>`: a workspace's audit log from the command line, newest first.
import type { Command } from "commander";
import { AUDIT_TYPES, auditFilterFrom } from "@/lib/audit/audit-log";
import { TenancyError } from "@/lib/errors";
import { describeEvent } from "@/lib/events/describe-event";
import { poolRunner, print } from "./command-helpers";

type Row = { id: string; type: string; payload: unknown; actorKind: string; actorName: string | null; ip: string | null; userAgent: string | null; at: Date };

export function registerAuditCommand(program: Command, adminUrl: () => string) {
  program
    .command("audit <slug>")
    .description("A workspace's audit log, newest first: who did what, when and from where.")
    .option("--type <type>", `only this event type (${AUDIT_TYPES.join(", ")})`)
    .option("--actor <name>", "only entries whose actor's name contains this")
    .option("--since <date>", "only entries from this day on (YYYY-MM-DD)")
    .option("--limit <n>", "at most this many entries (1–10000)", "50")
    .option("--json", "print JSON")
    .action(async (slug: string, options: { type?: string; actor?: string; since?: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new TenancyError("invalid_request", "--limit is a whole number from 1 to 10000.");
      // The audit page's own filter rules: the same types, names and dates are valid here.
      const parsed = auditFilterFrom({ type: options.type, actor: options.actor, from: options.since });
      if (!parsed.success) {
        const flags: Record<string, string> = { type: "--type", actor: "--actor", from: "--since" };
        throw new TenancyError("invalid_request", parsed.error.issues.map((i) => `${flags[String(i.path[0])] ?? "filter"}: ${i.message}`).join(" "));
      }
      const filter = parsed.data;
      await poolRunner(adminUrl)(async (pool) => {
        const tenant = await pool.query<{ id: string }>("SELECT id FROM tenants WHERE slug = $1", [slug]);
        if (!tenant.rows[0]) throw new TenancyError("tenant_not_found", `No workspace is called ${slug}.`);
        const { rows } = await pool.query<Row>(
          `SELECT id::text, type, payload, actor_kind AS "actorKind", actor_name AS "actorName", ip, user_agent AS "userAgent", created_at AS at
           FROM events
           WHERE tenant_id = $1 AND type = ANY($2) AND ($3::text IS NULL OR strpos(lower(actor_name), lower($3)) > 0) AND ($4::date IS NULL OR created_at >= $4::date)
           ORDER BY id DESC LIMIT $5`,
          [tenant.rows[0].id, filter.type ? [filter.type] : AUDIT_TYPES, filter.actor ?? null, filter.from ?? null, limit],
        );
        const entries = rows.map((r) => ({ id: r.id, at: r.at.toISOString(), type: r.type, text: describeEvent(r), ip: r.ip, userAgent: r.userAgent }));
        const text = entries.length
          ? entries.map((e) => `${e.at.slice(0, 19).replace("T", " ")}  ${e.text}${e.ip ? `  (${e.ip})` : ""}`).join("\n")
          : "Nothing in the log matches.";
        print(options.json, entries, text);
      });
    });
}

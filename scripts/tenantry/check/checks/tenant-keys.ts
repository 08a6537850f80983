// The tenant_id column itself, and every key and index built on it.
import { eachTenantTable, type Check } from "../check";
import type { CheckContext } from "../context";

type Column = { notnull: boolean; type: string; default: string | null };

async function tenantColumn(ctx: CheckContext, oid: number): Promise<Column> {
  const { rows } = await ctx.admin.query<Column>(
    `SELECT a.attnotnull AS notnull, format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = $1 AND a.attname = 'tenant_id'`,
    [oid],
  );
  return rows[0];
}

/** Unique keys: constraints (primary and unique) and unique indexes that back no constraint, by their columns. */
async function uniqueKeys(ctx: CheckContext, oid: number): Promise<{ name: string; columns: string[]; generated: boolean }[]> {
  const { rows } = await ctx.admin.query<{ name: string; columns: (string | null)[]; generated: boolean }>(
    `SELECT i.indexrelid::regclass::text AS name,
            -- Key columns only: an INCLUDE column makes no row unique.
            array(SELECT a.attname::text FROM generate_series(0, i.indnkeyatts - 1) AS n LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[n] ORDER BY n) AS columns,
            -- A single column whose value the database makes up (a random uuid, an identity) can name no other tenant's row.
            (i.indnatts = 1 AND EXISTS (
               SELECT 1 FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) = 'gen_random_uuid()'))) AS generated
     FROM pg_index i WHERE i.indrelid = $1 AND i.indisunique ORDER BY 1`,
    [oid],
  );
  return rows.map((r) => ({ ...r, columns: r.columns.map((c) => c ?? "(expression)") }));
}

export const tenantKeyChecks: Check[] = [
  {
    id: "tenant-id-not-null",
    title: "tenant_id is NOT NULL",
    fix: "ALTER TABLE <table> ALTER COLUMN tenant_id SET NOT NULL",
    run: (ctx) => eachTenantTable(ctx, async (t) => ((await tenantColumn(ctx, t.oid)).notnull ? null : "tenant_id accepts NULL: a row that belongs to no tenant")),
  },
  {
    id: "tenant-id-default",
    title: "tenant_id defaults to the bound tenant",
    fix: "ALTER TABLE <table> ALTER COLUMN tenant_id SET DEFAULT current_tenant_id()",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const column = await tenantColumn(ctx, t.oid);
        return column.default === "current_tenant_id()" ? null : `tenant_id defaults to ${column.default ?? "nothing"}, so a write must name its tenant itself`;
      }),
  },
  {
    id: "tenant-id-uuid",
    title: "tenant_id is a uuid, the type of tenants.id",
    fix: "ALTER TABLE <table> ALTER COLUMN tenant_id TYPE uuid USING tenant_id::uuid",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { type } = await tenantColumn(ctx, t.oid);
        return type === "uuid" ? null : `tenant_id is ${type}: compared to the uuid setting it is cast per row, or compared as text`;
      }),
  },
  {
    id: "tenant-id-references-tenants",
    title: "tenant_id references the tenant directory",
    fix: "ALTER TABLE <table> ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rowCount } = await ctx.admin.query(
          `SELECT 1 FROM pg_constraint c
           WHERE c.conrelid = $1 AND c.contype = 'f' AND c.confrelid = to_regclass('public.tenants')
             AND c.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = $1 AND attname = 'tenant_id')]`,
          [t.oid],
        );
        return rowCount ? null : "tenant_id references no tenant: rows can outlive their tenant, or name one that never existed";
      }),
  },
  {
    id: "tenant-id-leads-index",
    title: "An index leads with tenant_id",
    fix: "CREATE INDEX ON <table> (tenant_id, …) with the columns the table is read by",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rowCount } = await ctx.admin.query(
          `SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
           WHERE i.indrelid = $1 AND a.attname = 'tenant_id' AND i.indpred IS NULL`,
          [t.oid],
        );
        return rowCount ? null : "no index starts with tenant_id: every tenant's read scans the whole table";
      }),
  },
  {
    id: "unique-includes-tenant",
    title: "Every unique key of a tenant table includes tenant_id",
    fix: "make the key (tenant_id, …); a value that must be unique across tenants belongs in the control plane (the directory schema)",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await uniqueKeys(ctx, t.oid))
          .filter((k) => !k.generated && !k.columns.includes("tenant_id"))
          .map((k) => `${k.name} (${k.columns.join(", ")}) is unique across tenants: a write can learn that another tenant holds a value`),
      ),
  },
  {
    id: "foreign-key-includes-tenant",
    title: "Every foreign key between tenant tables matches tenant_id on both sides",
    fix: "reference (tenant_id, id) from (tenant_id, <column>), backed by UNIQUE (tenant_id, id) on the referenced table",
    run: async (ctx) => {
      const tenantOids = new Set(ctx.tenantTables.map((t) => t.oid));
      const findings = [];
      for (const t of ctx.tenantTables) {
        const { rows } = await ctx.admin.query<{ name: string; target: number; from: string[]; to: string[] }>(
          `SELECT c.conname AS name, c.confrelid::int AS target,
                  array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS from,
                  array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS to
           FROM pg_constraint c WHERE c.conrelid = $1 AND c.contype = 'f' ORDER BY 1`,
          [t.oid],
        );
        for (const fk of rows.filter((r) => tenantOids.has(r.target))) {
          const position = fk.from.indexOf("tenant_id");
          if (position < 0 || fk.to[position] !== "tenant_id")
            findings.push({ subject: t.qualified, reason: `${fk.name} (${fk.from.join(", ")}) → (${fk.to.join(", ")}) can point at another tenant's row` });
        }
      }
      return findings;
    },
  },
  {
    id: "manifest-complete",
    title: "The tenant-table manifest names exactly the tables that hold tenant rows",
    fix: "add the table to TENANT_TABLES in lib/tenancy/db/tenant-tables.ts (export, erasure and moves go by it), or drop the stale name",
    run: async (ctx) => {
      const inCatalog = ctx.tenantTables.map((t) => (t.schema === "public" ? t.name : t.qualified));
      return [
        ...inCatalog.filter((name) => !ctx.manifest.includes(name)).map((name) => ({ subject: name, reason: "holds tenant rows but is missing from the manifest" })),
        ...ctx.manifest.filter((name) => !inCatalog.includes(name)).map((name) => ({ subject: name, reason: "is in the manifest but is not a tenant table here" })),
      ];
    },
  },
];

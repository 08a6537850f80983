// Code that runs with someone else's rights (SECURITY DEFINER functions) and views, which read
// tables as their owner unless told otherwise: the two ways around a policy without breaking it.
import type { Check } from "../check";
import { SYSTEM_SCHEMAS } from "../../tenant-id-tables";
import type { CheckContext } from "../context";

type DefinerFunction = {
  signature: string;
  /** The names of its input arguments (not OUT or TABLE columns). */
  inputs: string[];
  source: string;
  config: string[] | null;
  trigger: boolean;
  ownerBypasses: boolean;
  publicExecute: boolean;
};

async function definerFunctions(ctx: CheckContext): Promise<DefinerFunction[]> {
  const { rows } = await ctx.admin.query<DefinerFunction>(
    `SELECT p.oid::regprocedure::text AS signature,
            array(SELECT coalesce(p.proargnames[n], '') FROM generate_subscripts(coalesce(p.proargnames, '{}'), 1) AS n
                  WHERE p.proargmodes IS NULL OR p.proargmodes[n] IN ('i', 'b', 'v')) AS inputs,
            p.prosrc AS source, p.proconfig AS config,
            p.prorettype = 'trigger'::regtype AS trigger, r.rolsuper OR r.rolbypassrls AS "ownerBypasses",
            (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0)) AS "publicExecute"
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
     WHERE p.prosecdef AND ${SYSTEM_SCHEMAS} ORDER BY 1`,
  );
  return rows;
}

/** The tenant tables a body of SQL names (plain or public-qualified; another schema's table of the same name is not it). */
function tenantTablesIn(ctx: CheckContext, source: string): string[] {
  return ctx.tenantTables
    .filter((t) => new RegExp(`(^|[^\\w."])("?${t.schema}"?\\.)?"?${t.name}\\b`, "i").test(source))
    .map((t) => t.qualified);
}

/** Views and materialized views, with the tenant tables their rules read (from the dependency catalog, not their text). */
async function viewsOverTenantTables(ctx: CheckContext): Promise<{ name: string; kind: string; options: string[] | null; reads: string[] }[]> {
  const { rows } = await ctx.admin.query<{ name: string; kind: string; options: string[] | null; reads: string[] }>(
    `SELECT v.oid::regclass::text AS name, v.relkind AS kind, v.reloptions AS options,
            array_agg(DISTINCT d.refobjid::regclass::text) AS reads
     FROM pg_class v
     JOIN pg_rewrite rw ON rw.ev_class = v.oid
     JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = 'pg_class'::regclass
     WHERE v.relkind IN ('v', 'm') AND d.refobjid = ANY($1::oid[])
     GROUP BY 1, 2, 3 ORDER BY 1`,
    [ctx.tenantTables.map((t) => t.oid)],
  );
  return rows;
}

export const functionAndViewChecks: Check[] = [
  {
    id: "definer-search-path",
    title: "Every SECURITY DEFINER function pins its search_path",
    fix: "ALTER FUNCTION <function> SET search_path = pg_catalog, public: otherwise a caller's own objects can stand in for the ones it names",
    run: async (ctx) =>
      (await definerFunctions(ctx))
        .filter((f) => !(f.config ?? []).some((c) => c.startsWith("search_path=")))
        .map((f) => ({ subject: f.signature, reason: "SECURITY DEFINER without a fixed search_path" })),
  },
  {
    id: "definer-reads-tenant-table",
    title: "No SECURITY DEFINER function reads a tenant table without a tenant argument",
    fix: "take the tenant as an argument and filter by it, run the function as the caller (SECURITY INVOKER), or read a control-plane index instead",
    run: async (ctx) =>
      (await definerFunctions(ctx))
        // Flagged whoever owns it: an owner that does not bypass row-level security today can be given BYPASSRLS tomorrow.
        // A tenant argument counts only if the body uses it.
        .filter((f) => !f.trigger && !f.inputs.some((a) => /tenant/i.test(a) && f.source.includes(a)))
        .flatMap((f) => {
          const tables = tenantTablesIn(ctx, f.source);
          const owner = f.ownerBypasses ? "a role that bypasses row-level security" : "its owner";
          return tables.length === 0 ? [] : [{ subject: f.signature, reason: `reads ${tables.join(", ")} as ${owner}, for no tenant in particular` }];
        }),
  },
  {
    id: "definer-not-public",
    title: "No SECURITY DEFINER function is executable by PUBLIC",
    fix: "REVOKE EXECUTE ON FUNCTION <function> FROM PUBLIC; GRANT EXECUTE to the role that needs it",
    run: async (ctx) =>
      (await definerFunctions(ctx))
        .filter((f) => !f.trigger && f.publicExecute)
        .map((f) => ({ subject: f.signature, reason: "every role may call it (functions are executable by PUBLIC unless revoked)" })),
  },
  {
    id: "view-security-invoker",
    title: "Every view over tenant tables reads them as the caller (security_invoker)",
    fix: "ALTER VIEW <view> SET (security_invoker = true): a view otherwise reads as its owner, who may bypass row-level security",
    run: async (ctx) =>
      (await viewsOverTenantTables(ctx))
        .filter((v) => v.kind === "v" && !(v.options ?? []).some((o) => /^security_invoker=(true|on|yes|1)$/i.test(o)))
        .map((v) => ({ subject: v.name, reason: `reads ${v.reads.join(", ")} with its owner's rights` })),
  },
  {
    id: "no-materialized-tenant-view",
    title: "No materialized view copies tenant rows",
    fix: "DROP MATERIALIZED VIEW <view>: its rows are a copy that no policy protects",
    run: async (ctx) =>
      (await viewsOverTenantTables(ctx))
        .filter((v) => v.kind === "m")
        .map((v) => ({ subject: v.name, reason: `holds a copy of ${v.reads.join(", ")} outside row-level security` })),
  },
];

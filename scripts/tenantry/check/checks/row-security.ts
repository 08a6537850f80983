// Row-level security on every tenant table, and policies that admit a row only for the bound tenant.
import { eachTenantTable, type Check } from "../check";
import type { CheckContext } from "../context";

type Policy = { name: string; cmd: string; permissive: boolean; using: string | null; check: string | null; roles: number[] };

async function policies(ctx: CheckContext, oid: number): Promise<Policy[]> {
  const { rows } = await ctx.admin.query<Policy>(
    `SELECT polname AS name, polcmd AS cmd, polpermissive AS permissive,
            pg_get_expr(polqual, polrelid) AS using, pg_get_expr(polwithcheck, polrelid) AS check, polroles::int[] AS roles
     FROM pg_policy WHERE polrelid = $1 ORDER BY polname`,
    [oid],
  );
  return rows;
}

/** Permissive policies that apply to the app (to PUBLIC or to one of its roles): the ones that let rows through. */
async function appPolicies(ctx: CheckContext, oid: number): Promise<Policy[]> {
  const app = new Set(ctx.appRoles.map((r) => r.oid));
  return (await policies(ctx, oid)).filter((p) => p.permissive && p.roles.some((r) => r === 0 || app.has(r)));
}

// pg_get_expr prints `tenant_id = (SELECT current_tenant_id())` as
// `(tenant_id = ( SELECT current_tenant_id() AS current_tenant_id))`.
const TENANT_PREDICATE = /\btenant_id = (\( SELECT (public\.)?current_tenant_id\(\) AS current_tenant_id\)|(public\.)?current_tenant_id\(\))/;
const WRAPPED_PREDICATE = /\btenant_id = \( SELECT (public\.)?current_tenant_id\(\) AS current_tenant_id\)/;

/** The expressions a policy applies: USING for the rows it shows, WITH CHECK for the rows it accepts. */
function expressions(p: Policy): { clause: string; text: string }[] {
  return [
    ...(p.using === null ? [] : [{ clause: "USING", text: p.using }]),
    ...(p.check === null ? [] : [{ clause: "WITH CHECK", text: p.check }]),
  ];
}

const COMMANDS = { SELECT: "r", INSERT: "a", UPDATE: "w", DELETE: "d" } as const;

export const rowSecurityChecks: Check[] = [
  {
    id: "rls-enabled",
    title: "Every tenant table has row-level security enabled",
    fix: "ALTER TABLE <table> ENABLE ROW LEVEL SECURITY (new tables: SELECT enable_tenant_isolation('<table>') in their migration)",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rows } = await ctx.admin.query("SELECT relrowsecurity FROM pg_class WHERE oid = $1", [t.oid]);
        return rows[0].relrowsecurity ? null : "row-level security is disabled: every row is visible to every tenant";
      }),
  },
  {
    id: "rls-forced",
    title: "Every tenant table forces row-level security, so its owner is held to the policies too",
    fix: "ALTER TABLE <table> FORCE ROW LEVEL SECURITY",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rows } = await ctx.admin.query("SELECT relforcerowsecurity FROM pg_class WHERE oid = $1", [t.oid]);
        return rows[0].relforcerowsecurity ? null : "FORCE ROW LEVEL SECURITY is off: the table's owner, and any function it owns, sees every tenant";
      }),
  },
  {
    id: "policy-present",
    title: "Every tenant table has a permissive policy for the app",
    fix: "create the tenant policy: SELECT enable_tenant_isolation('<table>')",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => ((await appPolicies(ctx, t.oid)).length > 0 ? null : "no permissive policy applies to the app")),
  },
  {
    id: "policy-commands",
    title: "Each command the app is granted on a tenant table is covered by a policy",
    fix: "give the table one policy FOR ALL (or one per granted command) on the tenant setting",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const covered = new Set((await appPolicies(ctx, t.oid)).map((p) => p.cmd));
        const missing: string[] = [];
        for (const [command, letter] of Object.entries(COMMANDS)) {
          const { rows } = await ctx.admin.query<{ granted: boolean }>(
            `SELECT has_table_privilege($1, $2::oid, $3) OR ($3 IN ('SELECT', 'INSERT', 'UPDATE') AND has_any_column_privilege($1, $2::oid, $3)) AS granted`,
            [ctx.appLogin, t.oid, command],
          );
          if (rows[0].granted && !covered.has("*") && !covered.has(letter)) missing.push(command);
        }
        return missing.length === 0 ? null : `the app may ${missing.join(", ")} but no policy covers it`;
      }),
  },
  {
    id: "policy-with-check",
    title: "Every policy that admits writes states its WITH CHECK",
    fix: "recreate the policy with WITH CHECK (tenant_id = (SELECT current_tenant_id()))",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await appPolicies(ctx, t.oid)).filter((p) => ["*", "a", "w"].includes(p.cmd) && p.check === null).map((p) => `policy ${p.name} has no WITH CHECK`),
      ),
  },
  {
    id: "policy-tenant-predicate",
    title: "Every permissive policy admits only the bound tenant's rows",
    fix: "drop the policy, or make it USING (tenant_id = (SELECT current_tenant_id())) WITH CHECK (the same); permissive policies add up, so one without the tenant lets every row through",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await appPolicies(ctx, t.oid)).flatMap((p) =>
          expressions(p)
            .filter((e) => !TENANT_PREDICATE.test(e.text) || /\bNOT\b/i.test(e.text))
            .map((e) => `policy ${p.name} ${e.clause} (${e.text}) does not require the current tenant`),
        ),
      ),
  },
  {
    id: "policy-no-other-setting",
    title: "No policy reads a setting other than through current_tenant_id()",
    fix: "remove the extra condition: any session can set any custom setting, so a policy that trusts one (a bypass flag, a role name in a setting) can be switched off by the app's own connection",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await appPolicies(ctx, t.oid)).flatMap((p) =>
          expressions(p)
            .filter((e) => /current_setting|current_user|session_user|current_role|pg_has_role/i.test(e.text))
            .map((e) => `policy ${p.name} ${e.clause} trusts session state: ${e.text}`),
        ),
      ),
  },
  {
    id: "policy-no-alternative",
    title: "No policy offers another way in beside the tenant (OR, CASE, COALESCE)",
    fix: "keep the tenant comparison the whole predicate, or AND further conditions to it",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await appPolicies(ctx, t.oid)).flatMap((p) =>
          expressions(p)
            .filter((e) => /\b(OR|CASE|COALESCE)\b/i.test(e.text))
            .map((e) => `policy ${p.name} ${e.clause} has an alternative branch: ${e.text}`),
        ),
      ),
  },
  {
    id: "policy-evaluated-once",
    title: "The tenant is evaluated once per statement, so the tenant_id index stays usable",
    fix: "wrap the tenant in a scalar sub-select: tenant_id = (SELECT current_tenant_id())",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) =>
        (await appPolicies(ctx, t.oid)).flatMap((p) =>
          expressions(p)
            .filter((e) => TENANT_PREDICATE.test(e.text) && !WRAPPED_PREDICATE.test(e.text))
            .map((e) => `policy ${p.name} ${e.clause} calls current_tenant_id() per row: ${e.text}`),
        ),
      ),
  },
  {
    id: "tenant-function",
    title: "current_tenant_id() reads only app.tenant_id, is STABLE, not SECURITY DEFINER, not the app's",
    fix: "recreate it as in the first migration: LANGUAGE sql STABLE, SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid, owned by the schema owner",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ volatile: string; definer: boolean; source: string; owner: number }>(
        `SELECT p.provolatile AS volatile, p.prosecdef AS definer, p.prosrc AS source, p.proowner::int AS owner
         FROM pg_proc p WHERE p.oid = to_regprocedure('public.current_tenant_id()')`,
      );
      if (rows.length === 0) return [{ subject: "public.current_tenant_id()", reason: "the function does not exist" }];
      const fn = rows[0];
      const settings = [...fn.source.matchAll(/current_setting\(\s*'([^']*)'/g)].map((m) => m[1]);
      const reasons = [
        fn.volatile !== "s" && `it is ${fn.volatile === "v" ? "VOLATILE" : "IMMUTABLE"}: it must be STABLE (the same answer within a statement, never folded into a plan)`,
        fn.definer && "it is SECURITY DEFINER",
        (settings.length !== 1 || settings[0] !== "app.tenant_id") && `it reads ${settings.join(", ") || "no setting"} instead of app.tenant_id alone`,
        ctx.appRoles.some((r) => r.oid === fn.owner) && "the app owns it and could replace it",
      ].filter((r): r is string => typeof r === "string");
      return reasons.map((reason) => ({ subject: "public.current_tenant_id()", reason }));
    },
  },
  {
    id: "writes-refused-unless-active",
    title: "Every tenant table but the event log refuses writes while its workspace is not active",
    fix: "CREATE TRIGGER tenant_writable BEFORE INSERT OR UPDATE OR DELETE ON <table> FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_unless_active()",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        if (t.qualified === "public.events") return null; // sign-ins and transitions of a suspended workspace are still recorded
        // Enabled for ordinary sessions ('O' or always 'A', not replica-only 'R'), with no WHEN
        // condition. tgtype bits: 1 row-level, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE.
        const { rowCount } = await ctx.admin.query(
          `SELECT 1 FROM pg_trigger WHERE tgrelid = $1 AND tgfoid = to_regproc('public.refuse_write_unless_active')
             AND tgenabled IN ('O', 'A') AND tgqual IS NULL AND tgtype & 1 = 0 AND tgtype & 2 = 2 AND tgtype & 28 = 28`,
          [t.oid],
        );
        return rowCount ? null : "a suspended or closed workspace can still be written here by any path that skips the app's guard";
      }),
  },
];

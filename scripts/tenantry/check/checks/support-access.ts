// Break-glass support access (migration 20261204010000): the grant roles reach one tenant each,
// and nothing the app can become is one of them.
import { eachTenantTable, type Check } from "../check";

const GROUPS = ["tenantry_support", "tenantry_support_write"];

export const supportAccessChecks: Check[] = [
  {
    id: "support-confined",
    title: "Every tenant table confines support roles to their grant's tenant",
    fix: "SELECT confine_support_access('<table>'): a restrictive policy FOR ALL TO tenantry_support on directory.support_grant_tenant(current_user)",
    run: (ctx) =>
      eachTenantTable(ctx, async (t) => {
        const { rows } = await ctx.admin.query(
          `SELECT 1 FROM pg_policy p JOIN pg_roles r ON r.oid = ANY (p.polroles)
           WHERE p.polrelid = $1 AND NOT p.polpermissive AND p.polcmd = '*' AND r.rolname = 'tenantry_support'
             AND pg_get_expr(p.polqual, p.polrelid) LIKE '%support_grant_tenant(%'
             AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%support_grant_tenant(%'`,
          [t.oid],
        );
        return rows.length > 0 ? null : "no restrictive policy keeps support roles to their grant's tenant: a grant would reach every tenant";
      }),
  },
  {
    id: "support-roles-confined",
    title: "Support roles cannot log in or bypass row-level security, and the app cannot become one",
    fix: "ALTER ROLE <role> NOLOGIN NOSUPERUSER NOBYPASSRLS; REVOKE <role> FROM <app role>; grants are made by tenantry support grant only",
    run: async (ctx) => {
      const { rows } = await ctx.admin.query<{ name: string; login: boolean; super: boolean; bypass: boolean; reachable: boolean }>(
        `SELECT r.rolname AS name, r.rolcanlogin AS login, r.rolsuper AS super, r.rolbypassrls AS bypass,
                pg_has_role($1, r.oid, 'MEMBER') AS reachable
         FROM pg_roles r
         WHERE r.rolname = ANY ($2) OR r.rolname IN (SELECT role_name FROM directory.support_grants)
         ORDER BY 1`,
        [ctx.appLogin, GROUPS],
      );
      return rows.flatMap((r) => {
        const reasons = [r.login && "can log in", r.super && "is superuser", r.bypass && "has BYPASSRLS", r.reachable && `the app (${ctx.appLogin}) can become it`].filter(Boolean);
        return reasons.length ? [{ subject: r.name, reason: `a support role that ${reasons.join(", ")}` }] : [];
      });
    },
  },
];

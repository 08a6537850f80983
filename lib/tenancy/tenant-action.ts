import { TenancyError } from "./errors";
import type { Caller } from "./membership";
import { assertCan, isReadOnly, type Permission } from "./permissions";
import { assertTenantWritable, type Tenant } from "./tenant";
import type { TenantDb } from "./scoped-client";
import { inTenant } from "./tenant-scope";

/** What a form's server action answers: field reasons and the user's input on failure. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  code?: string;
  fields?: Record<string, string[]>;
  values?: Record<string, string>;
  data?: Record<string, unknown>;
};

type ActionContext = { db: TenantDb; tenant: Tenant } & Caller;

/**
 * A server action in the request's tenant: the tenant comes from the request (never from the
 * form), the caller's membership and `permission` are checked first, and a typed tenancy error
 * comes back as form state (with the submitted values) instead of an error page.
 */
export function tenantAction(permission: Permission, run: (ctx: ActionContext, form: FormData) => Promise<ActionState>) {
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    const values: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("$")) values[key] = value;
    try {
      return await inTenant(async (db, ctx) => {
        assertCan(ctx.role, permission);
        if (!isReadOnly(permission)) assertTenantWritable(ctx.tenant);
        return run({ db, ...ctx }, form);
      });
    } catch (error) {
      if (!(error instanceof TenancyError)) throw error;
      return { code: error.code, message: error.message, fields: error.fields, values };
    }
  };
}

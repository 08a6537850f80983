import { headers } from "next/headers";
import { TenancyError } from "@/lib/errors";
import { withoutControlCharacters } from "@/lib/validation";
import type { Permission } from "../access/permissions";
import { openTenant, type Access, type TenantContext } from "../pipeline";
import type { ActionState } from "./action-state";

/** The submitted text fields, to put back in the form when it is refused; never a password, nor a control character. */
function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("$") && !/password/i.test(key)) values[key] = value;
  return values;
}

/** A typed refusal as form state, with what was typed; anything else (a redirect, a bug) goes on up. */
export function refusalState(error: unknown, values: Record<string, string>): ActionState {
  if (!(error instanceof TenancyError)) throw error;
  const echoed = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, withoutControlCharacters(value)]));
  return { code: error.code, message: error.message, fields: error.fields, values: echoed };
}

/**
 * A server action in the request's tenant: the tenant comes from the request (never from the
 * form), the pipeline runs first, and a typed refusal comes back as form state (with the
 * submitted values) instead of an error page.
 */
export function tenantAction(access: Permission | Access, run: (ctx: TenantContext, form: FormData) => Promise<ActionState>) {
  const needs: Access = typeof access === "string" ? { permission: access } : access;
  return async (_prev: ActionState, form: FormData): Promise<ActionState> => {
    try {
      return await run(await openTenant(await headers(), needs), form);
    } catch (error) {
      return refusalState(error, submittedValues(form));
    }
  };
}

import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { TenancyError } from "@/lib/errors";
import { enterTenant, READ, requirePermission, type Access, type TenantContext } from "../pipeline";
import { localPath } from "@/lib/validation";
import { CLOSED_TENANT_HEADER, REQUESTED_PATH_HEADER, tenantFromHeaders, tenantPath, UNKNOWN_TENANT_HEADER } from "../request/forwarded-tenant";

// One pipeline run per render: the workspace layout and its page (and the dashboard inside it)
// share the answer instead of each checking the membership.
const memberContext = cache(async () => enterTenant(await headers()));
const visitorContext = cache(async () => enterTenant(await headers(), true));

/**
 * A server component's way in: the pipeline's answer for this render, or the page Next has for a
 * refusal (sign-in for no session, the 403 page for a missing permission, the 404 page for a
 * workspace the caller cannot see or a record not in it). A page only reads; whether its forms
 * are shown is `ctx.writable` and `ctx.can(…)`, and the actions they post to guard themselves.
 */
export async function tenantPage<T>(fn: (ctx: TenantContext) => Promise<T>, access: Access = READ): Promise<T> {
  try {
    const ctx = "visitor" in access ? await visitorContext() : await memberContext();
    requirePermission(ctx, access);
    return await fn(ctx);
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    if (error.code === "unauthenticated") redirect(await signInPath());
    if (error.code === "forbidden") forbidden();
    if (error.code === "not_found" || error.code === "tenant_not_found" || error.code === "tenant_inactive") notFound();
    throw error;
  }
}

/** The workspace's sign-in, told to come back to the page asked for (a local path; the sign-in checks it again). */
async function signInPath(): Promise<string> {
  const asked = localPath((await headers()).get(REQUESTED_PATH_HEADER));
  const [signIn, home] = [await tenantPath("/sign-in"), await tenantPath("/")];
  // The dashboard is where signing in lands anyway.
  const worthKeeping = asked && asked !== home && `${asked}/` !== home && !/\/sign-in(\?|$)/.test(asked);
  return worthKeeping ? `${signIn}?${new URLSearchParams({ next: asked })}` : signIn;
}

/** Whether the caller may see the workspace this request names. */
async function seesWorkspace(): Promise<boolean> {
  try {
    await memberContext();
    return true;
  } catch (error) {
    if (error instanceof TenancyError) return false;
    throw error;
  }
}

/**
 * What the 404 page should say is missing: a workspace (one the proxy found nothing for, a closed
 * one, or one this caller may not see, so that a non-member sees exactly what a workspace that
 * does not exist shows), or null for a page or record that does not exist.
 */
export async function missingWorkspace(): Promise<{ slug: string; closed: boolean } | null> {
  const h = await headers();
  const named = h.get(UNKNOWN_TENANT_HEADER);
  if (named !== null) return { slug: named, closed: h.get(CLOSED_TENANT_HEADER) !== null };
  const tenant = tenantFromHeaders(h);
  return tenant && !(await seesWorkspace()) ? { slug: tenant.slug, closed: false } : null;
}

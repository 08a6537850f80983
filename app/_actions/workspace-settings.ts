"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { createHandoffToken } from "@/lib/auth/handoff";
import { changeWorkspaceAddress, newSlugSchema, renameWorkspace } from "@/lib/directory";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { ACTIVE_TENANT_COOKIE, productUrl, resolvedBy, tenantAction, tenantPath, violatedUniqueConstraint } from "@/lib/tenancy";
import { formInput, parseOrThrow } from "@/lib/validation";

const renameSchema = z.object({ name: z.string().trim().min(1, "Give the workspace a name.").max(120, "At most 120 characters.") }).strict();
const addressSchema = z.object({ slug: newSlugSchema }).strict();

// The owner renames the workspace; its address stays.
export const renameWorkspaceAction = tenantAction("tenant.rename", async ({ tenant, actor }, form) => {
  const { name } = parseOrThrow(renameSchema, formInput(form));
  await renameWorkspace(tenant.id, name, actor);
  revalidatePath("/", "layout");
  return { ok: true, message: `The workspace is now called ${name}.` };
});

// The owner moves the workspace to a new address; the old one redirects for a grace period.
// The answer says where the owner's browser goes next: to the new subdomain with a one-time
// sign-in (cookies do not follow to another host), or the same page under the new path.
export const changeAddressAction = tenantAction("tenant.address", async ({ tenant, actor, caller }, form) => {
  const { slug } = parseOrThrow(addressSchema, formInput(form));
  const from = await changeWorkspaceAddress(tenant.id, slug, actor).catch((error) => {
    if (violatedUniqueConstraint(error)?.startsWith("tenants_slug")) throw new TenancyError("invalid_request", "The request is invalid.", { slug: ["That address is taken."] });
    throw error;
  });
  const message = from === slug ? "That is already the workspace's address." : `The workspace's address is now ${slug}. Links to ${from} lead here for ${env().TENANTRY_SLUG_REDIRECT_DAYS} days.`;
  const by = await resolvedBy();
  let next: string;
  if (by === "subdomain" && caller.kind === "user") {
    next = productUrl(await headers(), slug, `/auth/handoff?token=${await createHandoffToken(caller.user.id, tenant.id)}`);
  } else if (by === "path") {
    next = `/t/${slug}/settings`;
  } else {
    if (by === "session") (await cookies()).set(ACTIVE_TENANT_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/" });
    next = await tenantPath("/settings");
  }
  return { ok: true, message, data: { next } };
});

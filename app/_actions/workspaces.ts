"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sessionUser } from "@/lib/auth/session";
import { workspacesOf } from "@/lib/directory";
import { ACTIVE_TENANT_COOKIE } from "@/lib/tenancy";

// Picks the workspace the root domain shows this browser. Only the user's own workspaces are
// offered, and every request re-checks the membership anyway.
export async function openWorkspaceAction(form: FormData) {
  const user = await sessionUser();
  const slug = String(form.get("slug") ?? "");
  if (!user || !(await workspacesOf(user.id)).some((t) => t.slug === slug)) redirect("/");
  (await cookies()).set(ACTIVE_TENANT_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/");
}

export async function switchWorkspaceAction() {
  (await cookies()).delete(ACTIVE_TENANT_COOKIE);
  redirect("/");
}

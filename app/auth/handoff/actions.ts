"use server";

import { redirect } from "next/navigation";
import { signInWithHandoff } from "@/lib/auth/session";
import { tenantPath } from "@/lib/tenancy";

// Finishes a sign-in begun on another host (sign-up on the root domain). A POST, so it runs only
// from a form of this very site (Next and the proxy refuse a server action from another origin),
// and the token only works on the workspace it was made for.
export async function finishHandoffAction(form: FormData) {
  const signedIn = await signInWithHandoff(String(form.get("token") ?? ""));
  redirect(await tenantPath(signedIn ? "/" : "/sign-in"));
}

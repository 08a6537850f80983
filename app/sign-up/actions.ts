"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createHandoffToken } from "@/lib/auth/handoff";
import { signUp } from "@/lib/auth/sign-up";
import { clientAddress } from "@/lib/security/client-address";
import { productUrl, refusalState, type ActionState } from "@/lib/tenancy";

const FIELDS = ["company", "slug", "name", "email"] as const;

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = Object.fromEntries([...FIELDS, "password"].map((f) => [f, form.get(f) ?? ""]));
  const h = await headers();
  let created: Awaited<ReturnType<typeof signUp>>;
  try {
    created = await signUp(input, clientAddress(h));
  } catch (error) {
    return refusalState(error, Object.fromEntries(FIELDS.map((f) => [f, String(input[f])]))); // never echo the password
  }
  // Cookies do not follow to the new subdomain, so a one-time token, good on that workspace only,
  // carries the sign-in there.
  const token = await createHandoffToken(created.userId, created.tenantId);
  redirect(productUrl(h, created.slug, `/auth/handoff?token=${token}`));
}

"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createHandoffToken } from "@/lib/auth/handoff";
import { signUp } from "@/lib/auth/sign-up";
import { TenancyError } from "@/lib/errors";
import { requestHost, type ActionState } from "@/lib/tenancy";

const FIELDS = ["company", "slug", "name", "email"] as const;

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = Object.fromEntries([...FIELDS, "password"].map((f) => [f, form.get(f) ?? ""]));
  let created: Awaited<ReturnType<typeof signUp>>;
  try {
    created = await signUp(input);
  } catch (error) {
    if (!(error instanceof TenancyError)) throw error;
    const values = Object.fromEntries(FIELDS.map((f) => [f, String(input[f])])); // never echo the password
    return { code: error.code, message: error.message, fields: error.fields, values };
  }
  // Cookies do not follow to the new subdomain, so a one-time token carries the sign-in there.
  const h = await headers();
  const host = requestHost(h) ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? (/^(localhost|127\.)/.test(host) ? "http" : "https");
  const token = await createHandoffToken(created.userId);
  redirect(`${proto}://${created.slug}.${host}/auth/handoff?token=${token}`);
}

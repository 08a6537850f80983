"use server";

import { AuthError } from "next-auth";
import { signIn, SignInThrottled } from "@/auth";
import { tenantPath } from "@/lib/tenancy/context";

export type SignInState = { error?: string; email?: string };

// One message for an unknown account and a wrong password: the form never tells which.
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  // Only a path on this host: never an absolute URL someone slipped into the link.
  const next = String(form.get("next") ?? "");
  const redirectTo = /^\/(?![/\\])/.test(next) ? next : await tenantPath("/");
  try {
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo });
    return {};
  } catch (error) {
    if (error instanceof SignInThrottled) {
      return { email, error: "Too many failed attempts. Wait 15 minutes, then try again." };
    }
    if (error instanceof AuthError) return { email, error: "That email and password do not match an account." };
    throw error; // the redirect after a successful sign-in
  }
}

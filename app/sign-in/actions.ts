"use server";

import { signInWithPassword } from "@/lib/auth/session";
import { tenantPath } from "@/lib/tenancy";
import { localPath } from "@/lib/validation";

export type SignInState = { error?: string; email?: string };

const MESSAGES = {
  throttled: "Too many failed attempts. Wait 15 minutes, then try again.",
  invalid: "That email and password do not match an account.",
} as const;

// One message for an unknown account and a wrong password: the form never tells which.
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  // Only a path on this host: never an absolute URL (or a header break) someone slipped into the link.
  const redirectTo = localPath(form.get("next")) ?? (await tenantPath("/"));
  const refused = await signInWithPassword(email, String(form.get("password") ?? ""), redirectTo);
  return refused ? { email, error: MESSAGES[refused] } : {};
}

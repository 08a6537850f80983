"use server";

import { redirect } from "next/navigation";
import { resetPassword } from "@/lib/auth/password-reset";
import { refusalState, tenantPath, type ActionState } from "@/lib/tenancy";
import { formInput } from "@/lib/validation";

// A good link sets the password and signs the account out everywhere; then sign in with it.
export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    await resetPassword(formInput(form));
  } catch (error) {
    return refusalState(error, {});
  }
  redirect(await tenantPath("/sign-in?reset=1"));
}

"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { requestPasswordReset, RESET_MINUTES } from "@/lib/auth/password-reset";
import { sendMail } from "@/lib/email/mailer";
import { clientAddress } from "@/lib/security/client-address";
import { refusalState, tenantUrl, type ActionState } from "@/lib/tenancy";
import { formInput } from "@/lib/validation";

// The same answer whether or not an account uses the address; the mail goes out after the answer.
export async function requestResetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formInput(form);
  try {
    const prefix = await tenantUrl("/reset-password/");
    const mail = await requestPasswordReset(input, clientAddress(await headers()), (token) => `${prefix}${token}`);
    if (mail) after(() => sendMail(mail));
  } catch (error) {
    return refusalState(error, { email: String(input.email ?? "") });
  }
  return { ok: true, message: `If an account uses that address, a link to choose a new password is on its way. It works once, for ${RESET_MINUTES} minutes.` };
}

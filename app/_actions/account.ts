"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { changeOwnPassword, renameAccount } from "@/lib/auth/account";
import { currentSessionId, forgetSessionUser, sessionUser, type SessionUser } from "@/lib/auth/session";
import { TenancyError } from "@/lib/errors";
import { clientAddress } from "@/lib/security/client-address";
import { refusalState, type ActionState } from "@/lib/tenancy";
import { formInput } from "@/lib/validation";

// The signed-in person's own account: no workspace is involved, so these run on any host.

async function asSignedIn(form: FormData, run: (user: SessionUser, input: Record<string, unknown>) => Promise<ActionState>): Promise<ActionState> {
  const input = formInput(form);
  try {
    const user = await sessionUser();
    if (!user) throw new TenancyError("unauthenticated");
    return await run(user, input);
  } catch (error) {
    return refusalState(error, input.name === undefined ? {} : { name: String(input.name) }); // never a password
  }
}

export async function renameAccountAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asSignedIn(form, async (user, input) => {
    const name = await renameAccount(user, input);
    await forgetSessionUser();
    revalidatePath("/", "layout");
    return { ok: true, message: `Your name is now ${name}.` };
  });
}

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return asSignedIn(form, async (user, input) => {
    const session = await currentSessionId();
    if (!session) throw new TenancyError("unauthenticated");
    await changeOwnPassword(user, input, clientAddress(await headers()), session);
    return { ok: true, message: "Password changed. Every other device signed in to your account was signed out." };
  });
}

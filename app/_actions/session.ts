"use server";

import { cookies } from "next/headers";
import { signOutEverywhereTo, signOutTo } from "@/lib/auth/session";
import { ACTIVE_TENANT_COOKIE, tenantPath } from "@/lib/tenancy";

// Signing out ends the session on the server, so a copy of the cookie stops working too.
export async function signOutAction() {
  (await cookies()).delete(ACTIVE_TENANT_COOKIE); // the next person here starts from the choice
  await signOutTo(await tenantPath("/sign-in"));
}

// Ends every session of this account (other browsers, other devices), then this one.
export async function signOutEverywhereAction() {
  (await cookies()).delete(ACTIVE_TENANT_COOKIE);
  await signOutEverywhereTo(await tenantPath("/sign-in"));
}

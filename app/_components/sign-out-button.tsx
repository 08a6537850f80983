import { cookies } from "next/headers";
import { signOutTo } from "@/lib/auth/session";
import { ACTIVE_TENANT_COOKIE, tenantPath } from "@/lib/tenancy";

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        (await cookies()).delete(ACTIVE_TENANT_COOKIE); // the next person here starts from the choice
        await signOutTo(await tenantPath("/sign-in"));
      }}
    >
      <button type="submit" className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-300">
        Sign out
      </button>
    </form>
  );
}

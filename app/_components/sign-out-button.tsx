import { cookies } from "next/headers";
import { signOut } from "@/auth";
import { tenantPath } from "@/lib/tenancy/context";
import { ACTIVE_TENANT_COOKIE } from "@/lib/tenancy/resolve-tenant";

export function SignOutButton() {
  return (
    <form
      action={async () => {
        "use server";
        (await cookies()).delete(ACTIVE_TENANT_COOKIE); // the next person here starts from the choice
        await signOut({ redirectTo: await tenantPath("/sign-in") });
      }}
    >
      <button type="submit" className="text-sm font-medium text-slate-600 hover:underline dark:text-slate-300">
        Sign out
      </button>
    </form>
  );
}

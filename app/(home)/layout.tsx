import { forbidden, redirect } from "next/navigation";
import { optionalTenant, TenancyError } from "@/lib/tenancy";
import { tenantPath } from "@/lib/tenancy/context";
import { accessTenant } from "@/lib/tenancy/membership";

// On a workspace's own address, nothing renders until the signed-in user's membership is
// verified: no session goes to sign-in, no membership gets the 403 page.
export default async function WorkspaceGate({ children }: { children: React.ReactNode }) {
  const tenant = await optionalTenant();
  if (tenant) {
    try {
      await accessTenant(tenant);
    } catch (error) {
      if (!(error instanceof TenancyError)) throw error;
      if (error.code === "unauthenticated") redirect(await tenantPath("/sign-in"));
      forbidden();
    }
  }
  return children;
}

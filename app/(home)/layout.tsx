import { optionalTenant, tenantPage } from "@/lib/tenancy";

// On a workspace's own address, nothing renders until the pipeline has let the caller in: no
// session goes to sign-in, a non-member gets the 404 page (the workspace's existence is not
// revealed). The root domain renders the product's landing page.
export default async function WorkspaceGate({ children }: { children: React.ReactNode }) {
  if (await optionalTenant()) await tenantPage(async () => null);
  return children;
}

import type { Metadata } from "next";
import { optionalTenant, tenantPage } from "@/lib/tenancy";

// Tabs name the workspace: "Members · Acme Corp", the dashboard "Acme Corp". Asked through the
// gate, so a caller who may not see the workspace gets the 404's title, not its name.
export async function generateMetadata(): Promise<Metadata> {
  if (!(await optionalTenant())) return {};
  const name = await tenantPage(async (ctx) => ctx.tenant.name);
  return { title: { absolute: name, template: `%s · ${name}` } };
}

// On a workspace's own address, nothing renders until the pipeline has let the caller in: no
// session goes to sign-in, a non-member gets the 404 page (the workspace's existence is not
// revealed). The root domain renders the product's landing page.
export default async function WorkspaceGate({ children }: { children: React.ReactNode }) {
  if (await optionalTenant()) await tenantPage(async () => null);
  return children;
}

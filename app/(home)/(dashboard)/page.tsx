import { Dashboard } from "../../_components/dashboard";
import { Landing } from "../../_components/landing";
import { optionalTenant } from "@/lib/tenancy";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// `/`: a tenant's dashboard on its own host, the product's landing page on the root domain.
export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const tenant = await optionalTenant();
  return tenant ? <Dashboard searchParams={await searchParams} /> : <Landing />;
}

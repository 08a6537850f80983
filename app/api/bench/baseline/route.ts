import { employeeSelect } from "@/lib/employees/employee-reads";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { keysetQuery, toPage } from "@/lib/pagination";
import { createPrismaClient, type PrismaHandle } from "@/lib/tenancy/db/prisma-client";
import { UUID } from "@/lib/tenancy/db/tenant-context";

// GET /api/bench/baseline?tenant=<uuid> – for `npm run bench` only: the same page as
// GET /api/employees?limit=25, with no proxy, no resolution and no scoping, to measure what those
// cost. It answers 404 unless the bench started this server with TENANTRY_BENCH_BASELINE_URL.

const globalForBench = globalThis as unknown as { benchBaseline?: PrismaHandle };

export async function GET(request: Request) {
  const url = env().TENANTRY_BENCH_BASELINE_URL;
  const tenantId = new URL(request.url).searchParams.get("tenant");
  if (!url || !tenantId || !UUID.test(tenantId)) return new Response(null, { status: 404 });
  globalForBench.benchBaseline ??= createPrismaClient(url, { poolSize: env().DATABASE_POOL_SIZE });
  const params = { limit: 25 };
  const { where, orderBy, take } = keysetQuery<Prisma.EmployeeWhereInput>(params);
  const rows = await globalForBench.benchBaseline.prisma.employee.findMany({
    where: { ...where, tenantId },
    orderBy,
    take,
    select: employeeSelect,
  });
  return Response.json(toPage(rows, params));
}

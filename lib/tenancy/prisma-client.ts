import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type PrismaHandle = { prisma: PrismaClient; pool: pg.Pool; end(): Promise<void> };

/**
 * A Prisma client over its own pg pool. Only lib/tenancy and the operator scripts call this:
 * app code reaches the database through the scoped entry points, never an unscoped client.
 */
export function createPrismaClient(connectionString: string, poolSize = 10): PrismaHandle {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    // $disconnect() leaves a pool passed in open, so end it here.
    async end() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

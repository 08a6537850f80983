import { z } from "zod";
import { keysetQuery, toPage, type PageParams } from "@/lib/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import { TenancyError } from "@/lib/errors";
import type { TenantTx } from "@/lib/tenancy";

export const projectSelect = {
  id: true,
  name: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { employees: true } },
} as const;

/** One page of the tenant's projects by name, with how many employees each has. */
export async function listProjects(db: TenantTx, params: PageParams) {
  const { where, orderBy, take } = keysetQuery<Prisma.ProjectWhereInput>(params);
  const rows = await db.project.findMany({ where, orderBy, take, select: projectSelect });
  return toPage(rows, params);
}

/** One project by id, or a typed 404: another tenant's id is simply not here. */
export async function getProject(db: TenantTx, id: string) {
  const project = z.uuid().safeParse(id).success ? await db.project.findFirst({ where: { id }, select: projectSelect }) : null;
  if (!project) throw new TenancyError("not_found", "No such project.");
  return project;
}

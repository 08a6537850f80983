// Seeds the demo tenants and accounts described in the README. Idempotent: it adds what is
// missing and changes nothing that exists. It runs as the owner role, which bypasses row-level
// security; tenant rows still go in through tenant-bound transactions, so each takes its
// tenant_id from the binding as the app's rows do.
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import type { MembershipRole, ProjectStatus } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "@/lib/tenancy/db/prisma-client";
import { runInTenant } from "@/lib/tenancy/db/scoped-transaction";

export const DEMO_PASSWORD = "demo-password";

type DemoTenant = {
  slug: string;
  name: string;
  /** Acme has no limits (the benchmark writes thousands of rows into it); Globex shows Pro's. */
  plan: "pro" | "enterprise";
  domain: string;
  users: { email: string; name: string; role: MembershipRole }[];
  projects: { name: string; status: ProjectStatus }[];
  departments: string[];
  employees: number;
};

export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: "acme",
    name: "Acme Corp",
    plan: "enterprise",
    domain: "acme.test",
    users: [
      { email: "alice@acme.test", name: "Alice Anders", role: "owner" },
      { email: "mona@acme.test", name: "Mona Marsh", role: "member" },
      { email: "victor@acme.test", name: "Victor Vance", role: "viewer" },
    ],
    projects: [
      { name: "Rocket Skates", status: "active" },
      { name: "Giant Magnet", status: "planned" },
      { name: "Portable Hole", status: "on_hold" },
      { name: "Earthquake Pills", status: "completed" },
    ],
    departments: ["Engineering", "Design", "Sales", "Operations"],
    employees: 32,
  },
  {
    slug: "globex",
    name: "Globex Inc",
    plan: "pro",
    domain: "globex.test",
    users: [{ email: "gina@globex.test", name: "Gina Gould", role: "owner" }],
    projects: [
      { name: "Doomsday Device", status: "active" },
      { name: "Volcano Lair", status: "planned" },
      { name: "Hammock District", status: "completed" },
    ],
    departments: ["Research", "Marketing", "Finance"],
    employees: 27,
  },
];

const FIRST = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia", "Otto", "Pia"];
const LAST = ["Baker", "Chen", "Diaz", "Eze", "Fischer", "Gupta", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau"];
const TITLES = ["Engineer", "Senior Engineer", "Designer", "Analyst", "Manager", "Specialist"];

/** Deterministic people for a tenant: the same seed always yields the same rows. */
export function demoEmployees(t: DemoTenant) {
  return Array.from({ length: t.employees }, (_, i) => {
    const first = FIRST[(i * 7 + t.slug.length) % FIRST.length];
    const last = LAST[(i * 5 + t.slug.length * 3) % LAST.length];
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}.${i + 1}@${t.domain}`.toLowerCase(),
      title: TITLES[i % TITLES.length],
      department: t.departments[i % t.departments.length],
      projectIndex: i % (t.projects.length + 1), // every (n+1)th employee has no project
    };
  });
}

export async function seed(adminUrl: string, log = console.log) {
  const { prisma, end } = createPrismaClient(adminUrl, { poolSize: 2 });
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const t of DEMO_TENANTS) {
      const tenant = await prisma.tenant.upsert({
        where: { slug: t.slug },
        create: { slug: t.slug, name: t.name, plan: t.plan },
        update: {},
      });
      const users = await Promise.all(
        t.users.map((u) =>
          prisma.user.upsert({
            where: { email: u.email },
            create: { email: u.email, name: u.name, passwordHash },
            update: {},
          }),
        ),
      );
      await runInTenant(prisma, tenant.id, async (db) => {
        await db.membership.createMany({
          data: users.map((user, i) => ({ userId: user.id, role: t.users[i].role })),
          skipDuplicates: true,
        });
        await db.project.createMany({ data: t.projects, skipDuplicates: true });
        const projects = await db.project.findMany({ where: { name: { in: t.projects.map((p) => p.name) } } });
        const projectId = new Map(projects.map((p) => [p.name, p.id]));
        await db.employee.createMany({
          data: demoEmployees(t).map(({ projectIndex, ...e }) => ({
            ...e,
            projectId: projectIndex < t.projects.length ? projectId.get(t.projects[projectIndex].name) : null,
          })),
          skipDuplicates: true,
        });
      });
      log(`seeded ${t.slug} (${t.name})`);
    }
  } finally {
    await end();
  }
}

if (import.meta.filename === process.argv[1]) {
  const adminUrl = env().DATABASE_ADMIN_URL;
  if (!adminUrl) {
    console.error("Set DATABASE_ADMIN_URL (see README).");
    process.exit(1);
  }
  await seed(adminUrl);
}

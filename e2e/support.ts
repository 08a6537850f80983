import { expect, type Browser, type Page } from "@playwright/test";
import pg from "pg";

const port = Number(process.env.TENANTRY_TEST_PORT ?? 3100);

export const DEMO_PASSWORD = "demo-password";

// How long a live change may take to show on another page before a test calls it lost. A bound
// for correctness, not a speed target: on a busy 2-core machine a refresh can take seconds, and
// a test that passes only on an idle machine is a defect. How fast it is gets recorded (the
// "click to colleague's page" annotation) and belongs to the benchmark.
export const LIVE_TIMEOUT = 10_000;

/** The address of a tenant's workspace: its own subdomain of localhost. */
export function tenantUrl(slug: string, path = "/"): string {
  return `http://${slug}.localhost:${port}${path}`;
}

/** Signs in on a workspace's own host (in development, cookies do not span *.localhost). */
export async function signIn(page: Page, slug: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(tenantUrl(slug, "/sign-in"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAndWait(page: Page, slug: string, email: string) {
  await signIn(page, slug, email);
  await expect(page).toHaveURL(tenantUrl(slug, "/"));
}

/** Creates a workspace through the sign-up page and lands on its dashboard, signed in as its owner. */
export async function signUpWorkspace(page: Page, w: { company: string; slug: string; name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  const form = page.getByRole("form", { name: "Create a workspace" });
  await form.getByLabel("Company name").fill(w.company);
  await form.getByLabel("Workspace address").fill(w.slug);
  await form.getByLabel("Your name").fill(w.name);
  await form.getByLabel("Email").fill(w.email);
  await form.getByLabel("Password").fill(w.password);
  await form.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(tenantUrl(w.slug, "/"));
}

/** Opens the user menu (who is signed in, account, theme, sign out) at the top of a workspace page. */
export async function openUserMenu(page: Page) {
  await page.locator("[data-testid=user-menu] > summary").click();
}

/** One query as the database owner, for arranging and checking what the browser cannot see. */
export async function adminQuery<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A page in a browser context of its own, signed in to a workspace and on its dashboard. */
export async function signedInPage(browser: Browser, slug: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAndWait(page, slug, email);
  return page;
}

/** An address for every page of the build, in Acme (alice may see them all), keyed by its route. */
export async function everyPage(): Promise<Record<string, string>> {
  const [{ employee, project }] = await adminQuery<{ employee: string; project: string }>(
    `SELECT (SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme' LIMIT 1) AS employee,
            (SELECT p.id FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'acme' LIMIT 1) AS project`,
  );
  return {
    "/": tenantUrl("acme", "/"),
    "/employees/[id]": tenantUrl("acme", `/employees/${employee}`),
    "/employees/new": tenantUrl("acme", "/employees/new"),
    "/employees/import": tenantUrl("acme", "/employees/import"),
    "/projects/[id]": tenantUrl("acme", `/projects/${project}`),
    "/members": tenantUrl("acme", "/members"),
    "/settings": tenantUrl("acme", "/settings"),
    "/settings/audit": tenantUrl("acme", "/settings/audit"),
    "/settings/plan": tenantUrl("acme", "/settings/plan"),
    "/settings/api-keys": tenantUrl("acme", "/settings/api-keys"),
    "/invite/[token]": tenantUrl("acme", "/invite/not-a-token"),
    "/auth/handoff": tenantUrl("acme", "/auth/handoff?token=not-a-token"),
    "/sign-in": tenantUrl("acme", "/sign-in"),
    "/sign-up": "/sign-up",
    "/unknown-workspace": tenantUrl("no-such-company", "/"),
    "/account": tenantUrl("acme", "/account"),
    "/forgot-password": tenantUrl("acme", "/forgot-password"),
    "/reset-password/[token]": tenantUrl("acme", "/reset-password/not-a-token"),
  };
}

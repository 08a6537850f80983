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

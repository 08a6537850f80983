import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { LIVE_EVENT_TYPES } from "../lib/events/catalog";
import { LIVE_TIMEOUT, signInAndWait, tenantUrl } from "./support";

const stamp = Date.now().toString(36);

test.afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await admin.connect();
  await admin.query("DELETE FROM events WHERE payload->>'name' LIKE $1", [`Live ${stamp}%`]);
  await admin.query("DELETE FROM projects WHERE name LIKE $1", [`Live ${stamp}%`]);
  await admin.end();
});

async function dashboard(browser: Browser, slug: string, email: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAndWait(page, slug, email);
  await expect(page.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
  return page;
}

test("a change in one browser appears in another of the same tenant without a reload, and nowhere else", async ({ browser }) => {
  const alice = await dashboard(browser, "acme", "alice@acme.test");
  const victor = await dashboard(browser, "acme", "victor@acme.test");
  const gina = await dashboard(browser, "globex", "gina@globex.test");

  const name = `Live ${stamp} board`;
  await alice.bringToFront();
  await alice.getByPlaceholder("New project name").fill(name);
  const clicked = Date.now();
  await alice.getByRole("button", { name: "Add" }).click();

  await expect(victor.getByRole("list", { name: "Projects" }).getByText(name)).toBeVisible({ timeout: LIVE_TIMEOUT });
  test.info().annotations.push({ type: "click to colleague's page", description: `${Date.now() - clicked} ms` });
  // Other tests may write to acme at the same time: the notice names the latest change.
  await expect(victor.getByRole("status").filter({ hasText: "Alice Anders added project" })).toBeVisible();
  await expect(victor.getByTestId("live-updates")).not.toHaveAttribute("data-received", "0");

  await gina.waitForTimeout(1000);
  await expect(gina.getByTestId("live-updates")).toHaveAttribute("data-received", "0");
  await expect(gina.getByText(name)).toHaveCount(0);
  await Promise.all([alice, victor, gina].map((p) => p.context().close()));
});

test("a write through one app instance reaches a browser connected to another", async ({ browser }) => {
  // A second `next start` on the next port, sharing only Postgres with the first.
  const port = Number(process.env.TENANTRY_TEST_PORT ?? 3100) + 1;
  const root = path.join(import.meta.dirname, "..");
  const second = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], { cwd: root, stdio: "ignore", env: process.env });
  try {
    await expect.poll(() => fetch(`http://localhost:${port}/`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBeGreaterThan(0);
    const alice = await dashboard(browser, "acme", "alice@acme.test"); // on instance 1
    const victor = await (await browser.newContext()).newPage();
    const onSecond = (p: string) => tenantUrl("acme", p).replace(`:${port - 1}/`, `:${port}/`);
    await victor.goto(onSecond("/sign-in"));
    await victor.getByLabel("Email").fill("victor@acme.test");
    await victor.getByLabel("Password").fill("demo-password");
    await victor.getByRole("button", { name: "Sign in" }).click();
    await expect(victor).toHaveURL(onSecond("/"));
    await expect(victor.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");

    const name = `Live ${stamp} across instances`;
    await alice.getByPlaceholder("New project name").fill(name);
    await alice.getByRole("button", { name: "Add" }).click();
    // The event reaches instance 2's browser (its notice); the re-rendered list,
    // from an instance that has served one page so far, follows.
    await expect(victor.getByRole("status").filter({ hasText: `Alice Anders added project ${name}` })).toBeVisible({ timeout: LIVE_TIMEOUT });
    await expect(victor.getByRole("list", { name: "Projects" }).getByText(name)).toBeVisible();
    await Promise.all([alice, victor].map((p) => p.context().close()));
  } finally {
    second.kill("SIGTERM");
  }
});

test("the page listens to every live event type of the catalogue, and to nothing else", async ({ browser }) => {
  const context = await browser.newContext();
  // Record what the page's EventSource subscribes to.
  await context.addInitScript(() => {
    const subscribed: string[] = ((window as unknown as { subscribed: string[] }).subscribed = []);
    const add = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (this: EventSource, type: string, ...rest: unknown[]) {
      subscribed.push(type);
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof add;
  });
  const page = await context.newPage();
  await signInAndWait(page, "acme", "victor@acme.test");
  await expect(page.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
  const subscribed = await page.evaluate(() => (window as unknown as { subscribed: string[] }).subscribed);
  // The catalogue's live types, and the dashboard's figures (`summary`, sent after each batch).
  expect([...new Set(subscribed)].sort()).toEqual([...LIVE_EVENT_TYPES, "summary"].sort());
  await context.close();
});

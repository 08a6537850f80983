import { expect, test, type Browser } from "@playwright/test";
import { signInAndWait, tenantUrl } from "./support";

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, "acme", email);
  return { context, page };
}

test("a viewer sees no controls for what a viewer cannot do", async ({ browser }) => {
  const alice = await signedIn(browser, "alice@acme.test");
  const victor = await signedIn(browser, "victor@acme.test");
  await expect(alice.page.getByRole("form", { name: "New project" })).toBeVisible();
  await expect(alice.page.getByRole("link", { name: "API keys" })).toBeVisible();
  await expect(victor.page.getByRole("heading", { level: 1 })).toHaveText("Acme Corp");
  await expect(victor.page.getByRole("form", { name: "New project" })).toHaveCount(0);
  await expect(victor.page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  const settings = await victor.page.goto(tenantUrl("acme", "/settings/api-keys"));
  expect(settings?.status()).toBe(403);
  await Promise.all([alice.context.close(), victor.context.close()]);
});

test("a server action forged from a viewer's session is refused", async ({ browser }) => {
  const alice = await signedIn(browser, "alice@acme.test");
  const victor = await signedIn(browser, "victor@acme.test");
  const name = `Forged ${Date.now()}`;

  // Capture the exact request alice's form would send, without letting it reach the server.
  let captured: { headers: Record<string, string>; body: number[] } | undefined;
  await alice.page.route("**/*", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = { headers: req.headers(), body: [...(req.postDataBuffer() ?? Buffer.alloc(0))] };
      return route.abort();
    }
    return route.continue();
  });
  await alice.page.getByPlaceholder("New project name").fill(name);
  await alice.page.getByRole("button", { name: "Add" }).click();
  await expect.poll(() => captured).toBeTruthy();

  // Replay it, byte for byte, with victor's session cookie.
  const status = await victor.page.evaluate(async ({ headers, body }) => {
    const res = await fetch("/", {
      method: "POST",
      headers: { "next-action": headers["next-action"], "content-type": headers["content-type"], accept: "text/x-component" },
      body: new Uint8Array(body),
    });
    return res.status;
  }, captured!);
  expect(status).toBeLessThan(500);

  await alice.page.unrouteAll();
  await alice.page.reload();
  await expect(alice.page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(alice.page.getByText(name)).toHaveCount(0);
  await Promise.all([alice.context.close(), victor.context.close()]);
});

test("a member adds a project; a bad name is explained and the input kept", async ({ page }) => {
  await signInAndWait(page, "acme", "alice@acme.test");
  const form = page.getByRole("form", { name: "New project" });
  await form.getByPlaceholder("New project name").fill("Rocket Skates"); // taken
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByRole("alert")).toHaveText("A project with this name already exists.");
  await expect(form.getByPlaceholder("New project name")).toHaveValue("Rocket Skates");
  const name = `Anvil ${Date.now()}`;
  await form.getByPlaceholder("New project name").fill(name);
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added ${name}.`);
  await expect(page.getByRole("list").getByText(name)).toBeVisible();
});

test("an admin creates an API key, it works once shown, and stops when revoked", async ({ page }) => {
  await signInAndWait(page, "acme", "alice@acme.test");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/settings/api-keys"));
  await page.waitForLoadState("networkidle"); // typing into a page still being swapped in is lost
  const name = `CI key ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await expect(page.getByLabel("Name")).toHaveValue(name);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^tnt_/);

  const call = () =>
    page.evaluate(async (k) => {
      const res = await fetch("/api/employees?limit=1", { credentials: "omit", headers: { authorization: `Bearer ${k}` } });
      return res.status;
    }, key);
  expect(await call()).toBe(200);

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0); // shown once
  // Revoking asks first: dismissing the question revokes nothing.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  expect(await call()).toBe(200);
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(`Revoke ${name}?`);
    void dialog.accept();
  });
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("revoked");
  expect(await call()).toBe(401);
});

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { adminQuery, everyPage, openUserMenu, signedInPage, signUpWorkspace, tenantUrl } from "./support";

// The frame around every workspace page: the user menu, the theme it remembers, the phone menu,
// tap targets a thumb can hit, and moving the workspace to a new address.

test("the user menu says who is signed in and as what, links to the account, and closes on Escape", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "mona@acme.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("Mona Marsh");
  const menu = page.getByTestId("user-menu");
  await expect(menu.getByRole("link", { name: "Account" })).toBeHidden();
  await openUserMenu(page);
  await expect(menu.getByText("mona@acme.test")).toBeVisible();
  await expect(menu.getByTestId("role")).toHaveText("member");
  await page.keyboard.press("Escape");
  await expect(menu.getByRole("link", { name: "Account" })).toBeHidden();
  await openUserMenu(page);
  await menu.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
  await page.context().close();
});

test("the theme is chosen in the user menu, remembered across pages and visits, and System follows the device", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "victor@acme.test");
  await page.emulateMedia({ colorScheme: "light" });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await openUserMenu(page);
  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");
  const dark = await background();
  expect(dark).not.toBe(light);
  // Another page, a new visit: still dark, though the device is in light mode.
  await page.goto(tenantUrl("acme", "/settings"));
  expect(await background()).toBe(dark);
  // System follows the device.
  await openUserMenu(page);
  await page.getByRole("button", { name: "System" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await background()).toBe(dark);
  await page.context().close();
});

test("a slow navigation shows at once on the link that was followed, and stops when the page arrives", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  // The next page's server render takes 1.5 s.
  await page.route("**/members**", async (route) => {
    if (route.request().headers()["rsc"]) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const link = page.getByRole("navigation", { name: "Workspace", exact: true }).getByRole("link", { name: "Members" });
  await link.click();
  await expect(link.locator("[data-pending]")).toBeAttached({ timeout: 1000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
  await expect(page.locator("[data-pending]")).toHaveCount(0);
  await page.context().close();
});

test("on a phone the links fold into a Menu that marks the current page", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(page.getByRole("navigation", { name: "Workspace", exact: true })).toBeHidden();
  await page.locator("[data-testid=phone-menu] > summary").click();
  const menu = page.getByRole("navigation", { name: "Workspace menu" });
  await expect(menu.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await menu.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
  await expect(menu).toBeHidden(); // following a link closes the menu
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.context().close();
});

test("on a phone every page's controls are at least 24 by 24 pixels, or far enough apart (axe target-size)", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.setViewportSize({ width: 375, height: 800 });
  const found: string[] = [];
  for (const [name, address] of Object.entries(await everyPage())) {
    await page.goto(address);
    await page.waitForLoadState("load");
    const { violations } = await new AxeBuilder({ page }).withRules(["target-size"]).analyze();
    for (const v of violations) found.push(`${name}: ${v.nodes.length} × ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ")}`);
  }
  expect(found).toEqual([]);
  await page.context().close();
});

test("an owner moves the workspace to a new address: the browser follows, signed in, and the old address leads there", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const [from, to, email] = [`shell-${stamp}`, `shell-${stamp}-new`, `olga@shell-${stamp}.test`];
  try {
    await signUpWorkspace(page, { company: "Shell Ltd", slug: from, name: "Olga Owner", email, password: "shell-password-1" });

    await page.goto(tenantUrl(from, "/settings"));
    const form = page.getByRole("form", { name: "Change the workspace's address" });
    await form.getByLabel("Workspace address").fill("Not valid!");
    await form.getByRole("button", { name: "Change address" }).click();
    await expect(form.getByText("3–40 lowercase letters")).toBeVisible();
    await form.getByLabel("Workspace address").fill(to);
    await form.getByRole("button", { name: "Change address" }).click();
    await expect(page).toHaveURL(tenantUrl(to, "/"));
    await expect(page.getByTestId("signed-in-as")).toHaveText("Olga Owner");
    // A bookmark of the old address: the same page at the new one.
    await page.goto(tenantUrl(from, "/settings?from=bookmark"));
    await expect(page).toHaveURL(tenantUrl(to, "/settings?from=bookmark"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  } finally {
    await adminQuery("DELETE FROM users WHERE email = $1", [email]);
    await adminQuery("DELETE FROM tenants WHERE slug = ANY($1)", [[from, to]]);
  }
});

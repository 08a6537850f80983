import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { builtPages } from "../tests/support/surface";
import { everyPage, signedInPage, tenantUrl } from "./support";

// Every page of the build, signed in as an owner (who sees every control), in light and dark mode,
// no serious or critical axe-core violation (WCAG 2.1 A and AA).

for (const colorScheme of ["light", "dark"] as const) {
  test(`every page has no serious or critical accessibility violation (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    const addresses = await everyPage();
    expect(builtPages().filter((p) => !(p in addresses))).toEqual([]);
    const page = await signedInPage(browser, "acme", "alice@acme.test");
    await page.emulateMedia({ colorScheme });
    const found: string[] = [];
    for (const [name, address] of Object.entries(addresses)) {
      await page.goto(address);
      await page.waitForLoadState("load");
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(`${name}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
    expect(found).toEqual([]);
    await page.context().close();
  });
}

test("the first Tab reaches a skip link to the content; the workspace nav and the breadcrumb mark the page it is on", async ({ browser }) => {
  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.goto(tenantUrl("acme", "/members"));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  const nav = page.getByRole("navigation", { name: "Workspace" });
  await expect(nav.getByRole("link", { name: "Members" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Settings" })).not.toHaveAttribute("aria-current", /.*/);
  // The breadcrumb: the workspace's dashboard, then where you are.
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs.getByRole("listitem")).toHaveText(["Acme Corp", "›Members"]);
  await expect(crumbs.getByText("Members")).toHaveAttribute("aria-current", "page");
  await page.goto(tenantUrl("acme", "/settings/api-keys"));
  await expect(crumbs.getByRole("listitem")).toHaveText(["Acme Corp", "›Settings", "›API keys"]);
  await crumbs.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/settings"));
  await page.context().close();
});

// Every page runs under the nonce Content-Security-Policy without a single violation: Next's own
// scripts carry the nonce, nothing inline or foreign is needed. The pages are enumerated from the
// build, so a new page is checked without anyone adding it here.
import { expect, test } from "@playwright/test";
import { builtPages } from "../tests/support/surface";
import { everyPage, signedInPage, tenantUrl } from "./support";

type Violation = { directive: string; blocked: string; source: string };

test("no page reports a CSP violation, signed in or not", async ({ browser }) => {
  const ADDRESSES = await everyPage();
  expect(builtPages().filter((p) => !(p in ADDRESSES))).toEqual([]);

  const page = await signedInPage(browser, "acme", "alice@acme.test");
  await page.context().addInitScript(() => {
    const seen: Violation[] = ((window as unknown as { violations: Violation[] }).violations = []);
    document.addEventListener("securitypolicyviolation", (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile }));
  });
  const console: string[] = [];
  page.on("console", (m) => m.type() === "error" && /Content Security Policy/i.test(m.text()) && console.push(m.text()));
  for (const [name, address] of Object.entries(ADDRESSES)) {
    await page.goto(address);
    await page.waitForLoadState("load");
    // A workspace page has hydrated (its scripts ran) once its live stream is connected.
    if (address.startsWith(tenantUrl("acme", "")) && !/sign-in|invite|handoff|account|password/.test(address)) {
      await expect(page.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
    }
    const violations = await page.evaluate(() => (window as unknown as { violations?: Violation[] }).violations ?? []);
    expect(violations, name).toEqual([]);
  }
  expect(console).toEqual([]);
  await page.context().close();
});

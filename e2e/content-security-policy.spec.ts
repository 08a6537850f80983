// Every page runs under the nonce Content-Security-Policy without a single violation: Next's own
// scripts carry the nonce, nothing inline or foreign is needed. The pages are enumerated from the
// build, so a new page is checked without anyone adding it here.
import { expect, test } from "@playwright/test";
import { builtPages } from "../tests/support/surface";
import { adminQuery, signedInPage, tenantUrl } from "./support";

type Violation = { directive: string; blocked: string; source: string };

test("no page reports a CSP violation, signed in or not", async ({ browser }) => {
  const [{ employee, project }] = await adminQuery<{ employee: string; project: string }>(
    `SELECT (SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme' LIMIT 1) AS employee,
            (SELECT p.id FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'acme' LIMIT 1) AS project`,
  );
  const ADDRESSES: Record<string, string> = {
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

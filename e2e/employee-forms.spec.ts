import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { adminQuery, signedInPage, tenantUrl } from "./support";

const stamp = `f${Date.now().toString(36)}`;

test.afterAll(async () => {
  await adminQuery("DELETE FROM events WHERE payload->>'name' LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM employees WHERE name LIKE $1", [`${stamp}%`]);
});

const signedIn = (browser: Browser, email: string) => signedInPage(browser, "acme", email);

const employeeCount = async () => (await adminQuery<{ n: number }>("SELECT count(*)::int AS n FROM employees"))[0].n;

/** Lets a test send what the browser's own checks would stop: the server must refuse it itself. */
async function unguarded(form: Locator) {
  await form.evaluate((f: HTMLFormElement) => {
    f.noValidate = true;
    for (const el of f.querySelectorAll("[maxlength]")) el.removeAttribute("maxlength");
  });
}

async function fillEmployee(page: Page, values: Partial<Record<"Name" | "Email" | "Title" | "Department", string>>) {
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
}

test("a member adds and edits an employee through forms; a viewer gets no forms", async ({ browser }) => {
  const mona = await signedIn(browser, "mona@acme.test");
  await mona.getByRole("link", { name: "Add employee" }).click();
  await expect(mona.getByRole("heading", { name: "Add an employee" })).toBeVisible();
  const name = `${stamp} Nora Quinn`;
  await fillEmployee(mona, { Name: `  ${name}  `, Email: `NORA.${stamp}@acme.test`, Title: "Engineer", Department: "Engineering" });
  await mona.getByLabel("Project").selectOption({ label: "Rocket Skates" });
  await mona.getByRole("button", { name: "Add employee" }).click();

  await expect(mona).toHaveURL(/\/employees\/[0-9a-f-]{36}\?added=1$/);
  await expect(mona.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(mona.getByText(`nora.${stamp.toLowerCase()}@acme.test`).first()).toBeVisible();
  await expect(mona.getByRole("button", { name: /^Remove/ })).toHaveCount(0); // members may not remove

  const edit = mona.getByRole("form", { name: `Edit ${name}` });
  await edit.getByLabel("Title").fill("Staff Engineer");
  await edit.getByLabel("Project").selectOption({ label: "No project" });
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toHaveText(`Saved ${name}.`);
  await expect(mona.locator("dd").filter({ hasText: "Staff Engineer" })).toBeVisible();
  await expect(mona.locator("dd").filter({ hasText: "No project" })).toBeVisible();
  // The history reads as people say it: each field by its label, old → new, the project by name
  // (the separate "project changed" event says the same again and is left out).
  const history = mona.getByRole("region", { name: "History" });
  await expect(history.getByTestId("history-entry")).toHaveCount(2);
  await expect(history.getByTestId("history-entry").first()).toContainText("Changed · Mona Marsh");
  await expect(history.getByTestId("history-change")).toHaveText(["Title: Engineer → Staff Engineer", "Project: Rocket Skates → no project"]);

  const [{ id }] = await adminQuery<{ id: string }>("SELECT id FROM employees WHERE name = $1", [name]);
  const types = await adminQuery<{ type: string }>("SELECT type FROM events WHERE payload->>'id' = $1 ORDER BY id", [id]);
  expect(types.map((t) => t.type)).toEqual(["employee.created", "employee.updated", "assignment.changed"]);

  const victor = await signedIn(browser, "victor@acme.test");
  await victor.goto(tenantUrl("acme", `/employees/${id}`));
  await expect(victor.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(victor.getByRole("form")).toHaveCount(0);
  await expect(victor.getByRole("link", { name: "Add employee" })).toHaveCount(0);
  expect((await victor.goto(tenantUrl("acme", "/employees/new")))?.status()).toBe(403);
  await Promise.all([mona, victor].map((p) => p.context().close()));
});

test("a refused form names each field's reason, keeps what was typed, and writes nothing", async ({ browser }) => {
  const alice = await signedIn(browser, "alice@acme.test");
  const [globex] = await adminQuery<{ project: string; employee: string }>(`
    SELECT (SELECT p.id FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'globex' LIMIT 1) AS project,
           (SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'globex' LIMIT 1) AS employee`);
  const name = `${stamp} Refused`;
  const cases: { label: string; values: Parameters<typeof fillEmployee>[1]; tamper?: (form: Locator) => Promise<void>; field: string; reason: string }[] = [
    { label: "empty name", values: { Name: "", Email: `e.${stamp}@acme.test` }, field: "name", reason: "Enter a name." },
    { label: "name too long", values: { Name: "x".repeat(121), Email: `l.${stamp}@acme.test` }, field: "name", reason: "At most 120 characters." },
    { label: "bad email", values: { Name: name, Email: "not-an-email" }, field: "email", reason: "Enter a valid email address." },
    { label: "email taken", values: { Name: name, Email: "ada.fischer.21@acme.test" }, field: "email", reason: "Someone here already has this email." },
    {
      label: "another tenant's project",
      values: { Name: name, Email: `p.${stamp}@acme.test` },
      tamper: (form) => form.locator("select[name=projectId]").evaluate((s: HTMLSelectElement, id) => { s.add(new Option("forged", id)); s.value = id; }, globex.project),
      field: "projectId",
      reason: "No such project.",
    },
    {
      label: "not a project id",
      values: { Name: name, Email: `q.${stamp}@acme.test` },
      tamper: (form) => form.locator("select[name=projectId]").evaluate((s: HTMLSelectElement) => { s.add(new Option("forged", "nope")); s.value = "nope"; }),
      field: "projectId",
      reason: "Not a project id.",
    },
  ];
  await alice.goto(tenantUrl("acme", "/employees/new"));
  const form = alice.getByRole("form", { name: "Add an employee" });
  for (const c of cases) {
    await test.step(c.label, async () => {
      const before = await employeeCount();
      await unguarded(form);
      await fillEmployee(alice, c.values);
      await c.tamper?.(form);
      await form.getByRole("button", { name: "Add employee" }).click();
      const error = form.locator(`[data-field-error="${c.field}"]`);
      await expect(error).toHaveText(c.reason);
      await expect(form.locator(`[name="${c.field}"]`)).toHaveAttribute("aria-invalid", "true");
      await expect(form.getByLabel("Name", { exact: true })).toHaveValue(c.values.Name!); // the input is kept
      await expect(form.getByLabel("Email", { exact: true })).toHaveValue(c.values.Email!);
      expect(await employeeCount()).toBe(before);
    });
  }

  await test.step("a forged extra field", async () => {
    const before = await employeeCount();
    await fillEmployee(alice, { Name: name, Email: `u.${stamp}@acme.test` });
    await form.getByLabel("Project").selectOption({ label: "No project" });
    await form.evaluate((f: HTMLFormElement) => f.append(Object.assign(document.createElement("input"), { type: "hidden", name: "tenantId", value: "x" })));
    await form.getByRole("button", { name: "Add employee" }).click();
    await expect(form.getByRole("alert")).toHaveText("tenantId: Unknown field.");
    expect(await employeeCount()).toBe(before);
  });

  await test.step("editing another tenant's employee by a forged id", async () => {
    const [{ id }] = await adminQuery<{ id: string }>("SELECT e.id FROM employees e JOIN tenants t ON t.id = e.tenant_id WHERE t.slug = 'acme' ORDER BY e.name LIMIT 1");
    await alice.goto(tenantUrl("acme", `/employees/${id}`));
    const edit = alice.getByRole("form", { name: /^Edit / });
    await edit.getByLabel("Title").fill(`Stolen ${stamp}`);
    // Forged last: typing re-renders the form, which puts its own id back.
    await edit.locator("input[name=id]").evaluate((i: HTMLInputElement, forged) => (i.value = forged), globex.employee);
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByRole("alert")).toHaveText("No such employee.");
    const [row] = await adminQuery<{ title: string }>("SELECT title FROM employees WHERE id = $1", [globex.employee]);
    expect(row.title).not.toBe(`Stolen ${stamp}`);
  });

  await test.step("another tenant's employee page is not found", async () => {
    expect((await alice.goto(tenantUrl("acme", `/employees/${globex.employee}`)))?.status()).toBe(404);
    expect((await alice.goto(tenantUrl("acme", `/projects/${globex.project}`)))?.status()).toBe(404);
  });
  await alice.context().close();
});

test("an admin removes an employee after confirming; cancelling removes nothing", async ({ browser }) => {
  const alice = await signedIn(browser, "alice@acme.test");
  const name = `${stamp} Leaving`;
  const [{ id }] = await adminQuery<{ id: string }>(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT id, $1, $2, '', '' FROM tenants WHERE slug = 'acme' RETURNING id",
    [name, `leaving.${stamp}@acme.test`],
  );
  await alice.goto(tenantUrl("acme", `/employees/${id}`));
  alice.once("dialog", (d) => d.dismiss());
  await alice.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(alice.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(await adminQuery("SELECT 1 FROM employees WHERE id = $1", [id])).toHaveLength(1);

  alice.once("dialog", (d) => d.accept());
  await alice.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(alice).toHaveURL(tenantUrl("acme", "/"));
  expect(await adminQuery("SELECT 1 FROM employees WHERE id = $1", [id])).toHaveLength(0);
  expect(await adminQuery("SELECT 1 FROM events WHERE type = 'employee.removed' AND payload->>'id' = $1", [id])).toHaveLength(1);
  await alice.context().close();
});

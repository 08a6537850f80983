import { expect, test, type Browser } from "@playwright/test";
import { adminQuery, LIVE_TIMEOUT, signedInPage, tenantUrl } from "./support";

const stamp = `p${Date.now().toString(36)}`;

test.afterAll(async () => {
  await adminQuery("DELETE FROM events WHERE payload->>'name' LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM employees WHERE name LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM projects WHERE name LIKE $1", [`${stamp}%`]);
});

const signedIn = (browser: Browser, email: string) => signedInPage(browser, "acme", email);

test("a project is edited, staffed, unstaffed and archived from its page, and colleagues see it live", async ({ browser }) => {
  const [{ project }] = await adminQuery<{ project: string }>(
    "INSERT INTO projects (tenant_id, name, status) SELECT id, $1, 'planned' FROM tenants WHERE slug = 'acme' RETURNING id AS project",
    [`${stamp} Tunnel`],
  );
  const [{ employee }] = await adminQuery<{ employee: string }>(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT id, $1, $2, 'Digger', 'Operations' FROM tenants WHERE slug = 'acme' RETURNING id AS employee",
    [`${stamp} Wile`, `wile.${stamp}@acme.test`],
  );
  const alice = await signedIn(browser, "alice@acme.test");
  const mona = await signedIn(browser, "mona@acme.test");
  await Promise.all([alice, mona].map((p) => p.goto(tenantUrl("acme", `/projects/${project}`))));
  await expect(mona.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
  await expect(mona.getByRole("button", { name: /^Archive/ })).toHaveCount(0); // members may not archive

  const edit = alice.getByRole("form", { name: /^Edit / }); // its name follows the project's
  await edit.getByLabel("Name").fill(`${stamp} Painted Tunnel`);
  await edit.getByLabel("Status").selectOption({ label: "Active" });
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toHaveText(`Saved ${stamp} Painted Tunnel.`);
  // Mona's page follows without a reload.
  await expect(mona.getByRole("heading", { level: 1 })).toHaveText(`${stamp} Painted Tunnel`, { timeout: LIVE_TIMEOUT });
  await expect(mona.getByTestId("project-status")).toHaveText("Active");

  await alice.getByLabel("Employee without a project").selectOption({ label: `${stamp} Wile` });
  await alice.getByRole("button", { name: "Assign" }).click();
  await expect(alice.getByTestId("project-member")).toHaveCount(1);
  await expect(mona.getByTestId("project-member").getByText(`${stamp} Wile`)).toBeVisible({ timeout: LIVE_TIMEOUT });
  expect((await adminQuery("SELECT project_id FROM employees WHERE id = $1", [employee]))[0].project_id).toBe(project);

  await alice.getByRole("button", { name: `Unassign ${stamp} Wile` }).click();
  await expect(alice.getByTestId("project-member")).toHaveCount(0);
  await expect(alice.getByText("No one is on this project yet.")).toBeVisible();

  alice.once("dialog", (d) => d.accept());
  await alice.getByRole("button", { name: `Archive ${stamp} Painted Tunnel` }).click();
  await expect(alice.getByTestId("project-status")).toHaveText("Archived");
  await expect(alice.getByRole("form", { name: "Assign someone" })).toHaveCount(0);
  await expect(mona.getByTestId("project-status")).toHaveText("Archived", { timeout: LIVE_TIMEOUT });

  const types = await adminQuery<{ type: string }>("SELECT type FROM events WHERE payload->>'id' IN ($1, $2) ORDER BY id", [project, employee]);
  expect(types.map((t) => t.type)).toEqual([
    "project.updated",
    "employee.updated", "assignment.changed",
    "employee.updated", "assignment.changed",
    "project.archived",
  ]);
  await alice.goto(tenantUrl("acme", "/"));
  await alice.getByText("Archived (").click();
  await expect(alice.getByRole("link", { name: `${stamp} Painted Tunnel` })).toBeVisible();
  await Promise.all([alice, mona].map((p) => p.context().close()));
});

test("a refused project form keeps its input; another tenant's project cannot be edited by a forged id", async ({ browser }) => {
  const [{ project }] = await adminQuery<{ project: string }>(
    "INSERT INTO projects (tenant_id, name) SELECT id, $1 FROM tenants WHERE slug = 'acme' RETURNING id AS project",
    [`${stamp} Guarded`],
  );
  const [globex] = await adminQuery<{ id: string; name: string }>("SELECT p.id, p.name FROM projects p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'globex' LIMIT 1");
  const alice = await signedIn(browser, "alice@acme.test");
  await alice.goto(tenantUrl("acme", `/projects/${project}`));
  const form = alice.getByRole("form", { name: `Edit ${stamp} Guarded` });
  const projects = async () => (await adminQuery("SELECT md5(string_agg(name || status, ',' ORDER BY id)) AS h FROM projects"))[0].h;
  const before = await projects();

  await form.evaluate((f: HTMLFormElement) => { f.noValidate = true; });
  await form.getByLabel("Name").fill("  ");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.locator('[data-field-error="name"]')).toHaveText("Give the project a name.");

  await form.getByLabel("Name").fill("Rocket Skates");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.locator('[data-field-error="name"]')).toHaveText("A project with this name already exists.");
  await expect(form.getByLabel("Name")).toHaveValue("Rocket Skates");

  await form.getByLabel("Name").fill(`${stamp} Fine`);
  await form.locator("select[name=status]").evaluate((s: HTMLSelectElement) => { s.add(new Option("Done", "done")); s.value = "done"; });
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.locator('[data-field-error="status"]')).toHaveText("One of: planned, active, on_hold, completed, archived.");
  await expect(form.getByLabel("Name")).toHaveValue(`${stamp} Fine`);

  await form.locator("select[name=status]").selectOption("active");
  await form.locator("input[name=id]").evaluate((i: HTMLInputElement, id) => (i.value = id), globex.id);
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("alert")).toHaveText("No such project.");
  expect(await projects()).toBe(before);
  await alice.context().close();
});

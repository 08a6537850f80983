import { expect, test } from "@playwright/test";
import { adminQuery, signedInPage, tenantUrl } from "./support";

// Defect 1 of issue #14: a form must never send back a value the person did not touch, and must
// not silently overwrite a change someone else made while it was open.

const stamp = `r${Date.now().toString(36)}`;

test.afterAll(async () => {
  await adminQuery("DELETE FROM events WHERE payload->>'name' LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM employees WHERE name LIKE $1", [`${stamp}%`]);
  await adminQuery("DELETE FROM projects WHERE name LIKE $1", [`${stamp}%`]);
});

test("archiving a project, then saving its edit form, keeps it archived", async ({ browser }) => {
  const [{ project }] = await adminQuery<{ project: string }>(
    "INSERT INTO projects (tenant_id, name, status) SELECT id, $1, 'active' FROM tenants WHERE slug = 'acme' RETURNING id AS project",
    [`${stamp} Quarry`],
  );
  const alice = await signedInPage(browser, "acme", "alice@acme.test");
  await alice.goto(tenantUrl("acme", `/projects/${project}`));
  alice.once("dialog", (dialog) => void dialog.accept());
  await alice.getByRole("button", { name: `Archive ${stamp} Quarry` }).click();
  await expect(alice.getByTestId("project-status")).toHaveText("Archived");
  const edit = alice.getByRole("form", { name: /^Edit / });
  await expect(edit.getByLabel("Status")).toHaveValue("archived"); // the untouched form follows
  await edit.getByLabel("Name").fill(`${stamp} Old Quarry`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toHaveText(`Saved ${stamp} Old Quarry.`);
  const [row] = await adminQuery<{ status: string }>("SELECT status::text FROM projects WHERE id = $1", [project]);
  expect(row.status).toBe("archived");
  const changes = await adminQuery<{ changed: string[] }>("SELECT payload->'changed' AS changed FROM events WHERE type = 'project.updated' AND subject_id = $1", [project]);
  expect(changes).toEqual([{ changed: ["name"] }]);
  await alice.context().close();
});

test("an edit made while someone else saved the same employee is refused, keeps what was typed, and saves on review", async ({ browser }) => {
  const [{ employee }] = await adminQuery<{ employee: string }>(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT id, $1, $2, 'Clerk', 'Operations' FROM tenants WHERE slug = 'acme' RETURNING id AS employee",
    [`${stamp} Bea`, `bea.${stamp}@acme.test`],
  );
  const [alice, mona] = [await signedInPage(browser, "acme", "alice@acme.test"), await signedInPage(browser, "acme", "mona@acme.test")];
  await Promise.all([alice, mona].map((p) => p.goto(tenantUrl("acme", `/employees/${employee}`))));
  const aliceForm = alice.getByRole("form", { name: /^Edit / });
  const monaForm = mona.getByRole("form", { name: /^Edit / });
  // Alice starts typing; meanwhile Mona changes the title and the department, and saves.
  await aliceForm.getByLabel("Title").fill("Senior Clerk");
  await monaForm.getByLabel("Title").fill("Head Clerk");
  await monaForm.getByLabel("Department").fill("Finance");
  await monaForm.getByRole("button", { name: "Save changes" }).click();
  await expect(monaForm.getByRole("status")).toHaveText(`Saved ${stamp} Bea.`);

  await aliceForm.getByRole("button", { name: "Save changes" }).click();
  await expect(aliceForm.getByRole("alert")).toContainText("Someone else changed this since you opened it");
  await expect(aliceForm.getByLabel("Title")).toHaveValue("Senior Clerk"); // what Alice typed stays
  await expect(aliceForm.getByLabel("Department")).toHaveValue("Finance"); // what she did not touch shows Mona's
  let [row] = await adminQuery<{ title: string; department: string }>("SELECT title, department FROM employees WHERE id = $1", [employee]);
  expect(row).toEqual({ title: "Head Clerk", department: "Finance" });

  await aliceForm.getByRole("button", { name: "Save changes" }).click();
  await expect(aliceForm.getByRole("status")).toHaveText(`Saved ${stamp} Bea.`);
  [row] = await adminQuery<{ title: string; department: string }>("SELECT title, department FROM employees WHERE id = $1", [employee]);
  expect(row).toEqual({ title: "Senior Clerk", department: "Finance" });
  await Promise.all([alice.context().close(), mona.context().close()]);
});

test("a record removed elsewhere while its page is open says so, by whom, and keeps what was typed", async ({ browser }) => {
  const [{ employee }] = await adminQuery<{ employee: string }>(
    "INSERT INTO employees (tenant_id, name, email, title, department) SELECT id, $1, $2, 'Clerk', 'Operations' FROM tenants WHERE slug = 'acme' RETURNING id AS employee",
    [`${stamp} Cal`, `cal.${stamp}@acme.test`],
  );
  const [editing, removing] = [await signedInPage(browser, "acme", "alice@acme.test"), await signedInPage(browser, "acme", "alice@acme.test")];
  await Promise.all([editing, removing].map((p) => p.goto(tenantUrl("acme", `/employees/${employee}`))));
  await expect(editing.getByTestId("live-updates")).toHaveAttribute("data-connected", "true");
  const form = editing.getByRole("form", { name: /^Edit / });
  await form.getByLabel("Title").fill("A title I spent time on");
  removing.once("dialog", (dialog) => void dialog.accept());
  await removing.getByRole("button", { name: `Remove ${stamp} Cal` }).click();
  await expect(removing).toHaveURL(tenantUrl("acme", "/"));
  await expect(editing.getByTestId("record-removed")).toContainText(`Alice Anders removed ${stamp} Cal`, { timeout: 10_000 });
  await editing.waitForTimeout(1500); // a refresh would have come by now
  await expect(form.getByLabel("Title")).toHaveValue("A title I spent time on");
  await Promise.all([editing.context().close(), removing.context().close()]);
});

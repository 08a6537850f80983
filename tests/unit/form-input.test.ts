// What a server action's form becomes before the shared write path validates it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formInput } from "@/lib/validation";

test("every field the form sent, without Next's own, so forged extras reach the strict schema", () => {
  const form = new FormData();
  form.append("$ACTION_ID_abc", "");
  form.append("name", " Ann ");
  form.append("tenantId", "forged");
  assert.deepEqual(formInput(form), { name: " Ann ", tenantId: "forged" });
});

test("omit drops the fields the action reads itself; an empty choice can mean null", () => {
  const form = new FormData();
  form.append("id", "123");
  form.append("projectId", "");
  form.append("title", "");
  assert.deepEqual(formInput(form, { omit: ["id"], emptyAsNull: ["projectId"] }), { projectId: null, title: "" });
});

test("a file stays a file, for the schema to refuse as the wrong type", () => {
  const form = new FormData();
  form.append("name", new Blob(["x"]), "x.txt");
  assert.ok(formInput(form).name instanceof File);
});

// The catalogue of `tenantry check`: ids unique, each proven by a break, each in the README's table.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { BREAKS } from "../../scripts/tenantry/check/breaks";
import { CHECKS } from "../../scripts/tenantry/check/catalogue";

test("check ids are unique, at least 30, and every check has a break that must make it fail", () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.length >= 30);
  assert.deepEqual(ids.filter((id) => !BREAKS.some((b) => b.mustFail.includes(id))), []);
  assert.deepEqual(BREAKS.flatMap((b) => b.mustFail).filter((id) => !ids.includes(id)), [], "a break names a check that does not exist");
});

test("the README's table lists every check, with its title, and nothing else", async () => {
  const readme = await readFile(path.join(import.meta.dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("| check | passes when |")).split("\n\n")[0];
  const rows = [...table.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map((m) => ({ id: m[1], title: m[2] }));
  assert.deepEqual(rows, CHECKS.map((c) => ({ id: c.id, title: c.title })));
});

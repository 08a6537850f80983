// The dashboard's list settings come from the address, which people edit and bookmark (defect 8
// of #14: a bad one fell back silently): a setting the list cannot use is left out and the page
// says which and why, keeps what was typed in the search box, and applies the settings that are good.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { request } from "../support/http";
import { sessionCookie } from "../support/session";

let cookie: string;
before(async () => {
  cookie = await sessionCookie("acme.localhost", "alice@acme.test");
});

const dashboard = (query: string) => request("acme.localhost", `/${query}`, { headers: { cookie } });
const alertOf = (html: string) => html.match(/<div role="alert"[^>]*>([\s\S]*?)<\/div>/)?.[1].replace(/<[^>]+>/g, " ").replace(/&#x27;|&apos;/g, "'").replace(/\s+/g, " ").trim() ?? null;

test("a bad sort, an over-long search, a made-up cursor and an unknown parameter are each named, with the reason", async () => {
  const long = "x".repeat(500);
  const cases: [string, RegExp][] = [
    ["?sort=bogus", /sort: One of: name, -name/],
    [`?q=${long}`, /q: At most 100 characters\./],
    ["?after=garbage", /after: not a page of this list/],
    ["?colour=blue", /colour: not a setting of this list/],
  ];
  for (const [query, reason] of cases) {
    const res = await dashboard(query);
    assert.equal(res.status, 200, query);
    const alert = alertOf(res.body);
    assert.ok(alert, `${query}: the page says something was left out`);
    assert.match(alert!, reason, query);
  }
  // What was typed stays in the box.
  const box = (await dashboard(`?q=${long}`)).body.match(/<input[^>]*name="q"[^>]*>/)?.[0] ?? "";
  assert.ok(box.includes(`value="${long}"`), "the search box keeps what was typed");
});

test("good settings are applied alongside a bad one, and a good query shows no warning", async () => {
  const mixed = await dashboard("?q=Alice&sort=bogus");
  assert.match(alertOf(mixed.body)!, /sort:/);
  assert.doesNotMatch(alertOf(mixed.body)!, /q:/);
  assert.equal(alertOf((await dashboard("?q=Alice&sort=-name")).body), null);
});

test("the list says how many employees there are, and how many the filters match", async () => {
  const count = (html: string) => html.match(/data-testid="employee-count"[^>]*>([^<]*)</)?.[1];
  const all = count((await dashboard("")).body) ?? "";
  const total = Number(all.match(/^(\d+) in all$/)?.[1]);
  assert.ok(total > 25, `more than one page: ${all}`);
  const filtered = count((await dashboard("?q=alice")).body) ?? "";
  assert.match(filtered, new RegExp(`^\\d+ of ${total} match$`));
  assert.equal(count((await dashboard("?q=nobody-has-this-name")).body), `0 of ${total} match`);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHost, requestHost } from "@/lib/tenancy/request/host";

test("a subdomain of the root domain names a tenant", () => {
  assert.deepEqual(parseHost("acme.localhost:3000", "localhost"), { kind: "subdomain", slug: "acme" });
  assert.deepEqual(parseHost("ACME.example.com", "example.com"), { kind: "subdomain", slug: "acme" });
  assert.deepEqual(parseHost("acme.example.com.", "example.com"), { kind: "subdomain", slug: "acme" });
});

test("the root domain and www are the product, not a tenant", () => {
  assert.deepEqual(parseHost("localhost:3000", "localhost"), { kind: "root" });
  assert.deepEqual(parseHost("www.example.com", "example.com"), { kind: "root" });
});

test("hosts that cannot be a tenant slug resolve to nothing", () => {
  for (const host of [null, "", "evil.com", "a.b.example.com", "x.example.com", "-bad.example.com", "acme.example.com.evil.com", "example.com.evil"]) {
    assert.deepEqual(parseHost(host, "example.com"), { kind: "unknown" }, String(host));
  }
});

test("the forwarded host wins over the internal host Next uses when re-rendering", () => {
  const h = new Headers({ host: "localhost:3000", "x-forwarded-host": "acme.localhost:3000" });
  assert.equal(requestHost(h), "acme.localhost:3000");
  assert.equal(requestHost(new Headers({ host: "globex.localhost:3000" })), "globex.localhost:3000");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { TtlCache } from "@/lib/ttl-cache";

function counter<T>(value: T) {
  const calls = { n: 0 };
  return { calls, load: async () => (calls.n++, value) };
}

test("a lookup is answered from the cache until its time is up", async (t) => {
  t.mock.timers.enable({ apis: ["Date"] });
  const cache = new TtlCache<string | null>(1000);
  const acme = counter("acme-row");
  assert.equal(await cache.get("acme", acme.load), "acme-row");
  assert.equal(await cache.get("acme", acme.load), "acme-row");
  assert.equal(acme.calls.n, 1);
  t.mock.timers.tick(1001);
  assert.equal(await cache.get("acme", acme.load), "acme-row");
  assert.equal(acme.calls.n, 2);
});

test("unknown slugs are remembered too", async () => {
  const cache = new TtlCache<string | null>(1000);
  const missing = counter(null);
  for (let i = 0; i < 5; i++) assert.equal(await cache.get("nope", missing.load), null);
  assert.equal(missing.calls.n, 1);
});

test("the oldest entry goes first past the size limit", async () => {
  const cache = new TtlCache<string>(60_000, 2);
  const a = counter("a");
  await cache.get("a", a.load);
  await cache.get("b", counter("b").load);
  await cache.get("c", counter("c").load);
  await cache.get("a", a.load);
  assert.equal(a.calls.n, 2);
});

test("a TTL of 0 disables caching", async () => {
  const cache = new TtlCache<string>(0);
  const a = counter("a");
  await cache.get("a", a.load);
  await cache.get("a", a.load);
  assert.equal(a.calls.n, 2);
});

test("concurrent misses for one key share a single load", async () => {
  const cache = new TtlCache<string>(1000);
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const load = async () => (calls++, await gate, "acme-row");
  const answers = Array.from({ length: 100 }, () => cache.get("acme", load));
  release();
  assert.deepEqual(new Set(await Promise.all(answers)), new Set(["acme-row"]));
  assert.equal(calls, 1);
});

test("a failed load is not remembered, and the next caller tries again", async () => {
  const cache = new TtlCache<string>(1000);
  await assert.rejects(cache.get("a", async () => { throw new Error("down"); }), /down/);
  assert.equal(await cache.get("a", async () => "back"), "back");
});

test("a delete during a load keeps that load's answer out of the cache", async () => {
  const cache = new TtlCache<string>(60_000);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const stale = cache.get("role", async () => (await gate, "admin"));
  cache.delete("role"); // e.g. this instance just changed the role
  release();
  assert.equal(await stale, "admin");
  assert.equal(await cache.get("role", async () => "viewer"), "viewer");
});

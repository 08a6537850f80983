// Every page's browser asks for /favicon.ico (defect 11 of #14: it was a 404 everywhere): the app
// icon, on the root domain and on a workspace's host, for anyone. Pages also name a scalable icon
// and a home-screen icon for phones.
import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "../support/http";

const HOSTS = ["localhost", "acme.localhost", "nope.localhost"];

test("/favicon.ico is the app's icon on every host", async () => {
  for (const host of HOSTS) {
    const res = await request(host, "/favicon.ico", { binary: true });
    assert.equal(res.status, 200, host);
    assert.match(res.headers["content-type"] ?? "", /image\/(x-icon|vnd\.microsoft\.icon)/, host);
    assert.deepEqual([...res.raw!.subarray(0, 4)], [0, 0, 1, 0], "an ICO file");
  }
});

test("pages link an SVG icon and an apple-touch-icon, and both are served on every host", async () => {
  const page = await request("acme.localhost", "/sign-in");
  const svg = page.body.match(/<link rel="icon" href="([^"]+)"[^>]* type="image\/svg\+xml"/)?.[1];
  const apple = page.body.match(/<link rel="apple-touch-icon" href="([^"]+)"/)?.[1];
  assert.ok(svg && apple, "both icons are linked");
  for (const host of HOSTS) {
    const icon = await request(host, svg!);
    assert.equal(icon.status, 200, host);
    assert.match(icon.body, /^<svg /);
    const touch = await request(host, apple!, { binary: true });
    assert.equal(touch.status, 200, host);
    assert.deepEqual([...touch.raw!.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG file");
  }
});

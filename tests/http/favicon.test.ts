// Every page's browser asks for /favicon.ico (defect 11 of #14: it was a 404 everywhere): the app
// icon, on the root domain and on a workspace's host, for anyone.
import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "../support/http";

test("/favicon.ico is the app's icon on every host", async () => {
  for (const host of ["localhost", "acme.localhost", "nope.localhost"]) {
    const res = await request(host, "/favicon.ico", { binary: true });
    assert.equal(res.status, 200, host);
    assert.match(res.headers["content-type"] ?? "", /image\/(x-icon|vnd\.microsoft\.icon)/, host);
    assert.deepEqual([...res.raw!.subarray(0, 4)], [0, 0, 1, 0], "an ICO file");
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { loggedPath, routeLabel } from "@/lib/observability/observe-request";

test("route labels name the route, not the record, and unknown paths share one label", () => {
  assert.equal(routeLabel("/api/employees/2e9db62d-e7f9-4f34-95a5-81b147238d12", 200), "/api/employees/:id");
  assert.equal(routeLabel("/t/acme/projects/2e9db62d-e7f9-4f34-95a5-81b147238d12", 200), "/t/:slug/projects/:id");
  assert.equal(routeLabel("/settings/plan", 200), "/settings/plan");
  assert.equal(routeLabel("/anything/made-up/1234", 404), "(not found)");
});

test("a secret in the path never reaches a log line or a label", () => {
  const token = "AzCYjurwajo7rAgMexN2gVF5FSQJWixTX7zmN-BL-1A";
  assert.equal(loggedPath(`/invite/${token}`), "/invite/:token");
  assert.equal(routeLabel(`/t/acme/invite/${token}`, 200), "/t/:slug/invite/:token");
  // A long slug is no secret.
  assert.equal(loggedPath("/t/a-company-with-a-very-long-name-indeed/"), "/t/a-company-with-a-very-long-name-indeed/");
});

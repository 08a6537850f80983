// Next starts listening before it runs instrumentation's register(), which installs the raw request
// hook, and serves what arrived in between once it is ready: such a request never passes the hook
// that removes a client's x-tenantry-* headers. It must be refused (503 server_starting), never
// served with the tenant, the JWT subject or the page hint its client made up.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { env } from "@/lib/env";
import { adminUrl, connect } from "../support/env";
import { forgedTenantHeader } from "../support/forged-tenant";
import { request, type HttpResult } from "../support/http";

const root = path.join(import.meta.dirname, "..", "..");
const SENDERS = 8;

test("requests that arrive while the server starts are refused, never served with forged x-tenantry-* headers", async () => {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query<{ id: string }>("SELECT id FROM users WHERE email = 'alice@acme.test'");
  await admin.end();
  // As the proxy hands on a bearer JWT's caller: alice, an owner of acme.
  const asAlice = { "x-tenantry-tenant": await forgedTenantHeader("acme"), "x-tenantry-resolved-by": "jwt", "x-tenantry-jwt-subject": rows[0].id };
  const pageHint = { "x-tenantry-unknown-tenant": "forged-workspace-name" };

  const port = env().TENANTRY_TEST_PORT + 13;
  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], { cwd: root, stdio: "ignore" });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  try {
    const deadline = Date.now() + 60_000;
    // Knocks until the port takes the connection: requests connected before the server is ready wait inside Next.
    const send = async (route: string, headers: Record<string, string>): Promise<HttpResult> => {
      for (;;) {
        try {
          return await request("localhost", route, { port, headers });
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    };
    const answers: { route: string; res: HttpResult }[] = [];
    // Each sender sends until it gets an answer from the started server (not a 503).
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, i) => {
        const [route, headers] = i % 2 === 0 ? ["/api/employees", asAlice] : ["/", pageHint];
        for (let n = 0; n < 50; n++) {
          const res = await send(route, headers);
          answers.push({ route, res });
          if (res.status !== 503) return;
        }
      }),
    );
    for (const { res } of answers.filter((a) => a.route === "/api/employees")) {
      const code = res.json<{ error?: { code: string } }>().error?.code;
      assert.ok((res.status === 503 && code === "server_starting") || (res.status === 404 && code === "tenant_not_found"), `/api/employees: ${res.status} ${res.body.slice(0, 200)}`);
      if (res.status === 503) assert.equal(res.headers["retry-after"], "1");
    }
    for (const { res } of answers.filter((a) => a.route === "/")) {
      assert.ok([200, 503].includes(res.status), `/: ${res.status}`);
      assert.ok(!res.body.includes("forged-workspace-name"), `/: ${res.status} shows the forged workspace name`);
    }
    assert.ok(answers.some((a) => a.res.status === 503), "some requests came while the server was starting (else this test saw nothing)");
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
});

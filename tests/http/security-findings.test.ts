// The findings of the independent attack run (issue 11), one test each, against the running
// build. Each failed on the code before its fix. Finding 4 (a suspended workspace accepting an
// invitation) is tests/http/status-guard.test.ts, which covers every write entry.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { env } from "@/lib/env";
import { hashPassword } from "@/lib/auth/password";
import { signInFailures } from "@/lib/auth/throttle";
import { newSecretToken, secretDigest } from "@/lib/secret-token";
import { callAction } from "../support/actions";
import { asTenant, createTenants, uniqueSlug } from "../support/env";
import { jsonRequest, request } from "../support/http";
import { sessionCookie, signInOverHttp } from "../support/session";

const PASSWORD = "findings-password";
const stamp = Date.now().toString(36);
const email = (who: string) => `${who}-${stamp}@findings.test`;
let tenants: Awaited<ReturnType<typeof createTenants>>;
const slugs = { a: uniqueSlug("find-a"), b: uniqueSlug("find-b"), closed: uniqueSlug("find-x") };
const ids = {} as Record<"a" | "b" | "owner" | "member", string>;
const host = (slug: string) => `${slug}.localhost`;
const created: string[] = [];

before(async () => {
  tenants = await createTenants([slugs.a, slugs.b, slugs.closed]);
  [ids.a, ids.b] = tenants.ids;
  const hash = await hashPassword(PASSWORD);
  const users = await tenants.admin.query<{ id: string }>(
    "INSERT INTO users (email, name, password_hash) SELECT unnest($1::text[]), 'Findings', $2 RETURNING id",
    [[email("owner"), email("member")], hash],
  );
  [ids.owner, ids.member] = users.rows.map((r) => r.id);
  for (const tenant of [ids.a, ids.b]) {
    await asTenant(tenants.admin, tenant, () => tenants.admin.query("INSERT INTO memberships (user_id, role) VALUES ($1, 'owner'), ($2, 'member')", [ids.owner, ids.member]));
  }
  await tenants.admin.query("UPDATE tenants SET status = 'inactive' WHERE slug = $1", [slugs.closed]);
});

after(async () => {
  await tenants.admin.query("DELETE FROM tenants WHERE slug = ANY($1)", [created]);
  await tenants.admin.query("DELETE FROM users WHERE email LIKE $1", [`%-${stamp}@findings.test`]);
  await tenants.admin.query("DELETE FROM sign_in_failures WHERE key LIKE $1", [`account:%-${stamp}@findings.test`]);
  await tenants.cleanup();
});

/** Sign-up, posted as its form posts it. */
function signUp(fields: Record<string, string>) {
  return callAction("localhost", "/sign-up", "app/sign-up/actions.ts", "signUpAction", { company: "Findings Co", name: "F", ...fields }, "");
}

async function failures(key: string): Promise<number> {
  const { rows } = await tenants.admin.query("SELECT failures FROM sign_in_failures WHERE key = $1 AND window_start > now() - interval '15 minutes'", [key]);
  return rows[0]?.failures ?? 0;
}

describe("1 and 2: sign-up is no password oracle and tells nothing about accounts", () => {
  test("with a taken address, a wrong password, the right one and an unknown email all get the same answer, and no password is checked", async () => {
    const victim = email("victim");
    await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Victim', $2)", [victim, await hashPassword(PASSWORD)]);
    const answers = [];
    for (const [who, password] of [[victim, "wrong-guess-1"], [victim, PASSWORD], [email("nobody"), "wrong-guess-1"]]) {
      const { state } = await signUp({ slug: slugs.a, email: who, password });
      answers.push(state);
    }
    assert.deepEqual(answers[0]?.fields, { slug: ["That address is taken."] });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], { ...answers[0], values: { ...answers[0]!.values, email: email("nobody") } });
    assert.equal(await failures(`account:${victim}`), 0, "no password was checked");
  });

  test("with a free address, a wrong password counts as a failed sign-in, and past the limit even the right one is refused", async () => {
    const victim = email("locked");
    await tenants.admin.query("INSERT INTO users (email, name, password_hash) VALUES ($1, 'Locked', $2)", [victim, await hashPassword(PASSWORD)]);
    for (let i = 0; i < signInFailures.limits.account; i++) {
      const { state } = await signUp({ slug: uniqueSlug("free"), email: victim, password: `wrong-guess-${i}` });
      assert.deepEqual(state?.fields, { email: ["That email and password do not match an account."] });
    }
    assert.equal(await failures(`account:${victim}`), signInFailures.limits.account, "sign-up counts on sign-in's counter");
    const slug = uniqueSlug("free");
    created.push(slug);
    const { state, redirect } = await signUp({ slug, email: victim, password: PASSWORD });
    assert.equal(redirect, null);
    assert.equal(state?.code, "too_many_attempts");
    assert.equal((await tenants.admin.query("SELECT 1 FROM tenants WHERE slug = $1", [slug])).rowCount, 0, "no workspace was made");
    // And sign-in is locked by the same counter.
    assert.match((await signInOverHttp(host(slugs.a), victim, PASSWORD)).location, /code=throttled/);
  });
});

test("3: the per-address limit holds whatever X-Forwarded-For a client makes up (no trusted proxy)", async () => {
  const ghost = (i: number) => `ghost${i}-${stamp}@findings.test`;
  try {
    for (let i = 0; i < signInFailures.limits.address; i++) {
      await signInOverHttp(host(slugs.a), ghost(i), "wrong", undefined, { "x-forwarded-for": "203.0.113.9" });
    }
    const res = await signInOverHttp(host(slugs.a), email("owner"), PASSWORD, undefined, { "x-forwarded-for": "203.0.113.10" });
    assert.equal(res.cookie, null, "a made-up X-Forwarded-For must not unlock the address");
    assert.match(res.location, /code=throttled/);
  } finally {
    // This address is the test machine's: free it for the tests that follow.
    await tenants.admin.query("DELETE FROM sign_in_failures WHERE key LIKE 'address:%' OR key LIKE $1", [`account:ghost%-${stamp}@findings.test`]);
  }
});

describe("5: sessions end on the server; credentials do not outlive their owner", () => {
  test("a cookie copied before signing out no longer works after it", async () => {
    const cookie = await sessionCookie(host(slugs.a), email("owner"), PASSWORD);
    assert.equal((await request(host(slugs.a), "/api/projects", { headers: { cookie } })).status, 200);
    const copy = cookie;
    await callAction(host(slugs.a), "/", "app/_actions/session.ts", "signOutAction", {}, cookie);
    const res = await request(host(slugs.a), "/api/projects", { headers: { cookie: copy } });
    assert.equal(res.status, 401);
  });

  test("signing out everywhere ends the other browsers' sessions too (within the cache window)", async () => {
    const here = await sessionCookie(host(slugs.a), email("owner"), PASSWORD);
    const elsewhere = await sessionCookie(host(slugs.a), email("owner"), PASSWORD);
    assert.equal((await request(host(slugs.a), "/api/projects", { headers: { cookie: elsewhere } })).status, 200);
    await callAction(host(slugs.a), "/", "app/_actions/session.ts", "signOutEverywhereAction", {}, here);
    let status = 0;
    for (let i = 0; i < 40 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await request(host(slugs.a), "/api/projects", { headers: { cookie: elsewhere } })).status;
    }
    assert.equal(status, 401);
  });

  test("removing a member revokes the API keys they created, at once, and their session loses the workspace", async () => {
    const cookie = await sessionCookie(host(slugs.b), email("member"), PASSWORD);
    const key = `tnt_${newSecretToken()}`;
    await asTenant(tenants.admin, ids.b, () =>
      tenants.admin.query("INSERT INTO api_keys (name, prefix, secret_hash, role, created_by) VALUES ('member key', $1, $2, 'viewer', $3)", [key.slice(0, 12), secretDigest(key), ids.member]),
    );
    const withKey = () => request(host(slugs.b), "/api/projects", { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await withKey()).status, 200);
    await tenants.admin.query("DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2", [ids.b, ids.member]);
    assert.equal((await withKey()).status, 401);
    let status = 0;
    for (let i = 0; i < 40 && status !== 404; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await request(host(slugs.b), "/api/projects", { headers: { cookie } })).status;
    }
    assert.equal(status, 404, "a former member is told the workspace does not exist");
  });
});

describe("6: no server error where a 4xx belongs", () => {
  let cookie: string;
  before(async () => (cookie = await sessionCookie(host(slugs.a), email("owner"), PASSWORD)));

  test("prototype-named fields in a query, a JSON body and a form", async () => {
    for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]) {
      const q = await request(host(slugs.a), `/api/employees?${name}=x`, { headers: { cookie } });
      if (name === "__proto__") {
        assert.equal(q.status, 200, "Next's own URL parsing drops a __proto__ parameter: as if it were absent");
      } else {
        assert.equal(q.status, 400, `query ${name}`);
        assert.deepEqual(q.json().error.fields[name], ["Unknown field."]);
      }
      const body = await jsonRequest(host(slugs.a), "POST", "/api/projects", cookie, `{"name":"x","${name}":1}`);
      assert.equal(body.status, 400, `body ${name}`);
      const form = await callAction(host(slugs.a), "/", "app/_actions/projects.ts", "createProjectAction", { name: "x", [name]: "1" }, cookie);
      assert.equal(form.state?.code, "invalid_request", `form ${name}`);
    }
  });

  test("a NUL byte in any text", async () => {
    for (const path of ["/api/employees?q=%00", "/api/employees?department=a%00b"]) {
      const res = await request(host(slugs.a), path, { headers: { cookie } });
      assert.equal(res.status, 400, path);
    }
    const body = await jsonRequest(host(slugs.a), "POST", "/api/projects", cookie, { name: "a\u0000b" });
    assert.deepEqual(body.json().error.fields, { name: ["Control characters are not allowed."] });
    const form = await callAction(host(slugs.a), "/employees/new", "app/_actions/employees.ts", "createEmployeeAction", { name: "N\u0000", email: "n@findings.test", title: "T\u0000" }, cookie);
    assert.equal(form.state?.code, "invalid_request");
    const signUpNul = await signUp({ company: "Nul\u0000Co", slug: uniqueSlug("nul"), email: email("nul"), password: PASSWORD });
    assert.deepEqual(signUpNul.state?.fields, { company: ["Control characters are not allowed."] });
  });

  test("a forged cursor whose value does not fit its column", async () => {
    const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    const uuid = "6f1c2a4e-7f0e-4a3b-9d2c-1b2a3c4d5e6f";
    for (const path of [
      `/api/employees?after=${cursor(["name", { t: "2020-01-01T00:00:00.000Z" }, uuid])}`,
      `/api/employees?sort=added&after=${cursor(["createdAt", "x", uuid])}`,
      `/api/employees?after=${cursor(["name", "a\u0000", uuid])}`,
      `/api/projects?after=${cursor(["name", { t: "2020-01-01T00:00:00.000Z" }, uuid])}`,
    ]) {
      const res = await request(host(slugs.a), path, { headers: { cookie } });
      assert.equal(res.status, 400, path);
    }
    // Pages show the first page instead of streaming an error.
    const page = await request(host(slugs.a), `/?sort=added&after=${cursor(["createdAt", "x", uuid])}`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /Something went wrong|digest/);
  });

  test("CR/LF in the sign-in next goes nowhere but home", async () => {
    const res = await callAction(host(slugs.a), "/sign-in", "app/sign-in/actions.ts", "signInAction", { email: email("owner"), password: PASSWORD, next: "/\r\n/x" }, "");
    const to = new URL(res.redirect!, "http://x");
    assert.equal(to.pathname, "/");
    assert.doesNotMatch(res.redirect!, /[\r\n]/);
  });

  test("a server action from another site: 403; over 1 MB: 413; TRACE: 405; Auth.js's error page: no 500", async () => {
    const foreign = await request(host(slugs.a), "/", { method: "POST", headers: { cookie, "next-action": "0".repeat(42), origin: "http://evil.test", "content-type": "text/plain" }, body: "[]" });
    assert.equal(foreign.status, 403);
    const huge = await request(host(slugs.a), "/", { method: "POST", headers: { cookie, "next-action": "0".repeat(42), "content-type": "text/plain" }, body: "x".repeat(1024 * 1024 + 10) });
    assert.equal(huge.status, 413);
    // The same body sent in chunks, with no Content-Length to refuse it by.
    const chunked = await new Promise<number>((resolve, reject) => {
      const port = env().TENANTRY_TEST_PORT;
      const headers = { host: `${host(slugs.a)}:${port}`, cookie, "next-action": "0".repeat(42), "content-type": "text/plain", "transfer-encoding": "chunked" };
      const req = http.request({ host: "127.0.0.1", port, path: "/", method: "POST", headers }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on("error", reject);
      req.write("x".repeat(600_000));
      req.end("x".repeat(600_000));
    });
    assert.equal(chunked, 413);
    assert.equal((await request(host(slugs.a), "/", { method: "TRACE" })).status, 405);
    const propfind = await request(host(slugs.a), "/api/employees", { method: "PROPFIND" });
    assert.deepEqual([propfind.status, propfind.headers.allow], [405, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"]);
    const error = await request(host(slugs.a), "/api/auth/error?error=Configuration");
    assert.ok(error.status < 500, String(error.status));
    const csrf = await request(host(slugs.a), "/api/auth/csrf");
    const badCallback = await request(host(slugs.a), "/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: String(csrf.headers["set-cookie"]).split(";")[0] },
      body: new URLSearchParams({ csrfToken: csrf.json().csrfToken, email: email("owner"), password: PASSWORD, callbackUrl: "http://[" }).toString(),
    });
    assert.ok(badCallback.status < 500, String(badCallback.status));
  });
});

describe("7: clear answers", () => {
  test("path mode answers JSON for a closed or unknown workspace's API, and /api/<unknown> too", async () => {
    const closed = await request("localhost", `/t/${slugs.closed}/api/employees`);
    assert.equal(closed.status, 410);
    assert.equal(closed.json().error.code, "tenant_inactive");
    const unknown = await request("localhost", "/t/no-such-company/api/employees");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json().error.code, "tenant_not_found");
    const route = await request(host(slugs.a), "/api/no-such-route");
    assert.equal(route.status, 404);
    assert.equal(route.json().error.code, "not_found");
  });

  test("a member cannot create a project already archived (archiving is for admins)", async () => {
    const cookie = await sessionCookie(host(slugs.a), email("member"), PASSWORD);
    const api = await jsonRequest(host(slugs.a), "POST", "/api/projects", cookie, { name: "Sneaky", status: "archived" });
    assert.equal(api.status, 403);
    const form = await callAction(host(slugs.a), "/", "app/_actions/projects.ts", "createProjectAction", { name: "Sneaky", status: "archived" }, cookie);
    assert.equal(form.state?.code, "forbidden");
    assert.equal((await tenants.admin.query("SELECT 1 FROM projects WHERE tenant_id = $1 AND name = 'Sneaky'", [ids.a])).rowCount, 0);
  });
});

describe("8: weaknesses", () => {
  let cookie: string;
  before(async () => (cookie = await sessionCookie(host(slugs.a), email("owner"), PASSWORD)));

  test("a JSON body must say it is JSON (415), and a cookie write must come from this site (403)", async () => {
    const plain = await request(host(slugs.a), "/api/projects", { method: "POST", headers: { cookie, "content-type": "text/plain" }, body: JSON.stringify({ name: "Plain" }) });
    assert.equal(plain.status, 415);
    const crossSite = await request(host(slugs.a), "/api/projects", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "http://evil.test" },
      body: JSON.stringify({ name: "Forged" }),
    });
    assert.equal(crossSite.status, 403);
    const sameSite = await request(host(slugs.a), "/api/projects", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: `http://${host(slugs.a)}:${process.env.TENANTRY_TEST_PORT ?? 3100}` },
      body: JSON.stringify({ name: `Same site ${stamp}` }),
    });
    assert.equal(sameSite.status, 201, sameSite.body);
    assert.equal((await tenants.admin.query("SELECT 1 FROM projects WHERE name IN ('Plain', 'Forged')")).rowCount, 0);
  });

  test("a JSON body over 1 MB is 413 payload_too_large, with or without a Content-Length, and nothing is written", async () => {
    const name = `Huge ${stamp}`;
    const body = (size: number) => JSON.stringify({ name, status: "active", description: "x".repeat(size) });
    const headers = { cookie, "content-type": "application/json" };
    const counted = await request(host(slugs.a), "/api/projects", { method: "POST", headers, body: body(1024 * 1024) });
    assert.equal(counted.status, 413, counted.body);
    assert.equal(counted.json().error.code, "payload_too_large");
    // Chunked, so the size is known only by reading: refused once the bytes read pass the cap.
    const chunked = await request(host(slugs.a), "/api/projects", { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" }, body: body(3 * 1024 * 1024) });
    assert.equal(chunked.status, 413, chunked.body);
    assert.equal(chunked.json().error.code, "payload_too_large");
    // Under the cap, the body is read and validated as usual: the field is named.
    const under = await request(host(slugs.a), "/api/projects", { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" }, body: body(1000 * 1024) });
    assert.equal(under.status, 400, under.body);
    assert.ok(under.json().error.fields.description, under.body);
    assert.equal((await tenants.admin.query("SELECT 1 FROM projects WHERE name = $1", [name])).rowCount, 0);
  });

  test("a handoff token signs in only on its own workspace, and only by a POST from it", async () => {
    const token = newSecretToken();
    await tenants.admin.query("INSERT INTO directory.sign_in_tokens (token_hash, user_id, tenant_id, expires_at) VALUES ($1, $2, $3, now() + interval '1 minute')", [secretDigest(token), ids.owner, ids.a]);
    // A GET shows a form; it signs no one in.
    const get = await request(host(slugs.a), `/auth/handoff?token=${token}`);
    assert.equal(get.status, 200);
    assert.doesNotMatch(String(get.headers["set-cookie"] ?? ""), /authjs\.session-token/);
    // On another workspace the token is worthless, and stays unused.
    const elsewhere = await callAction(host(slugs.b), `/auth/handoff?token=${token}`, "app/auth/handoff/actions.ts", "finishHandoffAction", { token }, "", { formOnly: true });
    assert.equal(elsewhere.redirect, "/sign-in");
    const home = await callAction(host(slugs.a), `/auth/handoff?token=${token}`, "app/auth/handoff/actions.ts", "finishHandoffAction", { token }, "", { formOnly: true });
    assert.equal(home.redirect, "/");
  });

  test("authenticated answers are not for shared caches; pages and API carry the security headers", async () => {
    for (const path of ["/api/projects", "/api/employees?limit=0"]) {
      const res = await request(host(slugs.a), path, { headers: { cookie } });
      assert.equal(res.headers["cache-control"], "private, no-store", path);
    }
    const events = await request(host(slugs.a), "/api/events", { headers: { cookie }, headersOnly: true });
    assert.match(String(events.headers["cache-control"]), /private.*no-store/);
    for (const path of ["/", "/sign-in", "/api/projects"]) {
      const res = await request(host(slugs.a), path, { headers: { cookie } });
      assert.equal(res.headers["x-frame-options"], "DENY", path);
      assert.equal(res.headers["x-content-type-options"], "nosniff", path);
      assert.equal(res.headers["referrer-policy"], "strict-origin-when-cross-origin", path);
      assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/, path);
    }
    const page = await request(host(slugs.a), "/sign-in");
    const nonce = String(page.headers["content-security-policy"]).match(/'nonce-([^']+)'/)?.[1];
    assert.ok(nonce, "a page's policy carries a nonce");
    assert.ok(page.body.includes(`nonce="${nonce}"`), "Next marks its scripts with it");
  });
});

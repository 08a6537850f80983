// Naming the tenant with a bearer JWT from an identity provider (off by default): the token's
// signature, issuer, audience and expiry must hold, its tenant_id claim names the tenant and its
// subject must be a member there. With a shared secret (HS256) and with the issuer's published
// keys (JWKS, served here by a local HTTP server).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { startNext } from "../../bench/next-server";
import { adminUrl, connect } from "../support/env";
import { request } from "../support/http";

const base = Number(process.env.TENANTRY_TEST_PORT ?? 3100);
const RESOLVERS = "subdomain,custom-domain,path,header,jwt,session";
const ISSUER = "https://id.example.test";
const AUDIENCE = "tenantry-api";
const SECRET = `jwt-test-secret-${randomUUID()}`;
let secretServer: ReturnType<typeof startNext>;
let jwksServer: ReturnType<typeof startNext>;
let keysHost: http.Server;
let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
const ids = {} as Record<"acme" | "globex" | "alice" | "gina", string>;

function hs256(claims: JWTPayload, { expiresIn = "5m", audience = AUDIENCE, issuer = ISSUER, secret = SECRET } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

const get = (token: string, port = base + 3) => request("localhost", "/api/projects", { port, headers: { authorization: `Bearer ${token}` } });

before(async () => {
  const admin = await connect(adminUrl());
  const { rows } = await admin.query(
    `SELECT (SELECT id FROM tenants WHERE slug = 'acme') AS acme, (SELECT id FROM tenants WHERE slug = 'globex') AS globex,
            (SELECT id FROM users WHERE email = 'alice@acme.test') AS alice, (SELECT id FROM users WHERE email = 'gina@globex.test') AS gina`,
  );
  await admin.end();
  Object.assign(ids, rows[0]);
  rsa = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  keysHost = http.createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => keysHost.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${(keysHost.address() as AddressInfo).port}/.well-known/jwks.json`;
  const common = { TENANTRY_RESOLVERS: RESOLVERS, TENANTRY_JWT_ISSUER: ISSUER, TENANTRY_JWT_AUDIENCE: AUDIENCE };
  secretServer = startNext(base + 3, { ...common, TENANTRY_JWT_SECRET: SECRET });
  jwksServer = startNext(base + 4, { ...common, TENANTRY_JWT_JWKS_URL: jwksUrl });
  await Promise.all([secretServer.ready, jwksServer.ready]);
});

after(() => {
  secretServer.stop();
  jwksServer.stop();
  keysHost.close();
});

test("valid: a member's token answers with the tenant its tenant_id names, on the root domain", async () => {
  const res = await get(await hs256({ sub: ids.alice, tenant_id: ids.acme }));
  assert.equal(res.status, 200, res.body);
  const acmeRows = res.json().data.map((p: { id: string }) => p.id);
  const globex = await get(await hs256({ sub: ids.gina, tenant_id: ids.globex }));
  assert.equal(globex.status, 200);
  assert.ok(globex.json().data.every((p: { id: string }) => !acmeRows.includes(p.id)));
});

test("expired, wrong audience or issuer, another secret, unsigned: 401 with the reason", async () => {
  const cases: [string, string, RegExp][] = [
    ["expired", await hs256({ sub: ids.alice, tenant_id: ids.acme }, { expiresIn: "-1m" }), /expired/],
    ["wrong audience", await hs256({ sub: ids.alice, tenant_id: ids.acme }, { audience: "someone-else" }), /aud claim/],
    ["wrong issuer", await hs256({ sub: ids.alice, tenant_id: ids.acme }, { issuer: "https://evil.test" }), /iss claim/],
    ["another secret", await hs256({ sub: ids.alice, tenant_id: ids.acme }, { secret: `x${SECRET}` }), /not valid/],
  ];
  // alg "none": a header and a payload, no signature.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + 300;
  cases.push(["unsigned", `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: ids.alice, tenant_id: ids.acme, iss: ISSUER, aud: AUDIENCE, exp })}.`, /not valid/]);
  for (const [name, token, reason] of cases) {
    const res = await get(token);
    assert.equal(res.status, 401, `${name}: ${res.body}`);
    assert.equal(res.json().error.code, "unauthenticated", name);
    assert.match(res.json().error.message, reason, name);
  }
});

test("wrong tenant, a non-member subject, an unknown subject or tenant: 404, as for a workspace that does not exist", async () => {
  for (const [name, claims] of [
    ["alice naming globex", { sub: ids.alice, tenant_id: ids.globex }],
    ["gina naming acme", { sub: ids.gina, tenant_id: ids.acme }],
    ["an unknown subject", { sub: randomUUID(), tenant_id: ids.acme }],
    ["an unknown tenant", { sub: ids.alice, tenant_id: randomUUID() }],
  ] as const) {
    const res = await get(await hs256(claims));
    assert.equal(res.status, 404, `${name}: ${res.body}`);
    assert.equal(res.json().error.code, "tenant_not_found", name);
  }
  const noTenant = await get(await hs256({ sub: ids.alice }));
  assert.equal(noTenant.status, 401);
});

test("with the issuer's published keys (JWKS): its signature holds, an HS256 token with any secret does not", async () => {
  const signed = await new SignJWT({ tenant_id: ids.acme })
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setSubject(ids.alice)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime("5m")
    .sign(rsa.privateKey);
  assert.equal((await get(signed, base + 4)).status, 200);
  assert.equal((await get(await hs256({ sub: ids.alice, tenant_id: ids.acme }), base + 4)).status, 401);
});

test("off by default: the test server does not read bearer JWTs", async () => {
  const res = await get(await hs256({ sub: ids.alice, tenant_id: ids.acme }), base);
  assert.notEqual(res.status, 200);
});

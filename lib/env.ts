import { z } from "zod";

// Every setting Tenantry reads, declared once: its type, its default and what it means. Nothing
// else reads process.env for these. The README's environment table is checked against this list
// (tests/env.test.ts), and a bad value stops the process at start-up with the variable's name.

const int = (min: number, max: number) => z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(min).max(max);
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL");
const flag = z.enum(["0", "1"], { error: "must be 0 or 1" }).transform((v) => v === "1");

// `internal` settings are plumbing that the test and bench runners set for their own processes;
// they are not for operators and stay out of the README's table.
type Setting = { schema: z.ZodType; description: string; default?: string; internal?: true };

export const SETTINGS = {
  DATABASE_URL: { schema: postgresUrl.optional(), default: "embedded", description: "the app's connection: a login role under row-level security" },
  DATABASE_ADMIN_URL: { schema: postgresUrl.optional(), default: "embedded", description: "the owner's connection: migrations, seeding, operator tasks" },
  DATABASE_POOL_SIZE: { schema: int(1, 1000).default(10), description: "connections per app instance" },
  TENANTRY_POOL_WAIT_MS: {
    schema: int(100, 600_000).default(5000),
    description: "how long a request waits for a database connection (a full pool, an unreachable server) before it is answered `503` with `Retry-After`",
  },
  TENANTRY_DEDICATED_CONNECTIONS: {
    schema: int(1, 10_000).default(40),
    description: "the most connections one instance keeps open to dedicated databases, all of them together; pools of databases not used lately close to make room, and a request finding none to close waits `TENANTRY_POOL_WAIT_MS`, then gets `503 database_busy`",
  },
  TENANTRY_DEDICATED_POOL_SIZE: { schema: int(1, 1000).default(4), description: "connections per dedicated database per instance (at most `TENANTRY_DEDICATED_CONNECTIONS`)" },
  TENANTRY_PG_SECOND_PORT: {
    schema: int(0, 65535).default(0),
    description: "`npm run dev`/`npm test`: also start a second embedded Postgres on this port, registered as the server `second` for dedicated databases (0: none; `npm test` uses 54333)",
  },
  TENANTRY_TENANT_POOL_SHARE: {
    schema: int(1, 100).default(50),
    description: "the percentage of an instance's pool one workspace may hold at once (at least one connection); the rest wait their turn, so one workspace's burst or slow queries leave the others room",
  },
  TENANTRY_BINDING: {
    schema: z.enum(["pipelined", "transaction"], { error: "must be pipelined or transaction" }).default("pipelined"),
    description: "how a statement is bound to its tenant: `pipelined` (one round trip) or `transaction` (the textbook BEGIN; set_config; …; COMMIT, slower, relies on no driver internals)",
  },
  TENANTRY_ROOT_DOMAIN: { schema: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be a host name").default("localhost"), description: "the product's domain; `<slug>.<root>` is a tenant" },
  TENANTRY_RESOLVERS: {
    schema: z.string().default("subdomain,custom-domain,path,header,session"),
    description: "which ways of naming a tenant are on, in order (`query`, `?tenant=` with an API key, and `jwt`, a bearer token's `tenant_id` claim, are off unless named)",
  },
  TENANTRY_TENANT_CACHE_MS: {
    schema: int(0, 3_600_000).default(2000),
    description: "how long an instance remembers a slug → tenant, session → user and role lookup (0 = never); a suspension or a removed member takes at most this long to show",
  },
  TENANTRY_SLUG_REDIRECT_DAYS: {
    schema: int(1, 365).default(30),
    description: "days a workspace's former address keeps redirecting to its new one (and stays reserved) after an owner changes it",
  },
  TENANTRY_DELETION_GRACE_DAYS: {
    schema: int(0, 365).default(30),
    description: "days between an owner deleting a workspace (it closes at once) and its erasure by `tenantry tenants delete --due`",
  },
  TENANTRY_SSE_HEARTBEAT_MS: {
    schema: int(100, 3_600_000).default(15_000),
    description: "how often an event stream sends a heartbeat and re-checks its caller's access (`npm test` uses 1000)",
  },
  TENANTRY_MAX_STREAMS_PER_TENANT: {
    schema: int(1, 1_000_000).default(1000),
    description: "live event streams one workspace may hold open on one instance (`429 too_many_streams` past it)",
  },
  TENANTRY_MAX_STREAMS_PER_USER: {
    schema: int(1, 100_000).default(20),
    description: "live event streams one person may hold open on one instance, across their tabs and workspaces",
  },
  TENANTRY_TRUSTED_PROXIES: {
    schema: int(0, 10).default(0),
    description: "how many reverse proxies in front of the app append to `X-Forwarded-For`; the client's address is the entry that many hops from the right (0: the connection's own address, and the header is ignored)",
  },
  TENANTRY_LOG_LEVEL: {
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be a pino level: fatal, error, warn, info, debug, trace or silent" }).default("info"),
    description: "the least severe log line written (JSON lines on stdout; `info` logs one line per request)",
  },
  TENANTRY_METRICS_TOKEN: {
    schema: z.string().min(32, "must be at least 32 characters").optional(),
    description: "turns on `GET /api/metrics` (Prometheus text format) for callers presenting it as a bearer token; off when unset",
  },
  TENANTRY_SHUTDOWN_MS: {
    schema: int(1000, 600_000).default(10_000),
    description: "on SIGTERM, how long in-flight requests get to finish before the process exits anyway",
  },
  TENANTRY_JWT_ISSUER: { schema: z.string().max(400).optional(), description: "the `jwt` resolver: the issuer (`iss`) a bearer token must name" },
  TENANTRY_JWT_AUDIENCE: { schema: z.string().max(400).optional(), description: "the `jwt` resolver: the audience (`aud`) a bearer token must name" },
  TENANTRY_JWT_SECRET: {
    schema: z.string().min(32, "must be at least 32 characters").optional(),
    description: "the `jwt` resolver: a shared secret for HS256 tokens (or use `TENANTRY_JWT_JWKS_URL`)",
  },
  TENANTRY_OPERATOR_TOKEN: {
    schema: z.string().min(32, "must be at least 32 characters").optional(),
    description: "turns on the operator API (`POST /api/operator/tenants`, provisioning) for callers presenting it as a bearer token; off when unset",
  },
  TENANTRY_JWT_JWKS_URL: { schema: z.url({ error: "must be a URL" }).optional(), description: "the `jwt` resolver: where the issuer publishes its signing keys (JWKS)" },
  SMTP_URL: {
    schema: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
    default: "the local mail catcher",
    description: "where invitations and password resets are sent (`smtp://user:pass@host:587`); unset, `npm run dev` and `npm test` start a mail catcher and set it",
  },
  MAIL_FROM: { schema: z.string().max(320).default("Tenantry <no-reply@tenantry.localhost>"), description: "the sender of every email" },
  TENANTRY_MAIL_SMTP_PORT: { schema: int(0, 65535).default(1025), description: "the local mail catcher's SMTP port (0: any free port)" },
  TENANTRY_MAIL_INBOX_PORT: { schema: int(0, 65535).default(1080), description: "the local mail catcher's inbox page, `http://localhost:<port>` (0: any free port)" },
  TENANTRY_MAIL_INBOX_URL: { schema: z.url().optional(), internal: true, description: "tests: where the mail catcher that `with-db` started lists what it received" },
  AUTH_SECRET: { schema: z.string().min(32, "must be at least 32 characters").optional(), default: "made up, kept in `.data/auth-secret`", description: "signs session cookies (Auth.js); set your own in production" },
  TENANTRY_PG_DIR: { schema: z.string().default(".data/postgres"), description: "where the embedded Postgres keeps its data" },
  TENANTRY_PG_PORT: { schema: int(1, 65535).default(54329), description: "the port the embedded Postgres listens on" },
  TENANTRY_TEST_PORT: { schema: int(1, 65535).default(3100), description: "the port `npm test` serves the app on" },
  TENANTRY_TEST_REMOTE_DATABASE: {
    schema: flag.default(false),
    default: "`0`",
    description: "`1` lets `npm test` write its throwaway tenants into a database that is not on this machine",
  },
  CHROMIUM_PATH: { schema: z.string().default("/usr/bin/chromium"), description: "the browser Playwright drives" },
  DATABASE_SUPERUSER_URL: { schema: postgresUrl.optional(), internal: true, description: "the embedded server's superuser, for tests that break things on purpose" },
  TENANTRY_VIA_PGBOUNCER: { schema: flag.default(false), internal: true, description: "tests: connect through a PgBouncer in transaction mode that the tests start" },
  TENANTRY_TEST_PLACEMENT: {
    schema: z.enum(["shared", "dedicated"]).default("shared"),
    internal: true,
    description: "tests: `dedicated` runs the isolation and leakage suites with tenants in dedicated databases",
  },
  TENANTRY_BENCH_BASELINE_URL: { schema: postgresUrl.optional(), internal: true, description: "bench: turns on the bare baseline route, with this connection" },
  NODE_ENV: { schema: z.enum(["development", "production", "test"]).default("development"), internal: true, description: "set by Next: `next dev` is development, `next start` production" },
  TENANTRY_BENCH_PORT: { schema: int(1, 65535).default(3200), internal: true, description: "bench: the first port its app servers listen on" },
} satisfies Record<string, Setting>;

export type Env = { [K in keyof typeof SETTINGS]: z.output<(typeof SETTINGS)[K]["schema"]> };

const schema = z.object(Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]["schema"] });

/** Thrown when a setting has a value Tenantry cannot use. */
export class InvalidSettingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "InvalidSettingError";
  }
}

/** Reads and checks the settings in `source`; an empty string counts as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const given = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, source[name] === "" ? undefined : source[name]]));
  const result = schema.safeParse(given);
  if (result.success) return result.data as Env;
  throw new InvalidSettingError(result.error.issues.map((issue) => `${String(issue.path[0])}=${JSON.stringify(given[String(issue.path[0])])}: ${issue.message}`));
}

let current: Env | undefined;

/** The process's settings, read and checked on first use. */
export function env(): Env {
  return (current ??= parseEnv(process.env));
}

/** The app's database URL, which every app instance needs. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new InvalidSettingError(["DATABASE_URL is not set: start the app with `npm run dev`, or set it (see README)."]);
  return url;
}

const SERVER_VARIABLE = /^[A-Z][A-Z0-9_]{0,62}$/;

/**
 * A Postgres server's connection, read from the variable a server's registration names (the
 * directory stores variable names, never passwords): e.g. `TENANTRY_SERVER_EU2_APP_URL`.
 */
export function serverUrl(variable: string): string {
  if (!SERVER_VARIABLE.test(variable)) throw new InvalidSettingError([`${JSON.stringify(variable)} is not an environment variable name.`]);
  const parsed = postgresUrl.safeParse(process.env[variable]);
  if (!parsed.success) throw new InvalidSettingError([`${variable} must hold a postgresql:// URL (a registered server names it; see README, Placements).`]);
  return parsed.data;
}

/** `url` with its database replaced: a server's connection, to one of its databases. */
export function onDatabase(url: string, database: string): string {
  const at = new URL(url);
  at.pathname = `/${database}`;
  return at.toString();
}

/** The README's environment table, made from the declarations above (tests/env.test.ts compares them). */
export function environmentTable(): string {
  const rows = Object.entries(SETTINGS as Record<string, Setting>)
    .filter(([, s]) => !s.internal)
    .map(([name, s]) => {
      const fallback = s.default ?? `\`${String(s.schema.parse(undefined))}\``;
      return `| \`${name}\` | ${fallback} | ${s.description} |`;
    });
  return ["| variable | default | meaning |", "|---|---|---|", ...rows].join("\n");
}

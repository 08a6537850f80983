import pg from "pg";
import type { TenantBinding } from "./tenant-context";

// Written by hand because no driver offers it: one round trip that binds the tenant and runs the
// statement. Parse/Bind/Execute of set_config and then of the statement are pipelined before a
// single Sync, so Postgres runs both in one implicit transaction: the settings are
// transaction-local and end with that transaction, exactly as with BEGIN…COMMIT, but without the
// three extra round trips. The statement timeout set here already holds for the statement that
// follows (Postgres arms it per Execute). Everything else is pg's own Query.
// The settings a binding makes, in order: the tenant, the plan's statement timeout, the name
// pg_stat_activity shows, the placement epoch (empty: none to check).
const SETTINGS = ["app.tenant_id", "statement_timeout", "application_name", "app.placement_epoch"] as const;

/** BIND_SQL's parameters for a binding, in SETTINGS' order. */
export function bindValues({ tenantId, statementTimeoutMs, applicationName, placementEpoch }: TenantBinding): string[] {
  return [tenantId, String(statementTimeoutMs), applicationName, placementEpoch === null ? "" : String(placementEpoch)];
}

export const BIND_SQL = `SELECT ${SETTINGS.map((name, i) => `set_config('${name}', $${i + 1}, true)`).join(", ")}`;

/**
 * BIND_SQL with the values written in, for a transaction's binding, which goes as one
 * simple-protocol message (the values are checked by tenantBinding: nothing to escape).
 */
export function inlinedBindSql(binding: TenantBinding): string {
  const values = bindValues(binding);
  return `SELECT ${SETTINGS.map((name, i) => `set_config('${name}', '${values[i]}', true)`).join(", ")}`;
}

type Callback = (error: Error | null, result?: pg.QueryResult) => void;

export class TenantBoundQuery extends (pg.Query as unknown as new (config: object, values: undefined, cb: Callback) => PgQueryInternals) {
  #inPreamble = true;
  readonly #binding: TenantBinding;

  constructor(binding: TenantBinding, config: pg.QueryConfig & { rowMode?: string; types?: unknown }, callback: Callback) {
    super({ ...config, queryMode: "extended" }, undefined, callback);
    this.#binding = binding;
  }

  prepare(connection: PgConnection) {
    connection.parse({ text: BIND_SQL, types: [] });
    connection.bind({ values: bindValues(this.#binding) });
    connection.execute({});
    super.prepare(connection);
  }

  // set_config answers with one row and a CommandComplete before the statement's own results.
  handleDataRow(msg: unknown) {
    if (!this.#inPreamble) super.handleDataRow(msg);
  }

  handleCommandComplete(msg: unknown, connection: PgConnection) {
    if (this.#inPreamble) this.#inPreamble = false;
    else super.handleCommandComplete(msg, connection);
  }
}

/**
 * Refuses to start if pg's Query no longer has the hooks the pipelined binding overrides: a pg
 * upgrade must fail loudly here (and in tests/binding-canary.test.ts), never bind silently wrong.
 */
export function assertPipelinedBindingSupported(): void {
  const proto = (pg.Query as unknown as { prototype: Record<string, unknown> }).prototype;
  const missing = ["prepare", "handleDataRow", "handleCommandComplete"].filter((name) => typeof proto[name] !== "function");
  if (missing.length > 0) {
    throw new Error(`pg's Query lacks ${missing.join(", ")}: the pipelined tenant binding cannot run on this pg version. Set TENANTRY_BINDING=transaction.`);
  }
}

// The parts of pg's (untyped) Query and Connection used above.
type PgConnection = {
  parse(m: { text: string; types: unknown[] }): void;
  bind(m: { values: unknown[] }): void;
  execute(m: object): void;
};
interface PgQueryInternals {
  prepare(connection: PgConnection): void;
  handleDataRow(msg: unknown): void;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
}

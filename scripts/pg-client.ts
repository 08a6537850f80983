import pg from "pg";

/** Runs `fn` on a connection of its own to `url`, ended afterwards whatever happens (operator tasks, one at a time). */
export async function withPgClient<T>(url: string, fn: (sql: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

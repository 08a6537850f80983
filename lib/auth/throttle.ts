import { globalSql } from "@/lib/tenancy/global-sql";

// Failed sign-ins are counted per account and per client address in Postgres, so the limit holds
// across app instances. Once a key reaches its limit within the window, every attempt on it is
// refused, the right password included, until the window has passed.
export const SIGN_IN_LIMITS = { account: 5, address: 50 } as const;
const WINDOW = "15 minutes";

function keys(email: string, address: string) {
  return { account: `account:${email}`, address: `address:${address}` };
}

export async function isThrottled(email: string, address: string): Promise<boolean> {
  const k = keys(email, address);
  const { rows } = await globalSql<{ key: string; failures: number }>(
    `SELECT key, failures FROM sign_in_failures WHERE key = ANY($1) AND window_start > now() - $2::interval`,
    [[k.account, k.address], WINDOW],
  );
  return rows.some((r) => r.failures >= (r.key === k.account ? SIGN_IN_LIMITS.account : SIGN_IN_LIMITS.address));
}

export async function recordFailure(email: string, address: string): Promise<void> {
  const k = keys(email, address);
  await globalSql(
    `INSERT INTO sign_in_failures (key, failures) SELECT unnest($1::text[]), 1
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN sign_in_failures.window_start > now() - $2::interval THEN sign_in_failures.failures + 1 ELSE 1 END,
       window_start = CASE WHEN sign_in_failures.window_start > now() - $2::interval THEN sign_in_failures.window_start ELSE now() END`,
    [[k.account, k.address], WINDOW],
  );
}

/** A successful sign-in forgives the account's earlier failures (not the address's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await globalSql("DELETE FROM sign_in_failures WHERE key = $1", [keys(email, "").account]);
}

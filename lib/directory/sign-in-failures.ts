import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

// Failed sign-ins per key ('account:<email>', 'address:<ip>'), in Postgres so that a limit holds
// across app instances. A count older than the window starts again from one.

/** The failures counted for each key within the window. */
export async function recentFailures(keys: string[], window: string): Promise<Map<string, number>> {
  const { rows } = await controlPlane().query<{ key: string; failures: number }>(
    "SELECT key, failures FROM sign_in_failures WHERE key = ANY($1) AND window_start > now() - $2::interval",
    [keys, window],
  );
  return new Map(rows.map((r) => [r.key, r.failures]));
}

export async function countFailure(keys: string[], window: string): Promise<void> {
  await controlPlane().query(
    `INSERT INTO sign_in_failures (key, failures) SELECT unnest($1::text[]), 1
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN sign_in_failures.window_start > now() - $2::interval THEN sign_in_failures.failures + 1 ELSE 1 END,
       window_start = CASE WHEN sign_in_failures.window_start > now() - $2::interval THEN sign_in_failures.window_start ELSE now() END`,
    [keys, window],
  );
}

export async function forgetFailures(key: string): Promise<void> {
  await controlPlane().query("DELETE FROM sign_in_failures WHERE key = $1", [key]);
}

import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

/** Starts a session for a sign-in; its id goes into the session token. */
export async function startSession(userId: string): Promise<string> {
  const { rows } = await controlPlane().query<{ id: string }>("INSERT INTO sessions (user_id) VALUES ($1) RETURNING id", [userId]);
  return rows[0].id;
}

/**
 * The account of a session that is still on (not signed out, not ended everywhere, not ended by a
 * password change), as it is now: a renamed person shows under their new name at once.
 */
export async function activeSessionUser(id: string): Promise<{ id: string; email: string; name: string } | null> {
  const { rows } = await controlPlane().query<{ id: string; email: string; name: string }>(
    "SELECT u.id, u.email, u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.ended_at IS NULL",
    [id],
  );
  return rows[0] ?? null;
}

export async function endSession(id: string): Promise<void> {
  await controlPlane().query("UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL", [id]);
}

/** Ends every session of the user, on every device. */
export async function endAllSessions(userId: string): Promise<void> {
  await controlPlane().query("UPDATE sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL", [userId]);
}

import { controlPlane } from "@/lib/tenancy/db/control-plane-pool";

/** Starts a session for a sign-in; its id goes into the session token. */
export async function startSession(userId: string): Promise<string> {
  const { rows } = await controlPlane().query<{ id: string }>("INSERT INTO sessions (user_id) VALUES ($1) RETURNING id", [userId]);
  return rows[0].id;
}

/** Whether the session is still on (not signed out, not ended everywhere). */
export async function isSessionActive(id: string): Promise<boolean> {
  const { rows } = await controlPlane().query("SELECT 1 FROM sessions WHERE id = $1 AND ended_at IS NULL", [id]);
  return rows.length === 1;
}

export async function endSession(id: string): Promise<void> {
  await controlPlane().query("UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL", [id]);
}

/** Ends every session of the user, on every device. */
export async function endAllSessions(userId: string): Promise<void> {
  await controlPlane().query("UPDATE sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL", [userId]);
}

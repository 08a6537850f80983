// The app's one way to ask Auth.js anything: who is signed in, sign in, sign out. Only lib/auth,
// the root auth.ts and the Auth.js route import next-auth, so a later change of library is a
// change here (tests/architecture.test.ts keeps it so).
import { AuthError } from "next-auth";
import { cookies } from "next/headers";
import { auth, signIn, signOut, SignInThrottled } from "@/auth";
import { activeSessionUser, endAllSessions } from "@/lib/directory";
import { env } from "@/lib/env";
import { TtlCache } from "@/lib/ttl-cache";

export type SessionUser = { id: string; name: string; email: string };

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

// Decrypting the session cookie and asking whether its session is still on cost more than the
// rest of an API request; each instance remembers a cookie's answer for TENANTRY_TENANT_CACHE_MS,
// so a session ended elsewhere stops working within that time.
const globalForSessions = globalThis as unknown as { sessions?: TtlCache<SessionUser | null> };
const sessions = () => (globalForSessions.sessions ??= new TtlCache<SessionUser | null>(env().TENANTRY_TENANT_CACHE_MS));

async function sessionCookie(): Promise<string | undefined> {
  const jar = await cookies();
  return SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
}

/** The signed-in user of the current request, or null (no cookie, a bad one, or a session that has ended). */
export async function sessionUser(): Promise<SessionUser | null> {
  const token = await sessionCookie();
  if (!token) return null;
  return sessions().get(token, async () => {
    const session = await auth();
    if (!session?.sessionId || !session.user?.id) return null;
    const user = await activeSessionUser(session.sessionId);
    return user?.id === session.user.id ? user : null;
  });
}

/** The server-side session id of the current request's sign-in, or null. */
export async function currentSessionId(): Promise<string | null> {
  return (await auth())?.sessionId ?? null;
}

export type SignInOutcome = "throttled" | "invalid";

/**
 * Signs in with email and password and redirects to `redirectTo` (by throwing Next's redirect,
 * as Auth.js does), or says why not. With `redirectTo: null` it signs in and returns.
 */
export async function signInWithPassword(email: string, password: string, redirectTo: string | null): Promise<SignInOutcome | null> {
  try {
    await signIn("credentials", redirectTo === null ? { email, password, redirect: false } : { email, password, redirectTo });
    return null;
  } catch (error) {
    if (error instanceof SignInThrottled) return "throttled";
    if (error instanceof AuthError) return "invalid";
    throw error; // the redirect after a successful sign-in
  }
}

/** Finishes a sign-in begun on another host with its one-time token; false if the token is not good. */
export async function signInWithHandoff(token: string): Promise<boolean> {
  try {
    await signIn("handoff", { token, redirect: false });
    return true;
  } catch (error) {
    if (error instanceof AuthError) return false;
    throw error;
  }
}

/** Ends this browser's session (on the server too) and redirects. */
export async function signOutTo(redirectTo: string): Promise<never> {
  const token = await sessionCookie();
  if (token) sessions().delete(token);
  await signOut({ redirectTo });
  throw new Error("unreachable: signOut redirects");
}

/** Ends every session of the signed-in user, on every device, then this one, and redirects. */
export async function signOutEverywhereTo(redirectTo: string): Promise<never> {
  const user = await sessionUser();
  if (user) await endAllSessions(user.id);
  return signOutTo(redirectTo);
}

/** Drops this instance's remembered answer for the current cookie, after the account itself changed (a new name). */
export async function forgetSessionUser(): Promise<void> {
  const token = await sessionCookie();
  if (token) sessions().delete(token);
}

import { signInWithHandoff } from "@/lib/auth/session";

// GET /auth/handoff?token=… – finishes a sign-in begun on another host (sign-up on the root
// domain) with a one-time token, then opens the workspace. Relative redirects only: request.url
// names localhost, not the tenant's host.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const signedIn = await signInWithHandoff(token);
  return new Response(null, { status: 303, headers: { location: signedIn ? "/" : "/sign-in" } });
}

import { signIn } from "@/auth";

// GET /auth/handoff?token=… – finishes a sign-in begun on another host (sign-up on the root
// domain) with a one-time token, then opens the workspace. Relative redirects only: request.url
// names localhost, not the tenant's host.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    await signIn("handoff", { token, redirect: false });
  } catch {
    return new Response(null, { status: 303, headers: { location: "/sign-in" } });
  }
  return new Response(null, { status: 303, headers: { location: "/" } });
}

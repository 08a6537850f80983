import { request } from "./http";

function cookiesFrom(setCookie: string | string[] | undefined): string[] {
  return (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(";")[0]);
}

export type SignInResult = { cookie: string | null; location: string };

/** Signs in through Auth.js's own HTTP endpoints, as a browser form would, on one host. */
export async function signInOverHttp(host: string, email: string, password: string, port?: number, extraHeaders: Record<string, string> = {}): Promise<SignInResult> {
  const csrf = await request(host, "/api/auth/csrf", { port, headers: extraHeaders });
  const jar = cookiesFrom(csrf.headers["set-cookie"]);
  const body = new URLSearchParams({ csrfToken: csrf.json().csrfToken, email, password, callbackUrl: "/" });
  const res = await request(host, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { ...extraHeaders, "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: body.toString(),
    port,
  });
  const session = cookiesFrom(res.headers["set-cookie"]).find((c) => c.startsWith("authjs.session-token="));
  return { cookie: session ?? null, location: String(res.headers.location ?? "") };
}

export async function sessionCookie(host: string, email: string, password = "demo-password", port?: number): Promise<string> {
  const { cookie, location } = await signInOverHttp(host, email, password, port);
  if (!cookie) throw new Error(`sign-in as ${email} on ${host} failed: ${location}`);
  return cookie;
}

// Auth.js (next-auth v5): email + password sign-in with JWT sessions. The session says who the
// user is; which workspace they may act in is decided per request from their memberships. App
// code never imports this file: it asks lib/auth/session.ts.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/credentials";
import { consumeHandoffToken } from "@/lib/auth/handoff";
import { auditSignIn } from "@/lib/auth/sign-in-audit";
import { endSession, startSession } from "@/lib/directory";
import { clientAddress } from "@/lib/security/client-address";
import { tenantFromHeaders } from "@/lib/tenancy";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** The server-side session: signed out (or out everywhere) once it has ended. */
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The server-side session this token belongs to (lib/directory/sessions.ts). */
    sid?: string;
  }
}

/** Too many failures for this account or address: refused before the password is checked. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1000),
});

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth({
  trustHost: true,
  session: { strategy: "jwt" },
  // Auth.js's own error page answers 500 for some errors; ours says "try again" with a 200.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await checkCredentials(parsed.data.email, parsed.data.password, clientAddress(request.headers));
        // The audit entry must not decide whether someone may sign in: a failure to write it is logged.
        await auditSignIn(tenantFromHeaders(request.headers), parsed.data.email, user, request.headers).catch((error) => console.error("sign-in audit:", error));
        if (user === "throttled") throw new SignInThrottled();
        return user && { id: user.id, email: user.email, name: user.name };
      },
    }),
    // The second half of a cross-host sign-in (see lib/auth/handoff.ts): a one-time token made for
    // this workspace, not a password.
    Credentials({
      id: "handoff",
      credentials: { token: {} },
      async authorize(raw, request) {
        return typeof raw?.token === "string" ? consumeHandoffToken(raw.token, tenantFromHeaders(request.headers)?.id ?? null) : null;
      },
    }),
  ],
  callbacks: {
    // A sign-in starts a server-side session; the token carries its id.
    async jwt({ token, user }) {
      if (user?.id) token.sid = await startSession(user.id);
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (sid) await endSession(sid);
    },
  },
});

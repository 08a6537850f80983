// Auth.js (next-auth v5): email + password sign-in with JWT sessions. The session says who the
// user is; which workspace they may act in is decided per request from their memberships. App
// code never imports this file: it asks lib/auth/session.ts.
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { consumeHandoffToken } from "@/lib/auth/handoff";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearAccountFailures, isThrottled, recordFailure } from "@/lib/auth/throttle";
import { userByEmail } from "@/lib/directory";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
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

// Verified against when the account does not exist, so a miss takes as long as a wrong password.
let missingUserHash: Promise<string> | undefined;

/** The client's address as the first proxy in front of the app reports it. */
function clientAddress(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth({
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const address = clientAddress(request.headers);
        if (await isThrottled(email, address)) throw new SignInThrottled();
        const user = await userByEmail(email);
        missingUserHash ??= hashPassword(crypto.randomUUID());
        const valid = await verifyPassword(user?.passwordHash ?? (await missingUserHash), password);
        if (!user || !valid) {
          await recordFailure(email, address);
          return null;
        }
        await clearAccountFailures(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    // The second half of a cross-host sign-in (see lib/auth/handoff.ts): a one-time token, not a password.
    Credentials({
      id: "handoff",
      credentials: { token: {} },
      async authorize(raw) {
        return typeof raw?.token === "string" ? consumeHandoffToken(raw.token) : null;
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});

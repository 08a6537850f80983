import { countFailure, forgetFailures, recentFailures } from "@/lib/directory";

// Attempts counted per account and per client address in Postgres, so a limit holds across app
// instances. Once a key reaches its limit within the window, every attempt on it is refused, the
// right one included, until the window has passed. Sign-in counts its failures here; asking for a
// password reset counts every request (lib/auth/password-reset.ts).
const WINDOW = "15 minutes";

type Limits = { readonly account: number; readonly address: number };

/** A limit whose counters are stored under `<prefix>:<email>` and `<prefix>:<address>`. */
export function attemptLimit(prefixes: { account: string; address: string }, limits: Limits) {
  const keys = (email: string, address: string) => ({ account: `${prefixes.account}:${email}`, address: `${prefixes.address}:${address}` });
  return {
    limits,
    async isOver(email: string, address: string): Promise<boolean> {
      const k = keys(email, address);
      const counted = await recentFailures([k.account, k.address], WINDOW);
      return (counted.get(k.account) ?? 0) >= limits.account || (counted.get(k.address) ?? 0) >= limits.address;
    },
    async count(email: string, address: string): Promise<void> {
      const k = keys(email, address);
      await countFailure([k.account, k.address], WINDOW);
    },
    /** Forgives the account's counted attempts (not the address's). */
    async forgive(email: string): Promise<void> {
      await forgetFailures(keys(email, "").account);
    },
  };
}

/** Failed sign-ins; a successful one forgives the account's. */
export const signInFailures = attemptLimit({ account: "account", address: "address" }, { account: 5, address: 50 });

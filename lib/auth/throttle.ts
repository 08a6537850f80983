import { countFailure, forgetFailures, recentFailures } from "@/lib/directory";

// Failed sign-ins are counted per account and per client address in Postgres, so the limit holds
// across app instances. Once a key reaches its limit within the window, every attempt on it is
// refused, the right password included, until the window has passed.
export const SIGN_IN_LIMITS = { account: 5, address: 50 } as const;
const WINDOW = "15 minutes";

function keys(email: string, address: string) {
  return { account: `account:${email}`, address: `address:${address}` };
}

export async function isThrottled(email: string, address: string): Promise<boolean> {
  const k = keys(email, address);
  const failures = await recentFailures([k.account, k.address], WINDOW);
  return (failures.get(k.account) ?? 0) >= SIGN_IN_LIMITS.account || (failures.get(k.address) ?? 0) >= SIGN_IN_LIMITS.address;
}

export async function recordFailure(email: string, address: string): Promise<void> {
  const k = keys(email, address);
  await countFailure([k.account, k.address], WINDOW);
}

/** A successful sign-in forgives the account's earlier failures (not the address's). */
export async function clearAccountFailures(email: string): Promise<void> {
  await forgetFailures(keys(email, "").account);
}

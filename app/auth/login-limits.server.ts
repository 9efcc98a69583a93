// Sign-in limits. An attempt is claimed — counted in the database, in one atomic write per
// counter — before its password is checked, so any number of parallel attempts, in any number of
// server processes (WEB_PROCESSES) sharing the SQLite file, get no more checks than the limits
// allow. rate-limiter-flexible's Prisma store keeps the counters (table RateLimit): its upsert
// increments in the database, and the file is shared by every process. (Its memory store would
// count per process; Redis is optional here, and the web server must not need it to sign in.)
//
// The policy (README "Security"):
// - per account and address together: 5 attempts in 15 minutes, then one a minute (slowed, not
//   locked); a successful sign-in clears them;
// - per address, across accounts: 20 attempts in 15 minutes, then one a minute;
// - per account, across addresses: after 100 failed attempts in an hour, only addresses with no
//   failed attempts of their own in the window may try.
// Nobody can lock anyone out: an address with no recent failures always gets its password checked.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "../generated/prisma/client";

export const LOGIN_POLICY = {
  windowMs: 15 * 60_000,
  /** Attempts per account and address within the window before they are slowed. */
  perPair: 5,
  /** Attempts per address across accounts within the window before they are slowed. */
  perAddress: 20,
  /** Once slowed, one attempt per this interval. */
  slowEveryMs: 60_000,
  /** Failed attempts on one account within accountWindowMs before its failing addresses stop. */
  perAccount: 100,
  accountWindowMs: 60 * 60_000,
} as const;

type Limiter = RateLimiterPrisma;

function limiters(database: PrismaClient) {
  const make = (keyPrefix: string, points: number, ms: number): Limiter =>
    new RateLimiterPrisma({
      storeClient: database,
      tableName: "rateLimit",
      keyPrefix,
      points,
      duration: ms / 1000,
      // One timer per process clears lapsed counters (the pair limiter's; they share the table).
      clearExpiredByTimeout: keyPrefix === "pair",
    });
  return {
    pair: make("pair", LOGIN_POLICY.perPair, LOGIN_POLICY.windowMs),
    pairSlow: make("pair-slow", 1, LOGIN_POLICY.slowEveryMs),
    address: make("address", LOGIN_POLICY.perAddress, LOGIN_POLICY.windowMs),
    addressSlow: make("address-slow", 1, LOGIN_POLICY.slowEveryMs),
    account: make("account", LOGIN_POLICY.perAccount, LOGIN_POLICY.accountWindowMs),
  };
}

const byDatabase = new WeakMap<PrismaClient, ReturnType<typeof limiters>>();
const limitersOf = (database: PrismaClient) => {
  let l = byDatabase.get(database);
  if (!l) byDatabase.set(database, (l = limiters(database)));
  return l;
};

export type Claim =
  { ok: true; settle: (success: boolean) => Promise<void> } | { ok: false; retryAfterMs: number };

/** Consumes a point; resolves to null when allowed, else the wait the limiter asks for. */
async function consume(limiter: Limiter, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1000);
    throw error; // a database error: the caller refuses (fails closed)
  }
}

/** A budget, or once spent the slow lane beside it (one attempt per slowEveryMs). */
async function consumeOrSlow(fast: Limiter, slow: Limiter, key: string): Promise<number | null> {
  if ((await consume(fast, key)) === null) return null;
  return consume(slow, key);
}

const used = (res: RateLimiterRes | null) => res?.consumedPoints ?? 0;

/**
 * Claims a sign-in attempt for the account (lower-case email) from the address, before the
 * password is checked. Call settle() with the outcome: a success clears the pair's counters and
 * gives back the address's and account's points.
 */
export async function claimLoginAttempt(
  database: PrismaClient,
  email: string,
  address: string,
): Promise<Claim> {
  const l = limitersOf(database);
  const pairKey = `${email}\n${address}`;
  const account = await l.account.get(email);
  if (used(account) >= LOGIN_POLICY.perAccount) {
    // Many addresses are guessing this account: only an address with a clean record may try.
    const [own, pair] = await Promise.all([l.address.get(address), l.pair.get(pairKey)]);
    if (used(own) > 0 || used(pair) > 0)
      return { ok: false, retryAfterMs: Math.max(account!.msBeforeNext, 1000) };
  }
  const addressWait = await consumeOrSlow(l.address, l.addressSlow, address);
  if (addressWait !== null) return { ok: false, retryAfterMs: addressWait };
  const pairWait = await consumeOrSlow(l.pair, l.pairSlow, pairKey);
  if (pairWait !== null) {
    await l.address.reward(address);
    return { ok: false, retryAfterMs: pairWait };
  }
  // Counted whatever its verdict: it only ever narrows who may try, never stops this attempt.
  await consume(l.account, email);
  return {
    ok: true,
    async settle(success) {
      if (!success) return;
      await Promise.all([
        l.pair.delete(pairKey),
        l.pairSlow.delete(pairKey),
        l.address.reward(address),
        l.account.reward(email),
      ]);
    },
  };
}

// Signing in and out, and who the current user is.
import { redirect } from "@remix-run/node";
import type { PrismaClient, User } from "../generated/prisma/client";
import { db } from "../db/db.server";
import { readStatement } from "../db/read.server";
import { verifyPassword } from "./password.server";
import { sessionStorage } from "./session.server";

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failed attempts per account within the window before it is locked for the rest of it. */
  perAccount: 5,
  /** Failed attempts per client address within the window. */
  perAddress: 20,
} as const;

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "unitId" | "isDemo">;

export type LoginResult =
  { ok: true; user: User } | { ok: false; reason: "invalid" | "rate_limited" };

/** Checks the password, counting failures per account and per address to stop guessing. */
export async function login(
  database: PrismaClient,
  email: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<LoginResult> {
  const accountKey = `account:${email.toLowerCase()}`;
  const addressKey = `address:${address}`;
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  const [accountFailures, addressFailures] = await Promise.all([
    database.loginAttempt.count({
      where: { key: accountKey, success: false, createdAt: { gt: since } },
    }),
    database.loginAttempt.count({
      where: { key: addressKey, success: false, createdAt: { gt: since } },
    }),
  ]);
  if (accountFailures >= LOGIN_LIMITS.perAccount || addressFailures >= LOGIN_LIMITS.perAddress) {
    return { ok: false, reason: "rate_limited" };
  }
  const user = await database.user.findUnique({ where: { email: email.toLowerCase() } });
  // Verify against a dummy hash for unknown accounts so that timing does not reveal them.
  const ok =
    user?.passwordHash && user.active
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(DUMMY_HASH, password);
  const success = Boolean(ok && user?.active && user.passwordHash);
  await database.loginAttempt.createMany({
    data: [
      { key: accountKey, success, createdAt: now },
      { key: addressKey, success, createdAt: now },
    ],
  });
  if (!success || !user) return { ok: false, reason: "invalid" };
  await database.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user };
}

const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$qKOD0g2B/Gr0A5Z0cDN8hg$VwWNvPdHp8bq6S0EcULfCQUDq9icmAOW2ABa45AKy20";

export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  session.set("userId", userId);
  return redirect(safeRedirect(redirectTo), {
    headers: { "Set-Cookie": await storage.commitSession(session) },
  });
}

export async function logout(request: Request) {
  const storage = sessionStorage();
  const session = await storage.getSession(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": await storage.destroySession(session) } });
}

// A page request runs the root loader and the route's loader side by side, and both ask who the
// user is; they start in the same turn of the event loop, so one lookup serves both. The memo
// lives for that turn only: a deactivated user is refused on their very next request.
const inFlight = new Map<string, Promise<SessionUser | null>>();

export function getUser(request: Request): Promise<SessionUser | null> {
  const cookie = request.headers.get("Cookie") ?? "";
  const hit = inFlight.get(cookie);
  if (hit) return hit;
  const lookup = userFromCookie(cookie);
  inFlight.set(cookie, lookup);
  setImmediate(() => inFlight.delete(cookie));
  return lookup;
}

// A signed cookie's verdict never changes while the secret stays the same (one process lifetime):
// checking its HMAC once per cookie, not once per request, is enough. Bounded; oldest out first.
const verified = new Map<string, string | null>();
const VERIFIED_MAX = 10_000;

async function sessionUserId(cookie: string): Promise<string | null> {
  if (verified.has(cookie)) return verified.get(cookie)!;
  const session = await sessionStorage().getSession(cookie);
  const userId = session.get("userId");
  const id = typeof userId === "string" ? userId : null;
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(cookie, id);
  return id;
}

type UserRow = Omit<SessionUser, "isDemo"> & { isDemo: number; active: number };

/** The user a Cookie header signs in, if any and if still active. */
export async function userFromCookie(cookie: string): Promise<SessionUser | null> {
  if (!cookie) return null;
  const userId = await sessionUserId(cookie);
  if (!userId) return null;
  // Every page asks this: a prepared statement, not a Prisma query (app/db/read.server.ts).
  const row = readStatement(
    db(),
    `SELECT id, email, name, role, unitId, isDemo, active FROM "User" WHERE id = ?`,
  ).get(userId) as UserRow | undefined;
  if (!row || !row.active) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    unitId: row.unitId,
    isDemo: Boolean(row.isDemo),
  };
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Only same-site paths: an open redirect would let a crafted link send people elsewhere. */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
): string {
  if (
    !to ||
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\")
  )
    return fallback;
  return to;
}

/** Where a user lands after signing in. */
export function homeFor(role: string): string {
  return role === "LIAISON" ? "/my" : role === "REVIEWER" ? "/review" : "/admin/users";
}

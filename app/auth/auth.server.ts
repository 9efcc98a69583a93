// Signing in and out, and who the current user is.
import { redirect } from "@remix-run/node";
import type { PrismaClient, User } from "../generated/prisma/client";
import { db } from "../db/db.server";
import { readStatement } from "../db/read.server";
import { claimLoginAttempt } from "./login-limits.server";
import { verifyPassword } from "./password.server";
import { safeRedirect } from "./redirect";
import { clientAddress } from "./request.server";
import {
  clearSessionCookie,
  endSession,
  SESSION_LIMITS,
  sessionIdFromCookie,
  sessionLive,
  startSession,
  touchSession,
  type SessionMeta,
} from "./session.server";

export { safeRedirect };

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "unitId" | "isDemo"> & {
  /** The Session row this request signed in with. */
  sessionId: string;
};

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

/**
 * Checks the password, after claiming the attempt against the sign-in limits
 * (app/auth/login-limits.server.ts): a refused claim checks nothing.
 */
export async function login(
  database: PrismaClient,
  email: string,
  password: string,
  address: string,
  now = new Date(),
): Promise<LoginResult> {
  const account = email.toLowerCase();
  const claim = await claimLoginAttempt(database, account, address);
  if (!claim.ok) return { ok: false, reason: "rate_limited", retryAfterMs: claim.retryAfterMs };
  const user = await database.user.findUnique({ where: { email: account } });
  // Verify against a dummy hash for unknown accounts so that timing does not reveal them.
  const ok =
    user?.passwordHash && user.active
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(DUMMY_HASH, password);
  const success = Boolean(ok && user?.active && user.passwordHash);
  await claim.settle(success);
  if (!success || !user) return { ok: false, reason: "invalid" };
  await database.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user };
}

const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$qKOD0g2B/Gr0A5Z0cDN8hg$VwWNvPdHp8bq6S0EcULfCQUDq9icmAOW2ABa45AKy20";

/** Who is signing in from where, as 个人设置 lists it. */
export function sessionMeta(request: Request): SessionMeta {
  return { address: clientAddress(request), userAgent: request.headers.get("user-agent") };
}

/** Starts a new session (never reuses the one the request came with) and redirects. */
export async function createUserSession(request: Request, userId: string, redirectTo: string) {
  const setCookie = await startSession(db(), userId, sessionMeta(request));
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": setCookie } });
}

/** Ends the request's session (its row goes: a copy of the cookie no longer works). */
export async function logout(request: Request) {
  const id = await sessionIdFromCookie(request.headers.get("Cookie"));
  if (id) await endSession(db(), id);
  return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookie() } });
}

// A page request runs the root loader and the route's loader side by side, and both ask who the
// user is; they start in the same turn of the event loop, so one lookup serves both. The memo
// lives for that turn only: an ended session is refused on its very next request.
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

type SessionRow = Omit<SessionUser, "isDemo" | "sessionId"> & {
  isDemo: number;
  lastSeenAt: string;
  expiresAt: string;
};

/** The user a Cookie header signs in, if its session is live and its person still active. */
export async function userFromCookie(cookie: string): Promise<SessionUser | null> {
  const sessionId = await sessionIdFromCookie(cookie);
  if (!sessionId) return null;
  // Every page asks this: a prepared statement, not a Prisma query (app/db/read.server.ts).
  const row = readStatement(
    db(),
    `SELECT u.id, u.email, u.name, u.role, u.unitId, u.isDemo, s.lastSeenAt, s.expiresAt
     FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE s.id = ? AND u.active = 1`,
  ).get(sessionId) as SessionRow | undefined;
  const now = Date.now();
  if (!row || !sessionLive(row, now)) return null;
  if (now - new Date(row.lastSeenAt).getTime() >= SESSION_LIMITS.touchEveryMs)
    touchSession(sessionId, new Date(now));
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    unitId: row.unitId,
    isDemo: Boolean(row.isDemo),
    sessionId,
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

/** Where a user lands after signing in. */
export function homeFor(role: string): string {
  return role === "LIAISON"
    ? "/my"
    : role === "REVIEWER" || role === "LEADER"
      ? "/review"
      : "/admin/users";
}

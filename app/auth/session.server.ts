// Server-side sessions. The cookie carries a random token, signed (so a forged cookie costs no
// database read); the Session table holds only the token's sha256. A session is valid while its
// row exists, its person is active, and neither its absolute nor its idle expiry has passed —
// checked on every request, by every server process, since they share the table. Ending a session
// deletes its row: logout, a password change (the person's other sessions), a reset or a
// deactivation (all of them).
//
// The secret is generated on first start and kept in the data folder (never in the repository);
// SESSION_SECRET overrides it.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookie, type Cookie } from "@remix-run/node";
import { dataDir } from "../config.server";
import { db } from "../db/db.server";
import type { PrismaClient } from "../generated/prisma/client";

export const SESSION_LIMITS = {
  /** A session ends this long after sign-in, however active. */
  absoluteMs: 12 * 3600_000,
  /** …or after this long without a request. */
  idleMs: 2 * 3600_000,
  /** lastSeenAt is written at most this often per session (idle expiry is this precise). */
  touchEveryMs: 60_000,
} as const;

function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir(), "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    // wx: two processes starting together must not overwrite each other's secret.
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

/** Secure unless COOKIE_SECURE=false; off by default outside production (plain http in development). */
function secureCookie(): boolean {
  if (process.env.COOKIE_SECURE) return process.env.COOKIE_SECURE !== "false";
  return process.env.NODE_ENV === "production";
}

let cookie: Cookie | null = null;

/** The signed session cookie (its value is the session's token). */
export function sessionCookie(): Cookie {
  cookie ??= createCookie("__duban", {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookie(),
    path: "/",
    maxAge: SESSION_LIMITS.absoluteMs / 1000,
    secrets: [sessionSecret()],
  });
  return cookie;
}

/** The Session row id of a token. */
export const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("hex");

export type SessionMeta = { address?: string | null; userAgent?: string | null };

/** Starts a session for the user; returns the Set-Cookie header value. */
export async function startSession(
  database: PrismaClient,
  userId: string,
  meta: SessionMeta = {},
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // The person's lapsed sessions go as a new one starts: the table stays as small as its use.
  await database.session.deleteMany({
    where: {
      userId,
      OR: [
        { expiresAt: { lte: now } },
        { lastSeenAt: { lte: new Date(now.getTime() - SESSION_LIMITS.idleMs) } },
      ],
    },
  });
  await database.session.create({
    data: {
      id: sessionIdOf(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIMITS.absoluteMs),
      address: meta.address?.slice(0, 100) ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
  });
  return sessionCookie().serialize(token);
}

/** The Set-Cookie header value that removes the cookie. */
export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0 });
}

// A signed cookie's verdict never changes while the secret stays the same (one process lifetime):
// checking its HMAC once per cookie, not once per request, is enough. Bounded; oldest out first.
const verified = new Map<string, string | null>();
const VERIFIED_MAX = 10_000;

/** The session id a Cookie header carries (signature checked), or null. */
export async function sessionIdFromCookie(
  header: string | null | undefined,
): Promise<string | null> {
  if (!header) return null;
  if (verified.has(header)) return verified.get(header)!;
  const token: unknown = await sessionCookie().parse(header);
  const id = typeof token === "string" && token.length >= 32 ? sessionIdOf(token) : null;
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(header, id);
  return id;
}

/** Whether a session's row, read at `now`, is still valid; expired rows are not yet deleted. */
export function sessionLive(
  row: { lastSeenAt: string | Date; expiresAt: string | Date },
  now = Date.now(),
): boolean {
  return (
    new Date(row.expiresAt).getTime() > now &&
    new Date(row.lastSeenAt).getTime() + SESSION_LIMITS.idleMs > now
  );
}

/** Records use of a session, at most once a touch interval (the caller checked the interval). */
export function touchSession(id: string, now = new Date()): void {
  // Not awaited: the request does not depend on it, and a failed touch only shortens the session.
  db()
    .session.updateMany({ where: { id }, data: { lastSeenAt: now } })
    .catch((error: Error) => console.error(`web: session touch failed: ${error.message}`));
}

/** Ends one session (logout, or "end this one" on 个人设置 — then only if it is the user's). */
export async function endSession(database: PrismaClient, id: string, userId?: string) {
  await database.session.deleteMany({ where: userId ? { id, userId } : { id } });
}

/** Ends every session of the person, except `keepId` if given. */
export async function endSessionsOf(
  database: Pick<PrismaClient, "session">,
  userId: string,
  keepId?: string | null,
) {
  await database.session.deleteMany({
    where: keepId ? { userId, id: { not: keepId } } : { userId },
  });
}

/** The person's live sessions, newest use first, for 个人设置. */
export async function sessionsOf(database: PrismaClient, userId: string, now = new Date()) {
  const rows = await database.session.findMany({
    where: { userId },
    orderBy: { lastSeenAt: "desc" },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      address: true,
      userAgent: true,
    },
  });
  return rows.filter((r) => sessionLive(r, now.getTime()));
}

// Accounts: invitations, roles and units, deactivation, and the first admin.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { endSessionsOf } from "../auth/session.server";
import { issueToken, revokeTokens } from "../auth/tokens.server";
import { writeTransaction } from "../db/db.server";
import type { SessionUser } from "../auth/auth.server";
import { pageChangeSeq } from "./page-change.server";
import { ROLES } from "./permissions";
import { taskIndex } from "./task-index.server";

export class UserError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const USERS_PER_PAGE = 50;

export type UserFilter = {
  q?: string;
  role?: string;
  unitId?: string;
  status?: "active" | "pending" | "inactive";
  page: number;
};

/** Reads the users page's filter from a URL's search params, ignoring what does not make sense. */
export function parseUserFilter(params: URLSearchParams): UserFilter {
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  const page = Number(params.get("page") ?? 1);
  return {
    q: params.get("q")?.trim().slice(0, 100) || undefined,
    role: (ROLES as string[]).includes(role) ? role : undefined,
    unitId: params.get("unit")?.slice(0, 100) || undefined,
    status: ["active", "pending", "inactive"].includes(status)
      ? (status as UserFilter["status"])
      : undefined,
    page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1,
  };
}

/** One page of accounts, searched by name or email and filtered by role, unit and state. */
export async function listUsers(db: PrismaClient, filter: UserFilter) {
  const where = {
    ...(filter.q
      ? { OR: [{ email: { contains: filter.q } }, { name: { contains: filter.q } }] }
      : {}),
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.unitId ? { unitId: filter.unitId } : {}),
    ...(filter.status === "inactive"
      ? { active: false }
      : filter.status === "pending"
        ? { active: true, passwordHash: null }
        : filter.status === "active"
          ? { active: true, passwordHash: { not: null } }
          : {}),
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ active: "desc" }, { role: "asc" }, { email: "asc" }],
      skip: (filter.page - 1) * USERS_PER_PAGE,
      take: USERS_PER_PAGE,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        active: true,
        isDemo: true,
        lastLoginAt: true,
        passwordHash: true,
        unit: { select: { name: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  const users = rows.map(({ passwordHash, unit, lastLoginAt, ...u }) => ({
    ...u,
    unit: unit?.name ?? null,
    lastLoginAt: lastLoginAt?.toISOString() ?? null,
    pending: !passwordHash,
  }));
  return { users, total, pageCount: Math.max(1, Math.ceil(total / USERS_PER_PAGE)) };
}

/** Units a person can belong to: today's units, not collectives. */
export function assignableUnits(db: PrismaClient) {
  return db.unit.findMany({
    where: { successorId: null, active: true, kind: { not: "COLLECTIVE" } },
    orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, jurisdiction: { select: { name: true } } },
  });
}

/** Creates the account without a password and returns the single-use invitation token. */
export async function inviteUser(
  db: PrismaClient,
  input: { email: string; name: string; role: string; unitId: string },
  actorId: string,
) {
  if (await db.user.findUnique({ where: { email: input.email } }))
    throw new UserError("该邮箱已有账号", "email");
  if (input.unitId && !(await db.unit.findUnique({ where: { id: input.unitId } })))
    throw new UserError("没有这个单位", "unitId");
  const user = await db.user.create({
    data: { email: input.email, name: input.name, role: input.role, unitId: input.unitId || null },
  });
  await db.auditEvent.create({
    data: {
      actorId,
      type: "user.invited",
      payload: JSON.stringify({ email: user.email, role: user.role }),
    },
  });
  return { user, token: await issueToken(db, user.id, "INVITE") };
}

export async function updateUser(
  db: PrismaClient,
  input: { userId: string; role: string; unitId: string },
  actorId: string,
) {
  await db.user.update({
    where: { id: input.userId },
    data: { role: input.role, unitId: input.unitId || null },
  });
  await db.auditEvent.create({
    data: { actorId, type: "user.updated", payload: JSON.stringify(input) },
  });
}

export async function setActive(
  db: PrismaClient,
  userId: string,
  active: boolean,
  actorId: string,
) {
  if (userId === actorId && !active) throw new UserError("不能停用自己的账号");
  await writeTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { active } });
    // Deactivated means signed out everywhere, and no link sent before works after: a later
    // reactivation brings none of them back.
    if (!active) {
      await endSessionsOf(tx, userId);
      await revokeTokens(tx, userId);
    }
    await tx.auditEvent.create({
      data: {
        actorId,
        type: active ? "user.reactivated" : "user.deactivated",
        payload: JSON.stringify({ userId }),
      },
    });
  });
}

/**
 * 个人设置: a new password, given the current one. Every other session of the person ends; the
 * one making the change stays signed in.
 */
export async function changePassword(
  db: PrismaClient,
  userId: string,
  sessionId: string,
  current: string,
  next: string,
): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) return false;
  const passwordHash = await hashPassword(next);
  await writeTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await endSessionsOf(tx, userId, sessionId);
    await tx.auditEvent.create({
      data: { actorId: userId, type: "user.password_changed", payload: "{}" },
    });
  });
  return true;
}

/**
 * `npm run admin:reset -- <email>`: a new one-time password for an admin account, printed once
 * by the command, for when nobody can sign in as admin. The account is reactivated, its links
 * revoked and its sessions ended.
 */
export async function resetAdminPassword(db: PrismaClient, email: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new UserError(`没有账号 ${email}`);
  if (user.role !== "ADMIN") throw new UserError(`${user.email} 不是管理员账号`);
  const password = randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(password);
  await writeTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, active: true } });
    await endSessionsOf(tx, user.id);
    await revokeTokens(tx, user.id);
    await tx.auditEvent.create({
      data: {
        actorId: null,
        type: "user.admin_password_reset",
        payload: JSON.stringify({ email: user.email, by: "command line" }),
      },
    });
  });
  return { email: user.email, password };
}

export async function passwordResetToken(db: PrismaClient, userId: string, actorId: string) {
  await db.auditEvent.create({
    data: { actorId, type: "user.reset_link_issued", payload: JSON.stringify({ userId }) },
  });
  return issueToken(db, userId, "RESET");
}

/**
 * With an empty user table, creates an admin and returns its one-time password (to be printed
 * once); otherwise null.
 */
export async function ensureFirstAdmin(
  db: PrismaClient,
  email = process.env.ADMIN_EMAIL || "admin@duban.local",
) {
  if ((await db.user.count()) > 0) return null;
  const password = randomBytes(12).toString("base64url");
  const user = await db.user.create({
    data: {
      email: email.toLowerCase(),
      name: "系统管理员",
      role: "ADMIN",
      passwordHash: await hashPassword(password),
    },
  });
  await db.auditEvent.create({
    data: {
      actorId: user.id,
      type: "user.first_admin_created",
      payload: JSON.stringify({ email: user.email }),
    },
  });
  return { email: user.email, password };
}

// Whether demo accounts exist (the banner on every page). Kept until a user is added, removed or
// renamed or their demo flag changes (the PageChange log), so every page is spared a count over
// all users and a cached page never shows a banner its key does not account for.
const demoCache = new WeakMap<PrismaClient, { seq: number; value: Promise<boolean> }>();
export function hasDemoUsers(db: PrismaClient): Promise<boolean> {
  const seq = pageChangeSeq(db);
  const hit = demoCache.get(db);
  if (hit && hit.seq === seq) return hit.value;
  const value = db.user.count({ where: { isDemo: true } }).then((n) => n > 0);
  value.catch(() => demoCache.delete(db));
  demoCache.set(db, { seq, value });
  return value;
}

/**
 * Who is looking, as far as any page may show or depend on it: their role and their unit. Pages
 * that depend on more than this (a profile, an account list) are not shared between people.
 */
export function viewerOf(db: PrismaClient, user: Pick<SessionUser, "role" | "unitId">): Viewer {
  return {
    role: user.role,
    unitId: user.unitId,
    unit: user.unitId ? (taskIndex(db).unit(user.unitId)?.name ?? null) : null,
  };
}

export type Viewer = { role: string; unitId: string | null; unit: string | null };

// Accounts: invitations, roles and units, deactivation, and the first admin.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { hashPassword } from "../auth/password.server";
import { issueToken } from "../auth/tokens.server";
import type { SessionUser } from "../auth/auth.server";
import { pageChangeSeq } from "./page-change.server";
import { taskIndex } from "./task-index.server";

export class UserError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function listUsers(db: PrismaClient) {
  return db.user.findMany({
    orderBy: [{ active: "desc" }, { role: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      isDemo: true,
      lastLoginAt: true,
      passwordHash: true,
      unit: { select: { id: true, name: true } },
    },
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
  await db.user.update({ where: { id: userId }, data: { active } });
  await db.auditEvent.create({
    data: {
      actorId,
      type: active ? "user.reactivated" : "user.deactivated",
      payload: JSON.stringify({ userId }),
    },
  });
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

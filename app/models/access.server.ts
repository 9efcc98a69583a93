// Enforcing permissions on requests: refused attempts get 403 and are logged.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { sqliteTime } from "../utils/time";
import type { SessionUser } from "../auth/auth.server";
import {
  may,
  mayAdminister,
  mayEditUnits,
  mayKeepConferenceMembers,
  mayRecordMeetings,
  actsForSupervisor,
  readsBoard,
  readsRollups,
  type Relation,
  type TaskAction,
  type TaskStanding,
} from "./permissions";
import { taskIndex, type TaskIndex } from "./task-index.server";

/** How the user's unit stands to a task: LEAD if any of its assignments leads, CO, or null. */
export async function unitRelation(
  db: PrismaClient,
  user: Pick<SessionUser, "unitId">,
  taskId: string,
): Promise<Relation> {
  // From the task index (current to the database's change log): every page of a task asks this.
  return relationIn(taskIndex(db), user, taskId);
}

/** The user's unit's relation to the task and whether it supervises the task's jurisdiction. */
export function standingTo(
  index: TaskIndex,
  user: Pick<SessionUser, "unitId">,
  taskId: string,
): TaskStanding {
  const task = index.get(taskId);
  return {
    relation: relationIn(index, user, taskId),
    supervises: Boolean(task && index.supervisedBy(user.unitId).has(task.jurisdictionId)),
  };
}

function relationIn(index: TaskIndex, user: Pick<SessionUser, "unitId">, taskId: string): Relation {
  if (!user.unitId) return null;
  const ids = new Set(index.responsibleUnitIds(user.unitId));
  const mine = index.get(taskId)?.assignments.filter((a) => ids.has(a.unitId)) ?? [];
  if (mine.some((a) => a.role === "LEAD")) return "LEAD";
  return mine.length > 0 ? "CO" : null;
}

/**
 * Refuses the request (403) and records it: one access.denied row per person, kind of request and
 * minute, counting the refusals it stands for, so that a scripted attack cannot grow the database
 * (or the log) without bound. The kind is the method and the action refused, never the raw path:
 * made-up ids in URLs are as many kinds as an attacker likes.
 */
export async function denied(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
  detail: Record<string, unknown> & { action: string },
  now = new Date(),
): Promise<never> {
  const path = new URL(request.url).pathname.slice(0, 200);
  const minute = now.toISOString().slice(0, 16);
  const onceKey = `access.denied:${user.id}:${request.method}:${detail.action}:${minute}`;
  const payload = JSON.stringify({ method: request.method, path, ...detail, count: 1 });
  const first = await db.$queryRawUnsafe<Array<{ count: number }>>(
    `INSERT INTO "AuditEvent" (id, actorId, type, payload, onceKey, createdAt)
     VALUES (?, ?, 'access.denied', ?, ?, ?)
     ON CONFLICT ("onceKey") DO UPDATE SET
       payload = json_set(payload, '$.count', coalesce(json_extract(payload, '$.count'), 1) + 1)
     RETURNING json_extract(payload, '$.count') AS count`,
    randomUUID(),
    user.id,
    payload,
    onceKey,
    sqliteTime(now),
  );
  if (Number(first[0]?.count) === 1)
    console.warn(
      `access denied: ${user.email} (${user.role}) ${request.method} ${path} ${JSON.stringify(detail)}` +
        " (further refusals of this kind within the minute are counted, not logged)",
    );
  throw new Response(
    "无权访问：您的单位不是此任务的责任单位或督办单位，或您的角色不能执行此操作。此次访问已记录。",
    { status: 403 },
  );
}

/** How the user stands to the task if the action is allowed; otherwise 403 (logged). 404 if no such task. */
export async function authorizeTask(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
  taskId: string,
  action: TaskAction,
): Promise<TaskStanding> {
  const index = taskIndex(db);
  const task = index.get(taskId);
  if (!task) throw new Response("没有这项任务", { status: 404 });
  const to = standingTo(index, user, taskId);
  if (!may(user.role, action, to)) await denied(db, request, user, { taskId, action });
  // An archived task (its document's new version no longer has it) is kept to be read, not worked on.
  if (task.archived && action !== "read")
    throw new Response("该任务已归档（文件新版本中已无此项），只能查看，不能报送或办理。", {
      status: 409,
    });
  return to;
}

export async function requireAdmin(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
): Promise<void> {
  if (!mayAdminister(user.role)) await denied(db, request, user, { action: "administer" });
}

export async function requireReviewer(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
): Promise<void> {
  if (user.role !== "REVIEWER") await denied(db, request, user, { action: "review" });
}

/** 403 (logged) unless the user reads the board of a supervising unit (a reviewer or a leader). */
export async function requireBoardReader(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
): Promise<void> {
  if (!readsBoard(user.role)) await denied(db, request, user, { action: "board" });
}

/** Which roll-up reports a user sees: an admin all, a reviewer those of their supervising unit. */
export function rollupsOf(user: Pick<SessionUser, "role" | "unitId">): { supervisorId?: string } {
  return user.role === "ADMIN" ? {} : { supervisorId: user.unitId ?? "" };
}

/** 403 (logged) unless the user may read roll-ups, and this one if given. */
export async function requireRollupReader(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
  report?: { id: string; supervisorId: string | null } | null,
): Promise<void> {
  if (!readsRollups(user.role)) await denied(db, request, user, { action: "reports" });
  const scope = rollupsOf(user);
  if (report && scope.supervisorId !== undefined && report.supervisorId !== scope.supervisorId)
    await denied(db, request, user, { action: "reports", reportId: report.id });
}

/** The jurisdictions whose units a user sees on the directory: all (admin), supervised (reviewer), their unit's (liaison). */
export function directoryScope(
  index: TaskIndex,
  user: Pick<SessionUser, "role" | "unitId">,
): ReadonlySet<string> | null {
  if (user.role === "ADMIN") return null;
  if (actsForSupervisor(user.role)) return index.supervisedBy(user.unitId);
  const own = user.unitId ? index.unit(user.unitId)?.jurisdictionId : undefined;
  return new Set(own ? [own] : []);
}

/** 403 (logged) unless the user may edit units of this jurisdiction. */
export async function requireUnitEditor(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
  jurisdictionId: string,
): Promise<void> {
  const supervises = taskIndex(db).supervisedBy(user.unitId).has(jurisdictionId);
  if (!mayEditUnits(user.role, supervises))
    await denied(db, request, user, { action: "editUnits", jurisdictionId });
}

/** 403 (logged) unless the user may record meetings for this jurisdiction. */
/** A reviewer of a supervising unit, keeping that unit's conference member list. */
export async function requireMemberKeeper(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
): Promise<string> {
  const supervisesAny = taskIndex(db).supervisedBy(user.unitId).size > 0;
  if (!mayKeepConferenceMembers(user.role, supervisesAny) || !user.unitId)
    await denied(db, request, user, { action: "keepConferenceMembers" });
  return user.unitId!;
}

export async function requireMeetingRecorder(
  db: PrismaClient,
  request: Request,
  user: SessionUser,
  jurisdictionId: string,
): Promise<void> {
  const supervises = taskIndex(db).supervisedBy(user.unitId).has(jurisdictionId);
  if (!mayRecordMeetings(user.role, supervises))
    await denied(db, request, user, { action: "recordMeeting", jurisdictionId });
}

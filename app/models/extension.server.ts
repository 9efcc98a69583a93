// Extensions (延期申请): before a due date (the task's, or one of its open milestones') the lead
// unit asks for a later one with a reason; a reviewer of the supervising unit
// approves or refuses it with a note. Approved, it moves the effective due date
// (standing.ts effectiveDueDate) — the task's own date stays as the original; a milestone's
// extension moves that milestone's date in force (milestone.server milestoneDueDates) the same way. Every request and
// decision is on the timeline, the decision is told to the lead unit, and the reviewers' digest
// lists both.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import { milestoneDueDates } from "./milestone.server";
import { leadUnitIds, liaisonsOf, notifyLiaisons, taskTitle } from "./notify.server";
import { effectiveDueDate } from "./standing";
import { taskIndex } from "./task-index.server";

export type ExtensionRefusal =
  "no_due_date" | "past_due" | "not_later" | "pending" | "decided" | "no_milestone";

/** The task's due date in force now (its own, moved by approved extensions). */
export function currentDueDate(db: PrismaClient, taskId: string): Date | null {
  const t = taskIndex(db).get(taskId);
  return t ? effectiveDueDate(t.dueDate, t.extensions) : null;
}

export async function requestExtension(
  db: PrismaClient,
  args: {
    taskId: string;
    requestedById: string;
    requestedDate: string;
    reason: string;
    /** A milestone (节点) of the task whose date is to move; absent: the task's due date. */
    milestoneId?: string | null;
    now?: Date;
  },
): Promise<{ ok: true; id: string } | { ok: false; reason: ExtensionRefusal }> {
  const now = args.now ?? new Date();
  const milestoneId = args.milestoneId || null;
  let original: Date | null;
  let milestoneTitle: string | null = null;
  if (milestoneId) {
    const m = await db.milestone.findFirst({
      where: { id: milestoneId, taskId: args.taskId, removedAt: null, completedAt: null },
    });
    if (!m) return { ok: false, reason: "no_milestone" };
    milestoneTitle = m.title;
    original = (await milestoneDueDates(db, [m])).get(m.id)!;
  } else original = currentDueDate(db, args.taskId);
  if (!original) return { ok: false, reason: "no_due_date" };
  // Before the due date, not after: a late request is an overdue task, not an extension.
  if (now.getTime() > original.getTime()) return { ok: false, reason: "past_due" };
  const requested = endOfDayShanghai(args.requestedDate);
  if (requested.getTime() <= original.getTime()) return { ok: false, reason: "not_later" };
  return writeTransaction(db, async (tx) => {
    // One request at a time per date: the task's, or each milestone's.
    const open = await tx.extensionRequest.findFirst({
      where: { taskId: args.taskId, milestoneId, status: "PENDING" },
    });
    if (open) return { ok: false as const, reason: "pending" as const };
    const r = await tx.extensionRequest.create({
      data: {
        taskId: args.taskId,
        milestoneId,
        requestedById: args.requestedById,
        originalDate: original,
        requestedDate: requested,
        reason: args.reason,
        createdAt: now,
      },
    });
    await tx.auditEvent.create({
      data: {
        taskId: args.taskId,
        actorId: args.requestedById,
        type: "extension.requested",
        payload: JSON.stringify({
          requestId: r.id,
          originalDate: shanghaiDate(original),
          requestedDate: args.requestedDate,
          reason: args.reason,
          ...(milestoneTitle ? { milestone: milestoneTitle } : {}),
        }),
        createdAt: now,
      },
    });
    return { ok: true as const, id: r.id };
  });
}

/** A reviewer's decision; the lead unit is told. Returns the notice emails' ids. */
export async function decideExtension(
  db: PrismaClient,
  args: {
    taskId: string;
    requestId: string;
    approve: boolean;
    note: string;
    decidedById: string;
    now?: Date;
  },
): Promise<{ ok: true; emailIds: string[] } | { ok: false; reason: ExtensionRefusal }> {
  const now = args.now ?? new Date();
  return writeTransaction(db, async (tx) => {
    const r = await tx.extensionRequest.findFirst({
      where: { id: args.requestId, taskId: args.taskId },
    });
    if (!r || r.status !== "PENDING") return { ok: false as const, reason: "decided" as const };
    const status = args.approve ? "APPROVED" : "REFUSED";
    const milestone = r.milestoneId
      ? await tx.milestone.findUnique({ where: { id: r.milestoneId }, select: { title: true } })
      : null;
    const what = milestone ? `节点「${milestone.title}」的时限` : "完成时限";
    await tx.extensionRequest.update({
      where: { id: r.id },
      data: { status, decidedById: args.decidedById, decidedAt: now, note: args.note },
    });
    // Granted after the date it moves: recorded, but "on time" still counts against the original.
    const late = args.approve && now.getTime() > r.originalDate.getTime();
    const payload = {
      requestId: r.id,
      originalDate: shanghaiDate(r.originalDate),
      requestedDate: shanghaiDate(r.requestedDate),
      note: args.note,
      ...(milestone ? { milestone: milestone.title } : {}),
      ...(late ? { grantedAfterDeadline: true } : {}),
    };
    const event = await tx.auditEvent.create({
      data: {
        taskId: args.taskId,
        actorId: args.decidedById,
        type: args.approve ? "extension.approved" : "extension.refused",
        payload: JSON.stringify(payload),
        createdAt: now,
      },
    });
    const lines = args.approve
      ? [
          `贵单位的延期申请已批准：${what}由 ${payload.originalDate} 延至 ${payload.requestedDate}。`,
          ...(late ? ["（批准时原时限已过，按时完成情况仍按原时限计算。）"] : []),
        ]
      : [`贵单位的延期申请未获批准，${what}仍为 ${payload.originalDate}。`];
    if (args.note) lines.push(`审核意见：${args.note}`);
    const emailIds = await notifyLiaisons(
      tx,
      await liaisonsOf(tx, await leadUnitIds(tx, r.taskId)),
      {
        eventId: event.id,
        taskId: r.taskId,
        title: args.approve ? "延期申请已批准" : "延期申请未批准",
        task: await taskTitle(tx, r.taskId),
        lines,
      },
    );
    return { ok: true as const, emailIds };
  });
}

export type ExtensionRow = {
  id: string;
  /** What it moves: 完成时限, or 节点「…」. */
  target: string;
  milestoneId: string | null;
  status: string;
  originalDate: string;
  requestedDate: string;
  reason: string;
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
  requestedBy: string;
  decidedBy: string | null;
  /** Approved after the date it moved: recorded, not counted for "on time". */
  grantedAfterDeadline: boolean;
};

/** A task's extension requests (its due date's and its milestones'), newest first. */
export async function taskExtensions(db: PrismaClient, taskId: string): Promise<ExtensionRow[]> {
  const rows = await db.extensionRequest.findMany({
    where: { taskId },
    orderBy: { createdAt: "desc" },
  });
  const milestones = new Map(
    (
      await db.milestone.findMany({
        where: { id: { in: rows.flatMap((r) => (r.milestoneId ? [r.milestoneId] : [])) } },
        select: { id: true, title: true },
      })
    ).map((m) => [m.id, m.title]),
  );
  const ids = [...new Set(rows.flatMap((r) => [r.requestedById, r.decidedById ?? ""]))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map(
      (u) => [u.id, u.name],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    target: r.milestoneId ? `节点「${milestones.get(r.milestoneId) ?? ""}」` : "完成时限",
    milestoneId: r.milestoneId,
    status: r.status,
    originalDate: shanghaiDate(r.originalDate),
    requestedDate: shanghaiDate(r.requestedDate),
    reason: r.reason,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    requestedBy: names.get(r.requestedById) ?? "",
    decidedBy: r.decidedById ? (names.get(r.decidedById) ?? "") : null,
    grantedAfterDeadline:
      r.status === "APPROVED" && r.decidedAt !== null && r.decidedAt > r.originalDate,
  }));
}

/**
 * For a supervising unit's digest: requests waiting for a decision, and those decided since.
 */
export async function extensionsForDigest(
  db: PrismaClient,
  jurisdictionIds: string[],
  since: Date,
  now: Date,
) {
  const rows = await db.$queryRawUnsafe<
    Array<{
      id: string;
      taskId: string;
      status: string;
      originalDate: string;
      requestedDate: string;
      reason: string;
      note: string | null;
      ref: string;
      heading: string;
      title: string;
      /** The milestone (节点) whose date it moves; null: the task's. */
      milestone: string | null;
    }>
  >(
    `SELECT e.id, e.taskId, e.status, e.originalDate, e.requestedDate, e.reason, e.note, t.ref, t.heading, d.title, m.title AS milestone
     FROM "ExtensionRequest" e JOIN "Task" t ON t.id = e.taskId JOIN "Document" d ON d.id = t.documentId
     LEFT JOIN "Milestone" m ON m.id = e.milestoneId
     WHERE t.jurisdictionId IN (SELECT value FROM json_each(?)) AND e.createdAt <= ?
       AND (e.status = 'PENDING' OR (e.decidedAt > ? AND e.decidedAt <= ?))
     ORDER BY e.createdAt`,
    JSON.stringify(jurisdictionIds),
    now.toISOString().replace("Z", "+00:00"),
    since.toISOString().replace("Z", "+00:00"),
    now.toISOString().replace("Z", "+00:00"),
  );
  return rows.map((r) => ({
    ...r,
    originalDate: shanghaiDate(new Date(r.originalDate)),
    requestedDate: shanghaiDate(new Date(r.requestedDate)),
  }));
}

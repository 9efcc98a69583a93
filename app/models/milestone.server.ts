// Milestones (节点): the lead unit splits a task into steps, each with a due date and optionally
// the units that own it; a reviewer can edit them; reports name the one they advance; the lead
// completes them. The nearest open one counts for the light (standing.ts nearestMilestone).
// Every change is a timeline entry naming what it was before.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import { effectiveDueDate, type GrantedExtension } from "./standing";

/**
 * Each milestone's date in force: its own, moved by its approved extensions (延期申请 with its
 * milestoneId) as standing.ts effectiveDueDate moves a task's. The milestone's own date stays the
 * original.
 */
export async function milestoneDueDates(
  db: Pick<PrismaClient, "extensionRequest">,
  milestones: ReadonlyArray<{ id: string; dueDate: Date }>,
): Promise<Map<string, Date>> {
  const granted = await db.extensionRequest.findMany({
    where: { milestoneId: { in: milestones.map((m) => m.id) }, status: "APPROVED" },
    select: { milestoneId: true, originalDate: true, requestedDate: true, decidedAt: true },
  });
  const by = new Map<string, GrantedExtension[]>();
  for (const g of granted)
    if (g.milestoneId && g.decidedAt)
      by.set(g.milestoneId, [...(by.get(g.milestoneId) ?? []), { ...g, decidedAt: g.decidedAt }]);
  return new Map(milestones.map((m) => [m.id, effectiveDueDate(m.dueDate, by.get(m.id))!]));
}

export type MilestoneRow = {
  id: string;
  title: string;
  /** The date in force (moved by approved extensions). */
  due: string;
  /** Its own date, when an extension moved it. */
  originalDue: string | null;
  units: string[];
  completedAt: string | null;
  /** Reports that said they advance it. */
  reports: number;
};

export async function taskMilestones(db: PrismaClient, taskId: string): Promise<MilestoneRow[]> {
  const rows = await db.milestone.findMany({
    where: { taskId, removedAt: null },
    orderBy: [{ dueDate: "asc" }, { position: "asc" }],
  });
  if (rows.length === 0) return [];
  const unitIds = [...new Set(rows.flatMap((m) => JSON.parse(m.unitIds) as string[]))];
  const names = new Map(
    (
      await db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } })
    ).map((u) => [u.id, u.name]),
  );
  const counts = await db.reportMilestone.groupBy({
    by: ["milestoneId"],
    where: { milestoneId: { in: rows.map((m) => m.id) } },
    _count: { _all: true },
  });
  const count = new Map(counts.map((c) => [c.milestoneId, c._count._all]));
  const due = await milestoneDueDates(db, rows);
  return rows.map((m) => ({
    id: m.id,
    title: m.title,
    due: shanghaiDate(due.get(m.id)!),
    originalDue: due.get(m.id)!.getTime() !== m.dueDate.getTime() ? shanghaiDate(m.dueDate) : null,
    units: (JSON.parse(m.unitIds) as string[]).map((id) => names.get(id) ?? id),
    completedAt: m.completedAt?.toISOString() ?? null,
    reports: count.get(m.id) ?? 0,
  }));
}

async function audit(
  tx: Pick<PrismaClient, "auditEvent">,
  taskId: string,
  actorId: string,
  type: string,
  payload: Record<string, unknown>,
) {
  await tx.auditEvent.create({ data: { taskId, actorId, type, payload: JSON.stringify(payload) } });
}

/** Owning units must be among the task's units (a crafted id of another is dropped). */
async function ownUnits(db: PrismaClient, taskId: string, unitIds: string[]): Promise<string[]> {
  const on = await db.assignment.findMany({
    where: { taskId, removedAt: null, unitId: { in: unitIds } },
    select: { unitId: true },
  });
  const ok = new Set(on.map((a) => a.unitId));
  return unitIds.filter((id) => ok.has(id));
}

export async function addMilestone(
  db: PrismaClient,
  args: { taskId: string; title: string; dueDate: string; unitIds: string[]; actorId: string },
) {
  const unitIds = await ownUnits(db, args.taskId, args.unitIds);
  await writeTransaction(db, async (tx) => {
    const last = await tx.milestone.findFirst({
      where: { taskId: args.taskId },
      orderBy: { position: "desc" },
    });
    await tx.milestone.create({
      data: {
        taskId: args.taskId,
        title: args.title,
        dueDate: endOfDayShanghai(args.dueDate),
        unitIds: JSON.stringify(unitIds),
        position: (last?.position ?? -1) + 1,
        createdById: args.actorId,
      },
    });
    await audit(tx, args.taskId, args.actorId, "milestone.added", {
      title: args.title,
      dueDate: args.dueDate,
    });
  });
}

/** A reviewer's (or the lead's) edit of the title and due date; the old ones on the timeline. */
export async function editMilestone(
  db: PrismaClient,
  args: { taskId: string; milestoneId: string; title: string; dueDate: string; actorId: string },
): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const m = await tx.milestone.findFirst({
      where: { id: args.milestoneId, taskId: args.taskId, removedAt: null },
    });
    if (!m) return false;
    await tx.milestone.update({
      where: { id: m.id },
      data: { title: args.title, dueDate: endOfDayShanghai(args.dueDate) },
    });
    await audit(tx, args.taskId, args.actorId, "milestone.edited", {
      title: args.title,
      dueDate: args.dueDate,
      previousTitle: m.title,
      previousDueDate: shanghaiDate(m.dueDate),
    });
    return true;
  });
}

export async function completeMilestone(
  db: PrismaClient,
  args: { taskId: string; milestoneId: string; actorId: string; now?: Date },
): Promise<boolean> {
  const now = args.now ?? new Date();
  return writeTransaction(db, async (tx) => {
    const m = await tx.milestone.findFirst({
      where: { id: args.milestoneId, taskId: args.taskId, removedAt: null, completedAt: null },
    });
    if (!m) return false;
    const due = (await milestoneDueDates(tx, [m])).get(m.id)!;
    await tx.milestone.update({
      where: { id: m.id },
      data: { completedAt: now, completedById: args.actorId },
    });
    await audit(tx, args.taskId, args.actorId, "milestone.completed", {
      title: m.title,
      dueDate: shanghaiDate(due),
      late: now > due,
    });
    return true;
  });
}

/** The task's open milestones with their dates in force, soonest first (推进节点, 延期申请). */
export async function openMilestones(db: PrismaClient, taskId: string) {
  const rows = await db.milestone.findMany({
    where: { taskId, removedAt: null, completedAt: null },
    orderBy: { dueDate: "asc" },
    select: { id: true, title: true, dueDate: true },
  });
  const due = await milestoneDueDates(db, rows);
  return rows
    .map((m) => ({ ...m, dueDate: due.get(m.id)! }))
    .sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
}

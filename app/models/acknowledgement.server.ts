// Acknowledgement (签收): each new assignment (seeding into a database that has tasks, an import,
// a reviewer's) waits for a liaison of the unit to acknowledge it; N working days after it was
// made (Setting "acknowledgeWithinWorkingDays", default 3) it is 领办逾期 and goes into the unit's
// reminder. Lists for the unit (/my) and the reviewers (/review); the timeline records who and when.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { readStatement } from "../db/read.server";
import { shanghaiDate } from "../utils/time";
import {
  acknowledgementState,
  DEFAULT_ACKNOWLEDGE_WORKING_DAYS,
  type AcknowledgementState,
} from "./standing";
import { taskIndex } from "./task-index.server";

const SETTING = "acknowledgeWithinWorkingDays";

/** The working days a unit has to acknowledge (the admin's setting, 1–30, else the default). */
export function acknowledgeWithin(db: PrismaClient): number {
  const row = readStatement(db, `SELECT value FROM "Setting" WHERE key = ?`).get(SETTING) as
    { value: string } | undefined;
  const n = Number(row?.value);
  return Number.isInteger(n) && n >= 1 && n <= 30 ? n : DEFAULT_ACKNOWLEDGE_WORKING_DAYS;
}

export async function setAcknowledgeWithin(db: PrismaClient, days: number, actorId: string) {
  await db.$transaction([
    db.setting.upsert({
      where: { key: SETTING },
      create: { key: SETTING, value: String(days) },
      update: { value: String(days) },
    }),
    db.auditEvent.create({
      data: { actorId, type: "setting.changed", payload: JSON.stringify({ [SETTING]: days }) },
    }),
  ]);
}

export type PendingAcknowledgement = AcknowledgementState & {
  assignmentId: string;
  taskId: string;
  ref: string;
  heading: string;
  document: string;
  unitId: string;
  unitName: string;
  role: string;
  assignedAt: Date;
  /** YYYY-MM-DD (Shanghai), the last day to acknowledge. */
  due: string;
};

/**
 * Active assignments not yet acknowledged, of open tasks: for units (their own, predecessors and
 * collectives: pass responsibleUnitIds) or for the jurisdictions a supervising unit supervises.
 * Late ones first, then the oldest.
 */
export async function pendingAcknowledgements(
  db: PrismaClient,
  scope: { unitIds: string[] } | { jurisdictionIds: string[] },
  now = new Date(),
): Promise<PendingAcknowledgement[]> {
  const within = acknowledgeWithin(db);
  const rows = await db.assignment.findMany({
    where: {
      removedAt: null,
      acknowledgement: null,
      ...("unitIds" in scope ? { unitId: { in: scope.unitIds } } : {}),
      task: {
        archivedAt: null,
        status: { not: "CLOSED" },
        ...("jurisdictionIds" in scope ? { jurisdictionId: { in: scope.jurisdictionIds } } : {}),
      },
    },
    select: {
      id: true,
      taskId: true,
      unitId: true,
      role: true,
      createdAt: true,
      unit: { select: { name: true } },
      task: { select: { ref: true, heading: true, document: { select: { title: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  const list = rows.map((a): PendingAcknowledgement => {
    const state = acknowledgementState(
      { assignedAt: a.createdAt, acknowledgedAt: null },
      now,
      within,
    );
    return {
      ...state,
      assignmentId: a.id,
      taskId: a.taskId,
      ref: a.task.ref,
      heading: a.task.heading,
      document: a.task.document.title,
      unitId: a.unitId,
      unitName: a.unit.name,
      role: a.role,
      assignedAt: a.createdAt,
      due: shanghaiDate(state.deadline),
    };
  });
  return list.sort((x, y) => Number(y.late) - Number(x.late));
}

/** The user's unit's assignments on the task still waiting for 签收. */
export async function unacknowledgedOf(db: PrismaClient, taskId: string, unitId: string) {
  const ids = taskIndex(db).responsibleUnitIds(unitId);
  return db.assignment.findMany({
    where: { taskId, removedAt: null, acknowledgement: null, unitId: { in: ids } },
    select: { id: true, unitId: true, createdAt: true, nameAsWritten: true, role: true },
  });
}

/**
 * A liaison acknowledges their unit's assignments on the task (all that wait: a unit can hold
 * one itself and one through a collective). Returns how many it acknowledged.
 */
export async function acknowledge(
  db: PrismaClient,
  args: { taskId: string; unitId: string; userId: string; now?: Date },
): Promise<number> {
  const now = args.now ?? new Date();
  const within = acknowledgeWithin(db);
  const waiting = await unacknowledgedOf(db, args.taskId, args.unitId);
  if (waiting.length === 0) return 0;
  return writeTransaction(db, async (tx) => {
    let n = 0;
    for (const a of waiting) {
      if (await tx.acknowledgement.findUnique({ where: { assignmentId: a.id } })) continue;
      await tx.acknowledgement.create({
        data: {
          assignmentId: a.id,
          taskId: args.taskId,
          unitId: a.unitId,
          userId: args.userId,
          createdAt: now,
        },
      });
      n++;
      const state = acknowledgementState(
        { assignedAt: a.createdAt, acknowledgedAt: null },
        now,
        within,
      );
      await tx.auditEvent.create({
        data: {
          taskId: args.taskId,
          actorId: args.userId,
          type: "assignment.acknowledged",
          payload: JSON.stringify({
            unit: a.nameAsWritten,
            role: a.role,
            assignedAt: a.createdAt.toISOString(),
            workingDaysLate: state.workingDaysLate,
          }),
          createdAt: now,
        },
      });
    }
    return n;
  });
}

/**
 * An assignment made again — its unit removed and assigned anew, or its role changed — is new work:
 * its old 签收 no longer answers for it (that one stays on the timeline, an audit event), and the
 * N working days count from now. Call in the transaction that re-makes it.
 */
export async function remadeAssignment(
  tx: Pick<PrismaClient, "acknowledgement" | "assignment">,
  assignmentId: string,
  now = new Date(),
) {
  await tx.acknowledgement.deleteMany({ where: { assignmentId } });
  await tx.assignment.update({ where: { id: assignmentId }, data: { createdAt: now } });
}

/**
 * Counts every active assignment without an acknowledgement as acknowledged (userId null, dated as
 * assigned): a database's first seeding is the baseline, not new work.
 */
export async function acknowledgeBaseline(db: Pick<PrismaClient, "$executeRawUnsafe">) {
  return db.$executeRawUnsafe(`INSERT INTO "Acknowledgement" ("id", "assignmentId", "taskId", "unitId", "userId", "createdAt")
    SELECT 'ack' || lower(hex(randomblob(12))), a."id", a."taskId", a."unitId", NULL, a."createdAt"
    FROM "Assignment" a WHERE a."removedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Acknowledgement" k WHERE k."assignmentId" = a."id")`);
}

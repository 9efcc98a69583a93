// Close-out review (办结 → 审核 → 销号) and send-back (退回重办). The lead's 已完成 is a request: the
// reviewer closes the task out (review.server.ts closeOut) or sends it back with a reason, which
// returns it to 推进中 and tells the lead unit. A report judged perfunctory can be sent back too:
// it then no longer counts as its period's report (the task index skips it), and its unit is told.
// Append-only: each send-back is a SendBack row and a timeline entry; no report is changed.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { TASK_STATUS } from "../ui/labels";
import { leadUnitIds, liaisonsOf, notifyLiaisons, taskTitle } from "./notify.server";

export type SendBackResult =
  | { ok: true; emailIds: string[] }
  | { ok: false; reason: "not_completed" | "no_report" | "already" };

/** The lead's 已完成 refused at review: back to 推进中, the lead unit told why. */
export async function sendBackCompletion(
  db: PrismaClient,
  args: { taskId: string; reason: string; actorId: string; now?: Date },
): Promise<SendBackResult> {
  const { taskId, reason, actorId } = args;
  const now = args.now ?? new Date();
  return writeTransaction(db, async (tx) => {
    const task = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
    if (task.status !== "COMPLETED")
      return { ok: false as const, reason: "not_completed" as const };
    const report = await tx.progressReport.findFirst({
      where: { taskId, consolidated: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    if (!report) return { ok: false as const, reason: "no_report" as const };
    await tx.sendBack.create({
      data: {
        taskId,
        kind: "COMPLETION",
        reportId: report.id,
        unitId: report.unitId,
        reason,
        decidedById: actorId,
        createdAt: now,
      },
    });
    await tx.task.update({ where: { id: taskId }, data: { status: "IN_PROGRESS" } });
    const event = await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "task.sent_back",
        payload: JSON.stringify({ reason, reportId: report.id, period: report.period }),
        createdAt: now,
      },
    });
    const recipients = await liaisonsOf(tx, await leadUnitIds(tx, taskId));
    const emailIds = await notifyLiaisons(tx, recipients, {
      eventId: event.id,
      taskId,
      title: "退回重办",
      task: await taskTitle(tx, taskId),
      lines: [
        `贵单位报送的办结申请经督办部门审核未通过，任务已退回“${TASK_STATUS.IN_PROGRESS}”。`,
        `退回原因：${reason}`,
        "请按要求继续办理，并重新报送进展。",
      ],
      path: `/tasks/${taskId}/report`,
    });
    return { ok: true as const, emailIds };
  });
}

/**
 * A report judged perfunctory (敷衍塞责) sent back to its unit. The lead's completion report of a
 * task awaiting close-out is sent back as the completion (the task returns to 推进中).
 */
export async function sendBackReport(
  db: PrismaClient,
  args: { taskId: string; reportId: string; reason: string; actorId: string; now?: Date },
): Promise<SendBackResult> {
  const { taskId, reportId, reason, actorId } = args;
  const now = args.now ?? new Date();
  const report = await db.progressReport.findFirst({
    where: { id: reportId, taskId },
    include: { unit: { select: { name: true } } },
  });
  if (!report) return { ok: false, reason: "no_report" };
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } });
  if (report.consolidated && report.status === "COMPLETED" && task.status === "COMPLETED")
    return sendBackCompletion(db, { taskId, reason, actorId, now });
  return writeTransaction(db, async (tx) => {
    const before = await tx.sendBack.findFirst({ where: { reportId } });
    if (before) return { ok: false as const, reason: "already" as const };
    await tx.sendBack.create({
      data: {
        taskId,
        kind: "REPORT",
        reportId,
        unitId: report.unitId,
        reason,
        decidedById: actorId,
        createdAt: now,
      },
    });
    const event = await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: "report.sent_back",
        payload: JSON.stringify({
          reason,
          reportId,
          unit: report.unit.name,
          period: report.period,
        }),
        createdAt: now,
      },
    });
    const emailIds = await notifyLiaisons(tx, await liaisonsOf(tx, [report.unitId]), {
      eventId: event.id,
      taskId,
      title: "报送退回重办",
      task: await taskTitle(tx, taskId),
      lines: [
        `贵单位 ${report.period} 期的进展报送经督办部门审核被退回，不计为本期已报送。`,
        `退回原因：${reason}`,
        "请补充完善后重新报送。",
      ],
      path: `/tasks/${taskId}/report`,
    });
    return { ok: true as const, emailIds };
  });
}

/** The send-back a unit has not answered yet: one made after its latest report, if any. */
export async function openSendBack(db: PrismaClient, taskId: string, unitId: string) {
  const latest = await db.progressReport.findFirst({
    where: { taskId, unitId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true },
  });
  if (!latest) return null;
  return db.sendBack.findFirst({
    where: { taskId, reportId: latest.id },
    orderBy: { createdAt: "desc" },
    select: { kind: true, reason: true, createdAt: true },
  });
}

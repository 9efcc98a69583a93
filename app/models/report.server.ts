// Progress reports: append-only. A report is never changed; the latest one per task and unit is
// the unit's current word, and the lead unit's latest report sets the task's status.
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import type { ReportForm } from "../forms/report-form";
import { recordEvidence, type StoredEvidence } from "./evidence.server";
import { checkAnswer, recordAnswers } from "./instruction.server";
import type { Relation } from "./permissions";

export type SubmitResult =
  | {
      ok: true;
      reportId: string;
      /** Notices to write out (a leader told of an answer). */ emailIds: string[];
    }
  | { ok: false; reason: "conflict"; newer: NonNullable<Awaited<ReturnType<typeof latestReport>>> }
  | { ok: false; reason: "closed" | "not_lead" }
  /** The lead's report left an open leader's instruction (领导批示) unanswered, or one came since. */
  | { ok: false; reason: "unanswered" | "new_instruction" };

export function latestReport(
  db: Pick<PrismaClient, "progressReport">,
  taskId: string,
  unitId: string,
) {
  return db.progressReport.findFirst({
    where: { taskId, unitId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { author: { select: { name: true } }, unit: { select: { name: true } } },
  });
}

/**
 * Files a report for the user's unit. Refuses, without writing, if another report of the unit
 * arrived since the form was opened (the caller shows it and keeps the user's text).
 */
export async function submitReport(
  db: PrismaClient,
  args: {
    taskId: string;
    unitId: string;
    authorId: string;
    relation: Relation;
    form: ReportForm;
    /** The milestone (节点) the report says it advances: one of the task's open ones. */
    milestoneId?: string | null;
    /** 佐证材料 already checked and stored (acceptEvidence): recorded with the report. */
    evidence?: StoredEvidence[];
    /**
     * 落实批示情况: how the lead carried out the open instructions, and the ids of those its form
     * showed. A lead report must answer every open one.
     */
    instructionAnswer?: { text: string; shown: string[] };
    now?: Date;
  },
): Promise<SubmitResult> {
  const { taskId, unitId, authorId, relation, form } = args;
  if (form.status === "COMPLETED" && relation !== "LEAD") return { ok: false, reason: "not_lead" };
  return writeTransaction(db, async (tx) => {
    const task = await tx.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { status: true },
    });
    if (task.status === "CLOSED") return { ok: false as const, reason: "closed" as const };
    const latest = await latestReport(tx, taskId, unitId);
    if ((latest?.id ?? "") !== form.baseReportId)
      return { ok: false as const, reason: "conflict" as const, newer: latest! };
    const consolidated = relation === "LEAD";
    const answer = args.instructionAnswer ?? { text: "", shown: [] };
    const answers = consolidated ? await checkAnswer(tx, taskId, answer) : null;
    if (answers && !answers.ok) return answers;
    const report = await tx.progressReport.create({
      data: {
        taskId,
        unitId,
        authorId,
        period: form.period,
        status: form.status,
        percent: form.percent,
        progress: form.progress,
        problems: form.problems,
        nextSteps: form.nextSteps,
        coordination: form.coordination,
        consolidated,
        ...(args.now ? { createdAt: args.now } : {}),
      },
    });
    if (args.milestoneId) {
      const m = await tx.milestone.findFirst({
        where: { id: args.milestoneId, taskId, removedAt: null, completedAt: null },
      });
      if (m) await tx.reportMilestone.create({ data: { reportId: report.id, milestoneId: m.id } });
    }
    const emailIds: string[] = [];
    if (answers?.ok && answers.open.length)
      emailIds.push(
        ...(await recordAnswers(tx, {
          taskId,
          reportId: report.id,
          unitId,
          instructionIds: answers.open,
          text: answer.text.trim(),
          now: args.now,
        })),
      );
    const files = await recordEvidence(tx, {
      taskId,
      reportId: report.id,
      uploadedById: authorId,
      files: args.evidence ?? [],
      now: args.now,
    });
    if (consolidated && task.status !== form.status) {
      await tx.task.update({ where: { id: taskId }, data: { status: form.status } });
    }
    await tx.auditEvent.create({
      data: {
        taskId,
        actorId: authorId,
        type: consolidated ? "report.consolidated" : "report.filed",
        payload: JSON.stringify({
          reportId: report.id,
          period: form.period,
          status: form.status,
          percent: form.percent,
          ...(files.length ? { files } : {}),
          ...(answers?.ok && answers.open.length ? { instructions: answers.open } : {}),
        }),
        ...(args.now ? { createdAt: args.now } : {}),
      },
    });
    return { ok: true as const, reportId: report.id, emailIds };
  });
}

/**
 * Each unit's latest report on a task (its current word), in the order they came. A task gathers
 * a report per unit per month for years; the page shows the latest of each unit, and the earlier
 * ones are on the timeline, so only these are read.
 */
export async function latestReportsByUnit(db: PrismaClient, taskId: string) {
  const latest = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY unitId ORDER BY createdAt DESC, id DESC) AS n
      FROM "ProgressReport" WHERE taskId = ${taskId}
    ) WHERE n = 1`;
  if (latest.length === 0) return [];
  return db.progressReport.findMany({
    where: { id: { in: latest.map((r) => r.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: {
      author: { select: { name: true, isDemo: true } },
      unit: { select: { id: true, name: true } },
    },
  });
}

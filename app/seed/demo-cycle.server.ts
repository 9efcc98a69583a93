// The supervision cycle in the demo (issue 15), so that a newcomer sees each part once: a document
// with its own reporting cycle (its late reports read 迟报, unfiled slots lock), a reviewer's light
// override, an evidence file on a report, one ladder step taken, and a milestone coming due. All
// dated relative to the seeding moment and never after it; written once, with the demo.
import { ensureLadder, ladderSteps } from "../models/escalation.server";
import { stepKey } from "../models/escalation";
import { acceptEvidence } from "../models/evidence.server";
import type { ReportingCycle } from "../models/reporting-period";
import type { PrismaClient } from "../generated/prisma/client";
import { daysOverdue as daysOverdueAt } from "../models/standing";
import { shanghaiDate } from "../utils/time";

const DEMO_LABEL = "【演示数据】";
const DAY = 24 * 60 * 60 * 1000;

/**
 * The 2016 Sichuan document reports by the 20th, moved to the next working day, and locks five
 * working days after: the demo's lead reports (dated the 22nd) come late, and a co-unit that did not
 * report finds its slot locked.
 */
export const DEMO_CYCLE: { slug: string; cycle: ReportingCycle } = {
  slug: "sc-2016-processing-trade",
  cycle: { cycle: "MONTHLY", reportDay: 20, moveToWorkingDay: true, graceDays: 5 },
};

// A small but real PDF (its bytes say PDF, as the upload check requires).
const DEMO_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

export type DemoCycleSummary = {
  cycles: number;
  overrides: number;
  evidence: number;
  escalations: number;
  milestones: number;
};

/** Open tasks of the 2023 draft with a demo lead report, in a stable order. */
async function openDemoTasks(db: PrismaClient) {
  return db.task.findMany({
    where: {
      document: { slug: "sc-2023-trade-power-draft" },
      status: { in: ["IN_PROGRESS", "BLOCKED"] },
      archivedAt: null,
      reports: { some: { consolidated: true, author: { isDemo: true } } },
    },
    orderBy: { position: "asc" },
    select: { id: true, status: true, jurisdictionId: true },
  });
}

export async function seedDemoCycle(
  db: PrismaClient,
  reviewerOf: ReadonlyMap<string, string>,
  now: Date,
): Promise<DemoCycleSummary> {
  const done: DemoCycleSummary = {
    cycles: 0,
    overrides: 0,
    evidence: 0,
    escalations: 0,
    milestones: 0,
  };
  const at = (daysBefore: number) => new Date(now.getTime() - daysBefore * DAY);

  // 1. A document's reporting cycle, set by its supervisor's reviewer a month ago.
  const doc = await db.document.findUnique({ where: { slug: DEMO_CYCLE.slug } });
  if (doc) {
    const reviewer = reviewerOf.get(doc.jurisdictionId) ?? null;
    await db.reportingCycle.create({
      data: {
        documentId: doc.id,
        rule: JSON.stringify(DEMO_CYCLE.cycle),
        createdById: reviewer,
        createdAt: at(30),
      },
    });
    await db.auditEvent.create({
      data: {
        actorId: reviewer,
        taskId: null,
        type: "cycle.set",
        payload: JSON.stringify({ documentId: doc.id, cycle: DEMO_CYCLE.cycle }),
        createdAt: at(30),
      },
    });
    done.cycles++;
  }

  const tasks = await openDemoTasks(db);
  const reviewerFor = (t: { jurisdictionId: string }) => reviewerOf.get(t.jurisdictionId);

  // 2. A light override: a blocked task (amber by the rules) set red until two weeks from now.
  const blocked = tasks.find((t) => t.status === "BLOCKED" && reviewerFor(t)) ?? null;
  if (blocked) {
    const reason = `${DEMO_LABEL}受阻已逾两月，提请联席会议协调，暂按红灯督办`;
    const expiresAt = new Date(`${shanghaiDate(at(-14))}T23:59:59.999+08:00`);
    await db.lightOverride.create({
      data: {
        taskId: blocked.id,
        light: "RED",
        reason,
        expiresAt,
        createdById: reviewerFor(blocked)!,
        createdAt: at(1),
      },
    });
    await db.auditEvent.create({
      data: {
        taskId: blocked.id,
        actorId: reviewerFor(blocked)!,
        type: "light.overridden",
        payload: JSON.stringify({ light: "RED", expiresOn: shanghaiDate(expiresAt), reason }),
        createdAt: at(1),
      },
    });
    done.overrides++;
  }
  const others = tasks.filter((t) => t.id !== blocked?.id);

  // 3. An evidence file (佐证材料) on a lead's latest report, received with it.
  const withFile = others[0];
  if (withFile) {
    const report = await db.progressReport.findFirstOrThrow({
      where: { taskId: withFile.id, consolidated: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const accepted = await acceptEvidence([
      { name: "【演示数据】推进会会议纪要.pdf", bytes: new Uint8Array(DEMO_PDF) },
    ]);
    if (accepted.ok)
      for (const f of accepted.files) {
        await db.evidenceFile.create({
          data: {
            taskId: withFile.id,
            reportId: report.id,
            uploadedById: report.authorId,
            ...f,
            createdAt: report.createdAt,
          },
        });
        done.evidence++;
      }
  }

  // 4. One ladder step taken two days ago, as the daily job records it (without mail; the job then
  // finds it taken): an overdue task's first days-overdue step, its trigger met at that moment.
  const stepAt = at(2);
  const overdue = await db.task.findFirst({
    where: {
      status: { in: ["IN_PROGRESS", "BLOCKED", "NOT_STARTED"] },
      archivedAt: null,
      dueDate: { lt: stepAt },
      reports: { some: { consolidated: true, author: { isDemo: true } } },
    },
    orderBy: [{ documentId: "asc" }, { position: "asc" }],
    select: { id: true, dueDate: true },
  });
  await ensureLadder(db);
  const daysOverdue = overdue ? daysOverdueAt(overdue.dueDate!, stepAt) : 0;
  const step = (await ladderSteps(db)).find(
    (s) =>
      s.active && s.trigger === "DAYS_OVERDUE" && s.threshold >= 1 && s.threshold <= daysOverdue,
  );
  if (overdue && step) {
    const detail = {
      stepId: step.id,
      position: step.position,
      trigger: step.trigger,
      threshold: step.threshold,
      value: daysOverdue,
      recipients: 0,
    };
    const row = await db.escalation.create({
      data: {
        taskId: overdue.id,
        stepId: step.id,
        kind: step.kind,
        onceKey: stepKey(step.id, overdue.id),
        detail: JSON.stringify(detail),
        createdAt: stepAt,
      },
    });
    await db.auditEvent.create({
      data: {
        taskId: overdue.id,
        type: `escalation.${step.kind.toLowerCase()}`,
        payload: JSON.stringify({ escalationId: row.id, ...detail }),
        createdAt: stepAt,
      },
    });
    done.escalations++;
  }

  // 5. A milestone (节点) the lead set three weeks ago, due in twelve days: 临近节点时限.
  const planned = others[1];
  if (planned) {
    const lead = await db.progressReport.findFirstOrThrow({
      where: { taskId: planned.id, consolidated: true },
      select: { authorId: true },
    });
    const title = `${DEMO_LABEL}完成年度目标任务分解`;
    const dueOn = shanghaiDate(at(-12));
    await db.milestone.create({
      data: {
        taskId: planned.id,
        title,
        dueDate: new Date(`${dueOn}T23:59:59.999+08:00`),
        position: 0,
        createdById: lead.authorId,
        createdAt: at(21),
      },
    });
    await db.auditEvent.create({
      data: {
        taskId: planned.id,
        actorId: lead.authorId,
        type: "milestone.added",
        payload: JSON.stringify({ title, dueDate: dueOn }),
        createdAt: at(21),
      },
    });
    done.milestones++;
  }
  return done;
}

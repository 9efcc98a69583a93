// A liaison's landing page: the tasks their unit leads and co-owns, each with its light as seen
// from that unit (its own report for the period), its due date and when the unit last reported.
import type { PrismaClient } from "../generated/prisma/client";
import { daysOverdue, taskLight } from "./lights";
import { periodInfo } from "./review.server";
import { responsibleUnitIds } from "./unit.server";

export async function myTasks(db: PrismaClient, unitId: string, now = new Date()) {
  const info = await periodInfo(db, now);
  const ids = await responsibleUnitIds(db, unitId);
  const assignments = await db.assignment.findMany({
    where: { unitId: { in: ids }, removedAt: null },
    select: {
      role: true,
      nameAsWritten: true,
      task: {
        select: { id: true, ref: true, heading: true, status: true, dueDate: true, document: { select: { slug: true, title: true } } },
      },
    },
    orderBy: [{ task: { document: { slug: "asc" } } }, { task: { position: "asc" } }],
  });
  // One task can reach the unit twice (itself and a collective it belongs to): lead wins.
  const byTask = new Map<string, (typeof assignments)[number]>();
  for (const a of assignments) {
    const seen = byTask.get(a.task.id);
    if (!seen || (seen.role === "CO" && a.role === "LEAD")) byTask.set(a.task.id, a);
  }
  // The unit's own reports, by unit and period: no list of task ids (which could outgrow
  // SQLite's limit on bound parameters for a unit with thousands of tasks).
  const [filed, last] = await Promise.all([
    db.progressReport.findMany({ where: { unitId, period: info.period }, select: { taskId: true }, distinct: ["taskId"] }),
    db.progressReport.groupBy({ by: ["taskId"], where: { unitId }, _max: { createdAt: true } }),
  ]);
  const filedSet = new Set(filed.map((f) => f.taskId));
  const lastAt = new Map(last.map((l) => [l.taskId, l._max.createdAt]));
  const rows = [...byTask.values()].map((a) => {
    const t = a.task;
    const open = t.status !== "COMPLETED" && t.status !== "CLOSED";
    return {
      ...t,
      role: a.role,
      nameAsWritten: a.nameAsWritten,
      light: taskLight({ status: t.status, dueDate: t.dueDate, reportsDue: open, periodReportFiled: filedSet.has(t.id), periodDeadline: info.deadline, now }),
      daysOverdue: open ? daysOverdue(t.dueDate, now) : 0,
      reportedThisPeriod: filedSet.has(t.id),
      lastReportAt: lastAt.get(t.id) ?? null,
    };
  });
  return { info, leads: rows.filter((r) => r.role === "LEAD"), coOwns: rows.filter((r) => r.role === "CO") };
}

// A liaison's landing page: the tasks their unit leads and co-owns, each with its light as seen
// from that unit (its own report for the period), its due date and when the unit last reported.
import type { PrismaClient } from "../generated/prisma/client";
import { daysOverdue, taskLight } from "./lights";
import { periodInfo } from "./review.server";
import { taskIndex, taskSummary } from "./task-index.server";

export async function myTasks(
  db: PrismaClient,
  unitId: string,
  now = new Date(),
  opts: { lastReports?: boolean } = {},
) {
  const info = await periodInfo(db, now);
  // Tasks and roles from the process's task index (no query per unit over all assignments).
  const index = taskIndex(db);
  const ids = new Set(index.responsibleUnitIds(unitId));
  // The unit's own reports, by unit and period: no list of task ids (which could outgrow
  // SQLite's limit on bound parameters for a unit with thousands of tasks).
  const [filed, last] = await Promise.all([
    db.$queryRawUnsafe<Array<{ taskId: string }>>(
      `SELECT DISTINCT taskId FROM "ProgressReport" WHERE unitId = ? AND period = ?`,
      unitId,
      info.period,
    ),
    // When each task last heard from the unit: the liaison's page shows it; reminders do not need it.
    opts.lastReports === false
      ? Promise.resolve([])
      : db.$queryRawUnsafe<Array<{ taskId: string; at: string }>>(
          `SELECT taskId, max(createdAt) AS at FROM "ProgressReport" WHERE unitId = ? GROUP BY taskId`,
          unitId,
        ),
  ]);
  const filedSet = new Set(filed.map((f) => f.taskId));
  const lastAt = new Map(last.map((l) => [l.taskId, new Date(l.at)]));
  const rows = index.tasksOfUnits(ids).map((t) => {
    // One task can reach the unit twice (itself and a collective it belongs to): lead wins.
    const mine = t.assignments.filter((a) => ids.has(a.unitId));
    const a = mine.find((x) => x.role === "LEAD") ?? mine[0]!;
    const open = t.status !== "COMPLETED" && t.status !== "CLOSED";
    return {
      ...taskSummary(t),
      role: a.role,
      nameAsWritten: a.nameAsWritten,
      light: taskLight({
        status: t.status,
        dueDate: t.dueDate,
        reportsDue: open,
        periodReportFiled: filedSet.has(t.id),
        periodDeadline: info.deadline,
        now,
      }),
      daysOverdue: open ? daysOverdue(t.dueDate, now) : 0,
      reportedThisPeriod: filedSet.has(t.id),
      lastReportAt: lastAt.get(t.id) ?? null,
    };
  });
  return {
    info,
    leads: rows.filter((r) => r.role === "LEAD"),
    coOwns: rows.filter((r) => r.role === "CO"),
  };
}

/**
 * The versions of what a unit's task list shows, for the page cache: its tasks (serials: any change
 * to one of them, its reports included, replaces it) and the minute (lights move with the clock).
 */
export function myTasksVersion(db: PrismaClient, unitId: string, now = new Date()): string {
  const index = taskIndex(db);
  const tasks = index.tasksOfUnits(new Set(index.responsibleUnitIds(unitId)));
  return `${Math.floor(now.getTime() / 60_000)}|${tasks.map((t) => t.serial).join(",")}`;
}

// A liaison's landing page: the tasks their unit leads and co-owns, each with the task's standing
// (the same light, days overdue and period report as on every other surface), the unit's own report
// this period (a co-unit reports its part to the lead) and when the unit last reported, and the
// figures of the tasks it leads.
import type { PrismaClient } from "../generated/prisma/client";
import { reportState, type Figures, type ReportState, type Standing } from "./standing";
import { figuresOf, rulesOf, standingOf } from "./standing.server";
import { periodInfo } from "./review.server";
import { taskIndex, taskSummary } from "./task-index.server";
import { sqliteTime } from "../utils/time";

export type MyTask = ReturnType<typeof taskSummary> & {
  role: "LEAD" | "CO";
  nameAsWritten: string;
  standing: Standing;
  light: Standing["light"];
  daysOverdue: number;
  /** The task's report this period (the lead's consolidated one). */
  report: ReportState;
  /** Whether this unit filed its own report for this period (its part, for a co-unit). */
  unitReportedThisPeriod: boolean;
  lastReportAt: Date | null;
};

export async function myTasks(
  db: PrismaClient,
  unitId: string,
  now = new Date(),
  opts: { lastReports?: boolean } = {},
) {
  const info = await periodInfo(db, now);
  const rules = rulesOf(db);
  // Tasks and roles from the process's task index (no query per unit over all assignments).
  const index = taskIndex(db);
  const ids = new Set(index.responsibleUnitIds(unitId));
  // The unit's own reports, by unit and period: no list of task ids (which could outgrow
  // SQLite's limit on bound parameters for a unit with thousands of tasks).
  const [filed, last] = await Promise.all([
    db.$queryRawUnsafe<Array<{ taskId: string }>>(
      // A report sent back as perfunctory is owed again.
      `SELECT DISTINCT p.taskId FROM "ProgressReport" p WHERE p.unitId = ? AND p.period = ? AND p.createdAt <= ?
         AND NOT EXISTS (SELECT 1 FROM "SendBack" s WHERE s.reportId = p.id AND s.kind = 'REPORT')`,
      unitId,
      info.period,
      sqliteTime(now),
    ),
    // When each task last heard from the unit: the liaison's page shows it; reminders do not need it.
    opts.lastReports === false
      ? Promise.resolve([])
      : db.$queryRawUnsafe<Array<{ taskId: string; at: string }>>(
          `SELECT taskId, max(createdAt) AS at FROM "ProgressReport" WHERE unitId = ? AND createdAt <= ? GROUP BY taskId`,
          unitId,
          sqliteTime(now),
        ),
  ]);
  const filedSet = new Set(filed.map((f) => f.taskId));
  const lastAt = new Map(last.map((l) => [l.taskId, new Date(l.at)]));
  const tasks = index.tasksOfUnits(ids);
  const rows = tasks.map((t): MyTask => {
    // One task can reach the unit twice (itself and a collective it belongs to): lead wins.
    const mine = t.assignments.filter((a) => ids.has(a.unitId));
    const a = mine.find((x) => x.role === "LEAD") ?? mine[0]!;
    const standing = standingOf(index, t, now, rules);
    return {
      ...taskSummary(t),
      // The due date in force (approved extensions move it).
      dueDate: standing.dueDate,
      role: a.role,
      nameAsWritten: a.nameAsWritten,
      standing,
      light: standing.light,
      daysOverdue: standing.daysOverdue,
      report: reportState(standing),
      unitReportedThisPeriod: filedSet.has(t.id),
      lastReportAt: lastAt.get(t.id) ?? null,
    };
  });
  const isLead = (t: (typeof tasks)[number]) =>
    t.assignments.some((a) => a.role === "LEAD" && ids.has(a.unitId));
  const figures: Figures = figuresOf(index, tasks.filter(isLead), now, rules);
  const coFigures: Figures = figuresOf(
    index,
    tasks.filter((t) => !isLead(t)),
    now,
    rules,
  );
  return {
    info,
    leads: rows.filter((r) => r.role === "LEAD"),
    coOwns: rows.filter((r) => r.role === "CO"),
    /** The figures of the tasks the unit leads: as the board, digests and roll-ups give them. */
    figures,
    /** The same of the tasks it co-owns. */
    coFigures,
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

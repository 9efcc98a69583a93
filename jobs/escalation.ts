// The escalation ladder's daily run (督办升级), on working days only (app/calendar: holidays and
// 调休 Saturdays counted): for every open task with a lead unit, its facts as of the run — days
// overdue and consecutive missed reports from app/models/standing.ts, refused extensions from
// their one query — against each step of the ladder; a step reached is taken once per task
// (app/models/escalation.server.ts takeStep), with its audit event and emails.
import type { PrismaClient } from "../app/generated/prisma/client";
import { isWorkingDay } from "../app/calendar/working-days";
import { stepsDue, stepKey, type EscalationFacts } from "../app/models/escalation";
import {
  ensureLadder,
  ladderSteps,
  refusedExtensionCounts,
  takeStep,
} from "../app/models/escalation.server";
import { consecutiveMissedPeriods, isOpen } from "../app/models/standing";
import { rulesOf, standingOf, taskFacts, tasksInScope } from "../app/models/standing.server";
import { taskIndex } from "../app/models/task-index.server";

export type EscalationRun =
  | { date: string; skipped: "not a working day" }
  | { date: string; taken: number; emailIds: string[] };

export async function runEscalation(
  db: PrismaClient,
  date: string,
  clock: { now?: Date } = {},
): Promise<EscalationRun> {
  if (!isWorkingDay(date)) return { date, skipped: "not a working day" };
  const now = clock.now ?? new Date();
  await ensureLadder(db);
  const steps = (await ladderSteps(db)).filter((s) => s.active);
  const index = taskIndex(db);
  const rules = rulesOf(db);
  const refused = await refusedExtensionCounts(db);
  const taken = new Set(
    (
      await db.escalation.findMany({ where: { onceKey: { not: null } }, select: { onceKey: true } })
    ).map((e) => e.onceKey!),
  );
  const emailIds: string[] = [];
  let count = 0;
  for (const task of tasksInScope(index, { kind: "all" })) {
    if (!isOpen(task.status) || task.leadSince === null) continue;
    const facts: EscalationFacts = {
      daysOverdue: standingOf(index, task, now, rules).daysOverdue,
      missedReports: consecutiveMissedPeriods(taskFacts(index, task), now, rules),
      refusedExtensions: refused.get(task.id) ?? 0,
    };
    const done = new Set(steps.filter((s) => taken.has(stepKey(s.id, task.id))).map((s) => s.id));
    for (const step of stepsDue(steps, facts, done)) {
      const result = await takeStep(db, index, { task, step, facts, now });
      if (!result) continue;
      count++;
      emailIds.push(...result.emailIds);
    }
  }
  return { date, taken: count, emailIds };
}

// Report slots (unit × task × period), computed from the cycle in force and the reports filed,
// never stored: a changed cycle changes the slots at once, and nothing has to be migrated. What
// is stored is what people decide: a reviewer reopening a locked slot (SlotReopen, append-only).
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";
import { writeTransaction } from "../db/db.server";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import {
  describeCycle,
  isPeriodOf,
  periodDeadline,
  periodLabel,
  collectingPeriod,
  type ReportingCycle,
} from "./reporting-period";
import {
  cycleOf,
  filedLate,
  periodsSince,
  reportSlot,
  slotCounts,
  type ReportSlot,
  type SlotCounts,
} from "./standing";
import { rulesOf, taskFacts } from "./standing.server";
import { taskIndex } from "./task-index.server";

type Filed = { unitId: string; period: string; at: string | number };
type Reopen = { unitId: string; period: string; until: string | number };

const instant = (v: string | number) => new Date(typeof v === "number" ? v : v);

function slotFacts(db: PrismaClient, taskId: string) {
  const filed = readStatement(
    db,
    `SELECT unitId, period, min(createdAt) AS at FROM "ProgressReport" WHERE taskId = ? GROUP BY unitId, period`,
  ).all(taskId) as Filed[];
  // The latest reopening of each slot counts.
  const reopens = readStatement(
    db,
    `SELECT unitId, period, until FROM "SlotReopen" WHERE taskId = ? ORDER BY createdAt, id`,
  ).all(taskId) as Reopen[];
  const key = (u: string, p: string) => `${u}|${p}`;
  return {
    filedAt: new Map(filed.map((r) => [key(r.unitId, r.period), instant(r.at)])),
    reopened: new Map(reopens.map((r) => [key(r.unitId, r.period), instant(r.until)])),
    key,
  };
}

export type UnitSlots = {
  unit: { id: string; name: string };
  role: "LEAD" | "CO";
  slots: ReportSlot[];
  /** Its slots counted by state (standing.ts slotCounts). */
  counts: SlotCounts;
};

/** The task's cycle and each responsible unit's slots, newest period first. */
export function taskSlots(db: PrismaClient, taskId: string, now: Date) {
  const index = taskIndex(db);
  const t = index.get(taskId);
  if (!t) return null;
  const rules = rulesOf(db);
  const cycle = cycleOf(taskFacts(index, t), rules);
  const facts = slotFacts(db, taskId);
  const seen = new Set<string>();
  const units: UnitSlots[] = [];
  for (const a of t.assignments) {
    const today = index.currentUnit(a.unitId) ?? { id: a.unitId, name: a.nameAsWritten };
    if (seen.has(today.id)) continue;
    seen.add(today.id);
    const unitIds = [a.unitId, today.id];
    const since = t.leadSince ?? now;
    const periods = periodsSince(since, now, cycle, { unitIds, workdays: rules.workdays });
    const slots = periods.map((period) =>
      reportSlot({
        period,
        cycle,
        unitIds,
        filedAt: facts.filedAt.get(facts.key(today.id, period)) ?? null,
        reopenedUntil: facts.reopened.get(facts.key(today.id, period)) ?? null,
        now,
        workdays: rules.workdays,
      }),
    );
    units.push({ unit: today, role: a.role, slots, counts: slotCounts(slots) });
  }
  return { cycle, cycleText: describeCycle(cycle), units };
}

/**
 * The reports that came late (迟报): each the first of its unit's reports for a period, filed
 * after that period's deadline (standing.ts filedLate, the comparison the slots make). For the
 * timeline's mark. Periods not of the cycle in force (written under an earlier one) are left out.
 */
export function lateReportIds(db: PrismaClient, taskId: string): Set<string> {
  const index = taskIndex(db);
  const t = index.get(taskId);
  const late = new Set<string>();
  if (!t) return late;
  const rules = rulesOf(db);
  const cycle = cycleOf(taskFacts(index, t), rules);
  const lead = t.assignments.filter((a) => a.role === "LEAD").map((a) => a.unitId);
  // Whose deadline applies: as the slot table reckons it (taskSlots), the unit as assigned and
  // today's unit; a unit no longer assigned, as the report form did (slotProblem).
  const unitIdsOf = new Map<string, string[]>();
  for (const a of t.assignments) {
    const today = index.currentUnit(a.unitId)?.id ?? a.unitId;
    if (!unitIdsOf.has(today)) unitIdsOf.set(today, [a.unitId, today]);
  }
  const first = readStatement(
    db,
    `SELECT id, unitId, period, createdAt AS at FROM (
       SELECT id, unitId, period, createdAt,
         row_number() OVER (PARTITION BY unitId, period ORDER BY createdAt, id) AS n
       FROM "ProgressReport" WHERE taskId = ?) WHERE n = 1`,
  ).all(taskId) as Array<Filed & { id: string }>;
  for (const r of first) {
    if (!isPeriodOf(r.period, cycle)) continue;
    const deadline = periodDeadline(r.period, cycle, {
      unitIds: unitIdsOf.get(r.unitId) ?? [r.unitId, ...lead],
      workdays: rules.workdays,
    });
    if (filedLate(instant(r.at), deadline)) late.add(r.id);
  }
  return late;
}

/**
 * The periods the unit may report for now, newest first: its slots not locked and not yet
 * filed (the report form's list). The one being collected stays listed even once filed, so that
 * a unit can update its word for the current period.
 */
export function openPeriods(db: PrismaClient, taskId: string, unitId: string, now: Date) {
  const s = taskSlots(db, taskId, now);
  if (!s) return null;
  const collecting = collectingPeriod(now, s.cycle);
  const slots = s.units.find((u) => u.unit.id === unitId)?.slots ?? [];
  const periods = slots
    .filter((x) => !x.locked && (x.period === collecting || x.filedAt === null))
    .map((x) => x.period);
  // A unit without slots of its own yet (no lead on the task): the period being collected.
  if (!slots.some((x) => x.period === collecting)) periods.unshift(collecting);
  return { cycle: s.cycle, collecting, periods };
}

/** An example period of the cycle's kind, for messages. */
function example(cycle: ReportingCycle, now: Date) {
  return collectingPeriod(now, cycle);
}

/**
 * Whether the unit may report on the task for the period now: the period must be of the task's
 * cycle, and its slot must not be locked.
 */
export function slotProblem(
  db: PrismaClient,
  taskId: string,
  unitId: string,
  period: string,
  now: Date,
): { status: 400 | 409; message: string } | null {
  const index = taskIndex(db);
  const t = index.get(taskId);
  if (!t) return null;
  const rules = rulesOf(db);
  const cycle = cycleOf(taskFacts(index, t), rules);
  if (!isPeriodOf(period, cycle))
    return {
      status: 400,
      message: `本任务${describeCycle(cycle)}，报送期次应写作如 ${example(cycle, now)}`,
    };
  const facts = slotFacts(db, taskId);
  const lead = t.assignments.filter((a) => a.role === "LEAD").map((a) => a.unitId);
  const slot = reportSlot({
    period,
    cycle,
    unitIds: [unitId, ...lead],
    filedAt: facts.filedAt.get(facts.key(unitId, period)) ?? null,
    reopenedUntil: facts.reopened.get(facts.key(unitId, period)) ?? null,
    now,
    workdays: rules.workdays,
  });
  if (slot.locked)
    return {
      status: 409,
      message: `${periodLabel(period)}的报送已于${shanghaiDate(slot.locksAt!)}截止并锁定（截止日${shanghaiDate(slot.deadline)}，宽限期已过）。如需补报，请联系督办单位重新开放。`,
    };
  return null;
}

/** A reviewer reopens a unit's slot until the end of a day; appended, and on the timeline. */
export async function reopenSlot(
  db: PrismaClient,
  args: { taskId: string; unitId: string; period: string; until: string; reason: string },
  actorId: string,
) {
  await writeTransaction(db, async (tx) => {
    await tx.slotReopen.create({
      data: {
        taskId: args.taskId,
        unitId: args.unitId,
        period: args.period,
        until: endOfDayShanghai(args.until),
        reason: args.reason,
        createdById: actorId,
      },
    });
    await tx.auditEvent.create({
      data: {
        taskId: args.taskId,
        actorId,
        type: "slot.reopened",
        payload: JSON.stringify(args),
      },
    });
  });
}

// Standings and figures read from the task index: the one place where a task's facts are
// gathered for app/models/standing.ts. Every surface (pages, emails, files) goes through here.
import type { PrismaClient } from "../generated/prisma/client";
import { readCalendar } from "./calendar.server";
import {
  figures,
  standingRules,
  taskStanding,
  type Figures,
  type Standing,
  type StandingRules,
  type TaskFacts,
} from "./standing";
import type { IndexedTask, TaskIndex } from "./task-index.server";

/** The rules in force: the reporting calendar the admin set, and the light thresholds. */
export function rulesOf(db: PrismaClient): StandingRules {
  return standingRules(readCalendar(db));
}

export function taskFacts(index: TaskIndex, t: IndexedTask): TaskFacts {
  return {
    status: t.status,
    dueDate: t.dueDate,
    leadSince: t.leadSince,
    extensions: t.extensions,
    milestones: t.milestones,
    filedAt: (period) => {
      const at = index.filedFor(period).get(t.id);
      return at === undefined ? null : new Date(at);
    },
  };
}

// A standing depends on its task object (replaced on any change), the moment and the rules; the
// same task is asked for by several lists of one request (the board, a unit's figures).
type Memo = { key: string; standings: WeakMap<IndexedTask, Standing> };
const memos = new WeakMap<TaskIndex, Memo>();

export function standingOf(
  index: TaskIndex,
  t: IndexedTask,
  now: Date,
  rules: StandingRules,
): Standing {
  const key = `${now.getTime()}|${rules.calendar.reportDay}|${rules.dueSoonDays}|${rules.reportDueSoonDays}`;
  let memo = memos.get(index);
  if (!memo || memo.key !== key) memos.set(index, (memo = { key, standings: new WeakMap() }));
  let s = memo.standings.get(t);
  if (!s) memo.standings.set(t, (s = taskStanding(taskFacts(index, t), now, rules)));
  return s;
}

/** The figures of some tasks at `now`. */
export function figuresOf(
  index: TaskIndex,
  tasks: Iterable<IndexedTask>,
  now: Date,
  rules: StandingRules,
): Figures {
  const rows = function* () {
    for (const t of tasks) yield { status: t.status, standing: standingOf(index, t, now, rules) };
  };
  return figures(rows(), now, rules);
}

/** Which tasks a surface covers: all, a supervising unit's jurisdictions, or units' own tasks. */
export type TaskScope =
  { kind: "all" } | { kind: "jurisdictions"; ids: string[] } | { kind: "units"; ids: string[] };

export function tasksInScope(index: TaskIndex, scope: TaskScope): IndexedTask[] {
  if (scope.kind === "all") return index.ordered();
  if (scope.kind === "jurisdictions") return index.tasksOfJurisdictions(scope.ids);
  return index.tasksOfUnits(scope.ids);
}

/** A supervising unit's scope: the jurisdictions it supervises. */
export function supervisionScope(
  index: TaskIndex,
  unitId: string | null,
): Extract<TaskScope, { kind: "jurisdictions" }> {
  return { kind: "jurisdictions", ids: [...index.supervisedBy(unitId)].sort() };
}

/**
 * The tasks each unit of today leads among `tasks`, by unit: a task counts for every unit that
 * answers for one of its lead assignments (joint leads, a renamed unit's successor, each member of
 * a lead collective) — the same tasks as that unit's own list (/my).
 */
export function tasksByLeadUnit(
  index: TaskIndex,
  tasks: Iterable<IndexedTask>,
): Map<string, IndexedTask[]> {
  const byUnit = new Map<string, IndexedTask[]>();
  for (const t of tasks) {
    for (const u of index.unitsOf(t).leads) {
      const list = byUnit.get(u);
      if (list) list.push(t);
      else byUnit.set(u, [t]);
    }
  }
  return byUnit;
}

/** The figures of each lead unit, over `tasks`: what every per-unit table shows. */
export function figuresByLeadUnit(
  index: TaskIndex,
  tasks: Iterable<IndexedTask>,
  now: Date,
  rules: StandingRules,
): Array<{ unit: { id: string; name: string }; figures: Figures; tasks: IndexedTask[] }> {
  return [...tasksByLeadUnit(index, tasks)].map(([id, led]) => ({
    unit: { id, name: index.unit(id)?.name ?? id },
    figures: figuresOf(index, led, now, rules),
    tasks: led,
  }));
}

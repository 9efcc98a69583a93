// Standings and figures read from the task index: the one place where a task's facts are
// gathered for app/models/standing.ts. Every surface (pages, emails, files) goes through here.
import type { PrismaClient } from "../generated/prisma/client";
import { readCalendar, readWorkingCalendar } from "./calendar.server";
import { readCycles } from "./cycle.server";
import { readThresholds } from "./light-settings.server";
import { pageChangeSeq } from "./page-change.server";
import {
  closedPeriods,
  figures,
  rulesKey,
  standingRules,
  taskStanding,
  type Figures,
  type Standing,
  type StandingRules,
  type TaskFacts,
} from "./standing";
import { taskIndex, type IndexedTask, type TaskIndex } from "./task-index.server";

const rulesCache = new WeakMap<PrismaClient, { key: string; rules: StandingRules }>();

/**
 * The rules in force: the default reporting cycle the admin set, the cycles of documents and
 * tasks, the working calendar, and each supervising unit's light thresholds. They are settings
 * (PageChange) and supervisions (a reload of the task index): read again when either moved on.
 */
export function rulesOf(db: PrismaClient): StandingRules {
  const index = taskIndex(db);
  const key = `${pageChangeSeq(db)}.${index.reloads}`;
  const hit = rulesCache.get(db);
  if (hit && hit.key === key) return hit.rules;
  const rules = standingRules(readCalendar(db), {
    byJurisdiction: readThresholds(db, index),
    cycles: readCycles(db),
    workdays: readWorkingCalendar(db),
    key,
  });
  rulesCache.set(db, { key, rules });
  return rules;
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
    taskId: t.id,
    documentId: t.documentId,
    jurisdictionId: t.jurisdictionId,
    leadUnitIds: leadUnitIds(index, t),
    percent: t.percent,
    override: t.override,
  };
}

/** The lead units as assigned and the units of today answering for them (per-unit deadlines). */
function leadUnitIds(index: TaskIndex, t: IndexedTask): string[] {
  const ids: string[] = [];
  for (const a of t.assignments) {
    if (a.role !== "LEAD") continue;
    ids.push(a.unitId);
    const today = index.currentUnit(a.unitId);
    if (today && today.id !== a.unitId) ids.push(today.id);
  }
  return ids;
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
  const key = `${now.getTime()}|${rulesKey(rules)}`;
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

/**
 * The periods a pack's bulletin can be about at `now` (standing.ts closedPeriods): the last closed
 * period and up to a year before it, none before the first lead assignment.
 */
export async function bulletinPeriods(db: PrismaClient, now: Date): Promise<string[]> {
  const first = await db.assignment.aggregate({
    where: { role: "LEAD" },
    _min: { createdAt: true },
  });
  return closedPeriods(now, rulesOf(db).calendar, first._min.createdAt ?? null);
}

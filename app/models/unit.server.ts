// Units: who they are today, and which units' tasks are theirs.
import type { PrismaClient } from "../generated/prisma/client";
import { taskIndex } from "./task-index.server";
import { unitKey } from "../seed/unit-directory";
import { compareUnitNames } from "./unit-order";

export type UnitRef = { id: string; name: string };

/**
 * Follows renames and mergers to the unit that does the work today
 * (省经济和信息化委 → 经济和信息化厅). Guards against cycles the directory check should prevent.
 */
export async function currentUnit(db: PrismaClient, unitId: string): Promise<UnitRef> {
  const seen = new Set<string>();
  let unit = await db.unit.findUniqueOrThrow({
    where: { id: unitId },
    select: { id: true, name: true, successorId: true },
  });
  while (unit.successorId && !seen.has(unit.id)) {
    seen.add(unit.id);
    unit = await db.unit.findUniqueOrThrow({
      where: { id: unit.successorId },
      select: { id: true, name: true, successorId: true },
    });
  }
  return { id: unit.id, name: unit.name };
}

/** Successor chains for many units at once, from one query: unitId → today's unit. */
export async function currentUnits(
  db: PrismaClient,
  jurisdictionIds?: string[],
): Promise<Map<string, UnitRef>> {
  const units = await db.unit.findMany({
    where: jurisdictionIds ? { jurisdictionId: { in: jurisdictionIds } } : undefined,
    select: { id: true, name: true, successorId: true },
  });
  const byId = new Map(units.map((u) => [u.id, u]));
  const result = new Map<string, UnitRef>();
  for (const u of units) {
    let cur = u;
    const seen = new Set<string>();
    while (cur.successorId && byId.has(cur.successorId) && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = byId.get(cur.successorId)!;
    }
    result.set(u.id, { id: cur.id, name: cur.name });
  }
  return result;
}

/**
 * The units whose assignments are this unit's work: itself, every unit it succeeded (however many
 * renames back), and every collective it belongs to (成都市人民政府 ∈ 各市（州）人民政府).
 */
export async function responsibleUnitIds(db: PrismaClient, unitId: string): Promise<string[]> {
  const ids = new Set<string>([unitId]);
  let frontier = [unitId];
  while (frontier.length > 0) {
    const predecessors = await db.unit.findMany({
      where: { successorId: { in: frontier } },
      select: { id: true },
    });
    frontier = predecessors.map((p) => p.id).filter((id) => !ids.has(id));
    frontier.forEach((id) => ids.add(id));
  }
  const collectives = await db.unitMembership.findMany({
    where: { memberId: { in: [...ids] } },
    select: { collectiveId: true },
  });
  collectives.forEach((c) => ids.add(c.collectiveId));
  return [...ids];
}

export type UnitListFilter = {
  /** Jurisdictions the viewer sees (null: all). */
  scope: ReadonlySet<string> | null;
  /** One jurisdiction among those. */
  jurisdictionId?: string;
  /** Part of a name, alias or abbreviation. */
  q?: string;
  /** Deactivated and merged units too. */
  inactive?: boolean;
};

/**
 * The directory, by jurisdiction and then pinyin, each unit with the number of tasks it answers
 * for: as its own page counts them (its own, its predecessors', its collectives'; each task once).
 * A search matches names, aliases and abbreviations (四川省商务厅 finds 商务厅).
 */
export async function listUnits(db: PrismaClient, filter: UnitListFilter = { scope: null }) {
  const jurisdictions = filter.jurisdictionId
    ? filter.scope && !filter.scope.has(filter.jurisdictionId)
      ? []
      : [filter.jurisdictionId]
    : filter.scope
      ? [...filter.scope]
      : null;
  const q = filter.q ? unitKey(filter.q) : "";
  const units = await db.unit.findMany({
    where: {
      ...(jurisdictions ? { jurisdictionId: { in: jurisdictions } } : {}),
      ...(filter.inactive ? {} : { active: true }),
      ...(q
        ? {
            OR: [
              { name: { contains: q } },
              { aliases: { some: { alias: { contains: q }, removedAt: null } } },
            ],
          }
        : {}),
    },
    orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
    include: {
      jurisdiction: { select: { name: true, code: true } },
      successor: { select: { id: true, name: true } },
      aliases: {
        where: { removedAt: null },
        select: { alias: true, kind: true },
        orderBy: { alias: "asc" },
      },
      _count: { select: { members: true } },
    },
  });
  const index = taskIndex(db);
  return units
    .sort(
      (a, b) =>
        (a.jurisdiction.code < b.jurisdiction.code
          ? -1
          : a.jurisdiction.code > b.jurisdiction.code
            ? 1
            : 0) || compareUnitNames(a.name, b.name),
    )
    .map((u) => ({ ...u, taskCount: index.tasksOfUnits(index.responsibleUnitIds(u.id)).length }));
}

export async function getUnitPage(db: PrismaClient, unitId: string) {
  const unit = await db.unit.findUnique({
    where: { id: unitId },
    include: {
      jurisdiction: true,
      successor: { select: { id: true, name: true } },
      predecessors: {
        select: {
          id: true,
          name: true,
          successionYear: true,
          succeededOn: true,
          successionVerified: true,
        },
      },
      aliases: {
        where: { removedAt: null },
        select: { id: true, alias: true, kind: true, source: true },
        orderBy: { alias: "asc" },
      },
      members: { include: { member: { select: { id: true, name: true } } } },
      memberOf: { include: { collective: { select: { id: true, name: true } } } },
    },
  });
  if (!unit) return null;
  unit.members.sort((a, b) => compareUnitNames(a.member.name, b.member.name));
  const today = unit.successorId ? await currentUnit(db, unit.id) : null;
  const ids = await responsibleUnitIds(db, unit.id);
  const assignments = await db.assignment.findMany({
    where: { unitId: { in: ids }, removedAt: null },
    include: {
      unit: { select: { id: true, name: true } },
      task: {
        select: {
          id: true,
          ref: true,
          heading: true,
          dueDate: true,
          status: true,
          document: { select: { slug: true, title: true } },
        },
      },
    },
    orderBy: [{ task: { document: { title: "asc" } } }, { task: { position: "asc" } }],
  });
  // A task reaches the unit once however many of its units are the unit's (itself and a
  // collective it belongs to): as lead if any of them leads, as on /my and in /units' count.
  const byTask = new Map<string, (typeof assignments)[number]>();
  for (const a of assignments) {
    const seen = byTask.get(a.taskId);
    if (!seen || (seen.role !== "LEAD" && a.role === "LEAD")) byTask.set(a.taskId, a);
  }
  const once = assignments.filter((a) => byTask.get(a.taskId) === a);
  return {
    unit,
    today,
    leads: once.filter((a) => a.role === "LEAD"),
    coOwns: once.filter((a) => a.role === "CO"),
  };
}

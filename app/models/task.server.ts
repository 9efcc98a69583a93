// Tasks: the ledger (任务台账) and a task's page.
import type { PrismaClient } from "../generated/prisma/client";
import { actsForSupervisor, seesEverything } from "./permissions";
import { reportState, type Light, type ReportState, type StandingRules } from "./standing";
import {
  rulesOf,
  standingOf,
  supervisionScope,
  tasksInScope,
  type TaskScope,
} from "./standing.server";
import {
  taskIndex,
  taskListItem,
  type IndexedTask,
  type TaskIndex,
  type TaskListItem,
} from "./task-index.server";

export const LEDGER_PAGE_SIZE = 50;

export type LedgerFilter = {
  document?: string; // slug
  unit?: string; // unit id
  role?: "LEAD" | "CO";
  q?: string;
  unassigned?: boolean;
  page?: number;
};

/** Reads the ledger's filter from a URL's search params, ignoring what does not make sense. */
export function parseLedgerFilter(params: URLSearchParams): LedgerFilter {
  const role = params.get("role");
  const page = Number(params.get("page") ?? "1");
  return {
    document: params.get("document") || undefined,
    unit: params.get("unit") || undefined,
    role: role === "LEAD" || role === "CO" ? role : undefined,
    q: params.get("q")?.trim().slice(0, 100) || undefined,
    unassigned: params.get("unassigned") === "1",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** A unit on a task as a list shows it: role, the name the document used, today's unit if renamed. */
export type UnitBadge = {
  role: "LEAD" | "CO";
  unitId: string;
  name: string;
  now?: string;
  unrecognized?: true;
};

export type LedgerRow = TaskListItem & { units: UnitBadge[] };

/** A ledger row with the task's standing at the moment of the request. */
export type LedgerPageRow = LedgerRow & {
  light: Light | null;
  daysOverdue: number;
  report: ReportState;
};

// A ledger row depends only on its task and the unit directory; both replace the indexed task
// object when they change (a unit change reloads the whole index), so rows are kept per object.
const ledgerRows = new WeakMap<IndexedTask, LedgerRow>();

function ledgerRow(index: TaskIndex, t: IndexedTask): LedgerRow {
  let row = ledgerRows.get(t);
  if (row) return row;
  const units = t.assignments.map((a): UnitBadge => {
    const unit = index.unit(a.unitId);
    const now = index.currentUnit(a.unitId);
    return {
      role: a.role,
      unitId: a.unitId,
      name: a.nameAsWritten,
      ...(now && now.id !== a.unitId ? { now: now.name } : {}),
      ...(unit?.recognized ? {} : { unrecognized: true as const }),
    };
  });
  row = { ...taskListItem(t), units };
  ledgerRows.set(t, row);
  return row;
}

// The same filter is asked for again and again (a unit's ledger, page after page): its matching
// tasks are kept until the index changes.
const matchCache = new Map<string, { version: number; file: string; tasks: IndexedTask[] }>();
const MATCH_CACHE_SIZE = 256;

/**
 * One page of the ledger, within the viewer's scope (ledgerScope). Filtered in the process's task
 * index; only a text query asks SQLite. Each row carries the task's standing at `now`.
 */
export async function ledger(
  db: PrismaClient,
  filter: LedgerFilter,
  scope: TaskScope,
  now = new Date(),
) {
  const index = taskIndex(db);
  const rules = rulesOf(db);
  const { total, page, tasks } = ledgerPage(index, filter, scope);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
    tasks: tasks.map((t) => ledgerPageRow(index, t, now, rules)),
  };
}

function ledgerPageRow(
  index: TaskIndex,
  t: IndexedTask,
  now: Date,
  rules: StandingRules,
): LedgerPageRow {
  const s = standingOf(index, t, now, rules);
  return {
    ...ledgerRow(index, t),
    light: s.light,
    daysOverdue: s.daysOverdue,
    report: reportState(s),
  };
}

/** The filter's matching tasks: how many, and those of the page asked for. */
function ledgerPage(index: TaskIndex, filter: LedgerFilter, scope: TaskScope) {
  const page = filter.page ?? 1;
  const matches = ledgerMatches(index, filter, scope);
  return {
    total: matches.length,
    page,
    tasks: matches.slice((page - 1) * LEDGER_PAGE_SIZE, page * LEDGER_PAGE_SIZE),
  };
}

/**
 * The versions of what one page of the ledger shows (its rows with their standings, the total,
 * the filter choices), for the page cache: a change to a task that is not on the page and leaves
 * the total as it was does not make the page a new one; a light that moves with the clock does.
 */
export function ledgerVersion(
  db: PrismaClient,
  filter: LedgerFilter,
  scope: TaskScope,
  now = new Date(),
): string {
  const index = taskIndex(db);
  const rules = rulesOf(db);
  const { total, tasks } = ledgerPage(index, filter, scope);
  const rows = tasks.map((t) => {
    const s = standingOf(index, t, now, rules);
    return `${t.serial}:${s.light ?? ""}${s.daysOverdue}${reportState(s)[0]}`;
  });
  return `${ledgerChoices(db, scope).version}|${total}|${rows.join(",")}`;
}

/**
 * Which tasks a viewer's ledger may hold: every task for admins; for a reviewer, the tasks of the
 * jurisdictions their unit supervises; for a liaison, their unit's (its predecessors and
 * collectives included).
 */
export function ledgerScope(
  db: PrismaClient,
  viewer: { role: string; unitId: string | null },
): TaskScope {
  if (seesEverything(viewer.role)) return { kind: "all" };
  const index = taskIndex(db);
  if (actsForSupervisor(viewer.role)) return supervisionScope(index, viewer.unitId);
  return { kind: "units", ids: viewer.unitId ? index.responsibleUnitIds(viewer.unitId) : [] };
}

function ledgerMatches(index: TaskIndex, filter: LedgerFilter, scope: TaskScope): IndexedTask[] {
  const key = JSON.stringify([
    filter.document,
    filter.unit,
    filter.role,
    filter.q,
    filter.unassigned,
    scope,
  ]);
  const hit = matchCache.get(key);
  if (hit && hit.version === index.version && hit.file === index.file) return hit.tasks;
  const unitIds = filter.unit ? new Set(index.responsibleUnitIds(filter.unit)) : null;
  const scopeIds = scope.kind === "units" ? new Set(scope.ids) : null;
  const jurisdictions = scope.kind === "jurisdictions" ? new Set(scope.ids) : null;
  const textIds = filter.q ? index.textMatches(filter.q) : null;
  const role = filter.role;
  // Start from the smallest set the filter allows: a unit's tasks, or the viewer's scope.
  const candidates = unitIds ? index.tasksOfUnits(unitIds) : tasksInScope(index, scope);
  const matches: IndexedTask[] = [];
  for (const t of candidates) {
    if (filter.document && t.document.slug !== filter.document) continue;
    if (
      unitIds
        ? !t.assignments.some((a) => unitIds.has(a.unitId) && (!role || a.role === role))
        : role && !t.assignments.some((a) => a.role === role)
    )
      continue;
    if (scopeIds && !t.assignments.some((a) => scopeIds.has(a.unitId))) continue;
    if (jurisdictions && !jurisdictions.has(t.jurisdictionId)) continue;
    if (filter.unassigned && t.assignments.some((a) => a.role === "LEAD")) continue;
    if (textIds && !textIds.has(t.id)) continue;
    matches.push(t);
  }
  if (matchCache.size >= MATCH_CACHE_SIZE) matchCache.delete(matchCache.keys().next().value!);
  matchCache.set(key, { version: index.version, file: index.file, tasks: matches });
  return matches;
}

export async function listDocuments(db: PrismaClient) {
  const docs = await db.document.findMany({
    orderBy: [{ issuedOn: { sort: "desc", nulls: "last" } }, { slug: "asc" }],
    select: {
      id: true,
      slug: true,
      title: true,
      number: true,
      issuer: true,
      issuedOn: true,
      status: true,
      targetDate: true,
      jurisdiction: { select: { name: true, level: true } },
      /** The higher documents it implements (their measures are linked on its links page). */
      adopts: { select: { document: { select: { slug: true, title: true, number: true } } } },
      // Archived tasks (measures a newer version dropped) are not counted.
      _count: { select: { tasks: { where: { archivedAt: null } } } },
    },
  });
  const unassigned = await db.task.groupBy({
    by: ["documentId"],
    where: { archivedAt: null, assignments: { none: { role: "LEAD", removedAt: null } } },
    _count: { _all: true },
  });
  const unassignedBy = new Map(unassigned.map((u) => [u.documentId, u._count._all]));
  return docs.map((d) => ({ ...d, unassignedCount: unassignedBy.get(d.id) ?? 0 }));
}

export async function getDocument(db: PrismaClient, slug: string) {
  return db.document.findUnique({
    where: { slug },
    include: { jurisdiction: true, _count: { select: { tasks: true } } },
  });
}

export type FilterChoices = ReturnType<typeof ledgerChoices>;

/**
 * Filter choices for the ledger and the review page: documents, and the units that hold at least
 * one assignment. From the task index, so a page never carries choices older than the data it was
 * rendered from. Pages do not carry the lists (300 documents and 200 units were half of every
 * ledger page); the browser loads them once per version from /filters/choices.
 */
export function ledgerChoices(db: PrismaClient, scope: TaskScope) {
  const index = taskIndex(db);
  return index.filterChoices(scope.kind === "jurisdictions" ? new Set(scope.ids) : null);
}

export const unitChoiceLabel = (u: FilterChoices["units"][number]) =>
  `${u.jurisdictionName} · ${u.name}${u.successorId ? "（已更名/撤并）" : ""}`;

/** What a page carries about its filter selects: the choices' version and the selected ones' labels. */
export async function selectedChoices(
  db: PrismaClient,
  filter: { document?: string; unit?: string },
  scope: TaskScope,
) {
  const choices = ledgerChoices(db, scope);
  const document = filter.document
    ? choices.documents.find((d) => d.slug === filter.document)
    : undefined;
  const unit = filter.unit ? choices.units.find((u) => u.id === filter.unit) : undefined;
  return {
    version: choices.version,
    document: filter.document
      ? { value: filter.document, label: document?.title ?? filter.document }
      : null,
    unit: filter.unit
      ? { value: filter.unit, label: unit ? unitChoiceLabel(unit) : filter.unit }
      : null,
  };
}

// Tasks: the ledger (任务台账) and a task's page.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { taskIndex, taskListItem, type IndexedTask, type TaskIndex, type TaskListItem } from "./task-index.server";

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
export type UnitBadge = { role: "LEAD" | "CO"; unitId: string; name: string; now?: string; unrecognized?: true };

export type LedgerRow = TaskListItem & { units: UnitBadge[] };

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
 * One page of the ledger. `scope`, when given, limits it to tasks assigned to those units (a
 * liaison's unit with its predecessors and collectives). Filtered in the process's task index;
 * only a text query asks SQLite.
 */
export async function ledger(db: PrismaClient, filter: LedgerFilter, scope?: string[]) {
  const index = taskIndex(db);
  const page = filter.page ?? 1;
  const matches = ledgerMatches(index, filter, scope);
  const total = matches.length;
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
    tasks: matches.slice((page - 1) * LEDGER_PAGE_SIZE, page * LEDGER_PAGE_SIZE).map((t) => ledgerRow(index, t)),
  };
}

function ledgerMatches(index: TaskIndex, filter: LedgerFilter, scope?: string[]): IndexedTask[] {
  const key = JSON.stringify([filter.document, filter.unit, filter.role, filter.q, filter.unassigned, scope]);
  const hit = matchCache.get(key);
  if (hit && hit.version === index.version && hit.file === index.file) return hit.tasks;
  const unitIds = filter.unit ? new Set(index.responsibleUnitIds(filter.unit)) : null;
  const scopeIds = scope ? new Set(scope) : null;
  const textIds = filter.q ? index.textMatches(filter.q) : null;
  const role = filter.role;
  // Start from the smallest set the filter allows: a unit's (or the liaison's scope's) tasks.
  const candidates = unitIds ? index.tasksOfUnits(unitIds) : scopeIds ? index.tasksOfUnits(scopeIds) : index.ordered();
  const matches: IndexedTask[] = [];
  for (const t of candidates) {
    if (filter.document && t.document.slug !== filter.document) continue;
    if (unitIds ? !t.assignments.some((a) => unitIds.has(a.unitId) && (!role || a.role === role)) : role && !t.assignments.some((a) => a.role === role)) continue;
    if (scopeIds && !t.assignments.some((a) => scopeIds.has(a.unitId))) continue;
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
      jurisdiction: { select: { name: true } },
      _count: { select: { tasks: true } },
    },
  });
  const unassigned = await db.task.groupBy({
    by: ["documentId"],
    where: { assignments: { none: { role: "LEAD", removedAt: null } } },
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

// Units and documents change only when seeds or reviewers' assignments change; a request should
// not rebuild them. Cached per process for a few seconds.
const CHOICES_TTL_MS = 30_000;
let choicesCache: { at: number; value: Promise<FilterChoices> } | null = null;

export type FilterChoices = Awaited<ReturnType<typeof loadChoices>>;

/**
 * Filter choices for the ledger and the review page: documents, and the units that hold at least
 * one assignment. Pages do not carry them (300 documents and 200 units were half of every ledger
 * page); the browser loads them once per version from /filters/choices.
 */
export function ledgerChoices(db: PrismaClient): Promise<FilterChoices> {
  if (!choicesCache || Date.now() - choicesCache.at > CHOICES_TTL_MS) choicesCache = { at: Date.now(), value: loadChoices(db) };
  return choicesCache.value;
}

export const unitChoiceLabel = (u: FilterChoices["units"][number]) => `${u.jurisdiction.name} · ${u.name}${u.successorId ? "（已更名/撤并）" : ""}`;

/** What a page carries about its filter selects: the choices' version and the selected ones' labels. */
export async function selectedChoices(db: PrismaClient, filter: { document?: string; unit?: string }) {
  const choices = await ledgerChoices(db);
  const document = filter.document ? choices.documents.find((d) => d.slug === filter.document) : undefined;
  const unit = filter.unit ? choices.units.find((u) => u.id === filter.unit) : undefined;
  return {
    version: choices.version,
    document: filter.document ? { value: filter.document, label: document?.title ?? filter.document } : null,
    unit: filter.unit ? { value: filter.unit, label: unit ? unitChoiceLabel(unit) : filter.unit } : null,
  };
}

async function loadChoices(db: PrismaClient) {
  const [documents, units] = await Promise.all([
    db.document.findMany({ orderBy: { slug: "asc" }, select: { slug: true, title: true } }),
    db.unit.findMany({
      where: { OR: [{ assignments: { some: { removedAt: null } } }, { predecessors: { some: { assignments: { some: { removedAt: null } } } } }, { memberOf: { some: {} } }] },
      orderBy: [{ jurisdiction: { code: "asc" } }, { name: "asc" }],
      select: { id: true, name: true, successorId: true, jurisdiction: { select: { name: true } } },
    }),
  ]);
  // The version names this list in the URL the browser caches it under.
  const version = createHash("sha256").update(JSON.stringify([documents, units])).digest("base64url").slice(0, 12);
  return { documents, units, version };
}

// Tasks: the ledger (任务台账) and a task's page.
import type { PrismaClient } from "../generated/prisma/client";
import { currentUnits, responsibleUnitIds } from "./unit.server";

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

/**
 * One page of the ledger. `scope`, when given, limits it to tasks assigned to those units (a
 * liaison's unit with its predecessors and collectives).
 */
export async function ledger(db: PrismaClient, filter: LedgerFilter, scope?: string[]) {
  const unitIds = filter.unit ? await responsibleUnitIds(db, filter.unit) : null;
  const assignmentFilter = unitIds
    ? { some: { unitId: { in: unitIds }, removedAt: null, ...(filter.role ? { role: filter.role } : {}) } }
    : filter.role
      ? { some: { role: filter.role, removedAt: null } }
      : undefined;
  const where = {
    ...(filter.document ? { document: { slug: filter.document } } : {}),
    AND: [
      ...(scope ? [{ assignments: { some: { unitId: { in: scope }, removedAt: null } } }] : []),
      ...(assignmentFilter ? [{ assignments: assignmentFilter }] : []),
      ...(filter.unassigned ? [{ assignments: { none: { role: "LEAD", removedAt: null } } }] : []),
      ...(filter.q
        ? [{ OR: [{ text: { contains: filter.q } }, { heading: { contains: filter.q } }, { ref: { contains: filter.q } }] }]
        : []),
    ],
  };
  const page = filter.page ?? 1;
  const [total, tasks] = await Promise.all([
    db.task.count({ where }),
    db.task.findMany({
      where,
      orderBy: [{ document: { slug: "asc" } }, { position: "asc" }],
      skip: (page - 1) * LEDGER_PAGE_SIZE,
      take: LEDGER_PAGE_SIZE,
      select: {
        id: true,
        ref: true,
        heading: true,
        dueDate: true,
        status: true,
        document: { select: { slug: true, title: true } },
        assignments: {
          where: { removedAt: null },
          orderBy: [{ role: "desc" }, { position: "asc" }],
          select: { role: true, position: true, nameAsWritten: true, unit: { select: { id: true, name: true, recognized: true } } },
        },
      },
    }),
  ]);
  const today = await cachedCurrentUnits(db);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
    tasks: tasks.map((t) => ({
      ...t,
      assignments: t.assignments.map((a) => {
        const now = today.get(a.unit.id);
        return { ...a, currentUnit: now && now.id !== a.unit.id ? now : null };
      }),
    })),
  };
}

export async function getTask(db: PrismaClient, taskId: string) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    include: {
      document: { include: { jurisdiction: true } },
      assignments: {
        orderBy: [{ removedAt: "asc" }, { role: "desc" }, { position: "asc" }],
        include: { unit: { select: { id: true, name: true, recognized: true, successorId: true } } },
      },
      auditEvents: { orderBy: { createdAt: "desc" }, take: 100, include: { actor: { select: { name: true } } } },
    },
  });
  if (!task) return null;
  const today = await currentUnits(db, [task.document.jurisdictionId]);
  return {
    ...task,
    assignments: task.assignments.map((a) => {
      const now = today.get(a.unit.id);
      return { ...a, currentUnit: now && now.id !== a.unit.id ? now : null };
    }),
  };
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
let choicesCache: { at: number; value: Promise<Awaited<ReturnType<typeof loadChoices>>> } | null = null;
let unitsCache: { at: number; value: ReturnType<typeof currentUnits> } | null = null;

function cachedCurrentUnits(db: PrismaClient) {
  if (!unitsCache || Date.now() - unitsCache.at > CHOICES_TTL_MS) unitsCache = { at: Date.now(), value: currentUnits(db) };
  return unitsCache.value;
}

/** Filter choices for the ledger: documents, and the units that hold at least one assignment. */
export function ledgerChoices(db: PrismaClient) {
  if (!choicesCache || Date.now() - choicesCache.at > CHOICES_TTL_MS) choicesCache = { at: Date.now(), value: loadChoices(db) };
  return choicesCache.value;
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
  return { documents, units };
}

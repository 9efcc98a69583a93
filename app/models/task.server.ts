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
  const page = filter.page ?? 1;
  // The page's ids and the total in SQL driven by the assignment index (unit → tasks), then the
  // 50 tasks' details through Prisma. Id lists travel as JSON (no bound-parameter limit).
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `
    WHERE (? IS NULL OR d.slug = ?)
      AND (? IS NULL OR t.id IN (SELECT a.taskId FROM "Assignment" a WHERE a.removedAt IS NULL AND a.unitId IN (SELECT value FROM json_each(?)) AND (? IS NULL OR a.role = ?)))
      AND (? IS NULL OR ? IS NOT NULL OR t.id IN (SELECT a.taskId FROM "Assignment" a WHERE a.removedAt IS NULL AND a.role = ?))
      AND (? IS NULL OR t.id IN (SELECT a.taskId FROM "Assignment" a WHERE a.removedAt IS NULL AND a.unitId IN (SELECT value FROM json_each(?))))
      AND (? = 0 OR NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a.taskId = t.id AND a.role = 'LEAD' AND a.removedAt IS NULL))
      AND (? IS NULL OR t.text LIKE ? ESCAPE '\\' OR t.heading LIKE ? ESCAPE '\\' OR t.ref LIKE ? ESCAPE '\\')`;
  const unitJson = unitIds ? JSON.stringify(unitIds) : null;
  const scopeJson = scope ? JSON.stringify(scope) : null;
  const role = filter.role ?? null;
  const params = [
    filter.document ?? null, filter.document ?? null,
    unitJson, unitJson, role, role,
    role, unitJson, role,
    scopeJson, scopeJson,
    filter.unassigned ? 1 : 0,
    like, like, like, like,
  ];
  const [countRows, idRows] = await Promise.all([
    db.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT count(*) AS n FROM "Task" t JOIN "Document" d ON d.id = t.documentId ${where}`, ...params),
    db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT t.id FROM "Task" t JOIN "Document" d ON d.id = t.documentId ${where} ORDER BY d.slug, t.position LIMIT ? OFFSET ?`,
      ...params,
      LEDGER_PAGE_SIZE,
      (page - 1) * LEDGER_PAGE_SIZE,
    ),
  ]);
  const total = Number(countRows[0]?.n ?? 0);
  const ids = idRows.map((r) => r.id);
  const found = await db.task.findMany({
    where: { id: { in: ids } },
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
  });
  const byId = new Map(found.map((t) => [t.id, t]));
  const tasks = ids.map((id) => byId.get(id)!).filter(Boolean);
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

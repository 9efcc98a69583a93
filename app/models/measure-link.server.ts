// National measures and the provinces that carry them.
//
// Two levels, one idea — "implements":
// - A document implements a document of a higher level (四川省's 2016 opinions implement
//   国发〔2016〕4号). That is an Adoption: the higher document is adopted by the lower document's
//   jurisdiction, via the lower document, with the words that say so as evidence. The seeds record
//   theirs (seeds/documents.json adoptedBy); the parser reads the citation (根据《…》（国发〔2016〕4号）)
//   into `implements`, and a reviewer confirms it here or at import: recordImplementation writes
//   the same Adoption (source MANUAL). Adopting gives the jurisdiction its own task of each higher
//   measure, unassigned until its reviewers assign units — as seeding does.
// - A measure implements a measure of such a document: a MeasureLink from the provincial task to
//   its jurisdiction's task of the national measure, suggested by text similarity
//   (measure-similarity.ts) and confirmed by a reviewer. The national task's page lists the tasks
//   that carry it, with their lights and latest progress; the roll-up of a national document
//   lists them measure by measure (nationalRollup).
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";
import { writeTransaction, type TxClient } from "../db/db.server";
import { parseDocument } from "../ingest/parse-document";
import { endOfDayShanghai } from "../utils/time";
import { suggestLinks, type LinkSuggestion, type MeasureText } from "./measure-similarity";
import { LIGHT_LABEL, type Figures, type Light } from "./standing";
import { figuresOf, standingOf, type TaskScope, tasksInScope } from "./standing.server";
import type { StandingRules } from "./standing";
import { taskIndex, type IndexedTask, type TaskIndex } from "./task-index.server";

type Client = PrismaClient | TxClient;

function inTransaction<T>(client: Client, fn: (tx: TxClient) => Promise<T>): Promise<T> {
  return "$transaction" in client ? writeTransaction(client as PrismaClient, fn) : fn(client);
}

/** A refused link: the field it is about and the message shown next to it. */
export class LinkError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "LinkError";
  }
}

const fail = (field: string, message: string): never => {
  throw new LinkError(field, message);
};

/**
 * The documents a text says it implements, matched to documents Duban has: by number (国发〔2016〕4号)
 * first, else by title. `cited` is what the parser read (ParsedDocument.document.implements).
 */
export async function findImplementedDocuments(
  db: Client,
  cited: Array<{ title: string; number: string | null }>,
) {
  const found: Array<{ id: string; slug: string; title: string; number: string | null }> = [];
  for (const c of cited) {
    const doc =
      (c.number
        ? await db.document.findFirst({
            where: { number: c.number },
            select: { id: true, slug: true, title: true, number: true },
          })
        : null) ??
      (await db.document.findFirst({
        where: { title: c.title },
        select: { id: true, slug: true, title: true, number: true },
      }));
    if (doc && !found.some((f) => f.id === doc.id)) found.push(doc);
  }
  return found;
}

/**
 * Records that `documentId` implements `implementsId` (a document of a higher level): the higher
 * document is adopted by the lower one's jurisdiction, via it, and that jurisdiction gets its task
 * of every higher measure (unassigned). Recording what is already recorded changes nothing.
 */
export async function recordImplementation(
  client: Client,
  input: { documentId: string; implementsId: string; evidence: string },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const lower = await tx.document.findUnique({
      where: { id: input.documentId },
      include: { jurisdiction: true },
    });
    if (!lower) return fail("documentId", "没有这份文件");
    const higher = await tx.document.findUnique({
      where: { id: input.implementsId },
      include: { jurisdiction: true },
    });
    if (!higher) return fail("implementsId", "没有这份文件");
    if (higher.id === lower.id) fail("implementsId", "文件不能贯彻落实自身");
    if (higher.jurisdictionId === lower.jurisdictionId)
      fail("implementsId", "只能贯彻落实上级（其他地区）的文件");
    const evidence = input.evidence.trim();
    if (!evidence) fail("evidence", "请摘录文件中说明贯彻落实的原文");
    if (evidence.length > 500) fail("evidence", "摘录不能超过 500 字");
    const key = { documentId: higher.id, jurisdictionId: lower.jurisdictionId };
    const existing = await tx.adoption.findUnique({ where: { documentId_jurisdictionId: key } });
    if (existing && existing.viaDocumentId && existing.viaDocumentId !== lower.id)
      fail("implementsId", `${lower.jurisdiction.name}已通过另一份文件贯彻落实该文件`);
    if (!existing)
      await tx.adoption.create({
        data: { ...key, viaDocumentId: lower.id, evidence, source: "MANUAL" },
      });
    else if (!existing.viaDocumentId)
      await tx.adoption.update({
        where: { documentId_jurisdictionId: key },
        data: { viaDocumentId: lower.id },
      });
    const created = await ensureAdopterTasks(tx, higher, lower.jurisdictionId, lower.slug);
    if (!existing)
      await tx.auditEvent.create({
        data: {
          actorId,
          type: "document.implements",
          payload: JSON.stringify({
            document: lower.slug,
            implements: higher.slug,
            number: higher.number,
            evidence,
            tasks: created,
          }),
        },
      });
    return { created, alreadyRecorded: Boolean(existing) };
  });
}

/** The adopting jurisdiction's task of each measure of `doc`, made where missing (unassigned). */
async function ensureAdopterTasks(
  tx: TxClient,
  doc: { id: string; slug: string; sourceText: string; targetDate: Date | null },
  jurisdictionId: string,
  via: string,
): Promise<number> {
  const have = new Set(
    (
      await tx.task.findMany({
        where: { documentId: doc.id, jurisdictionId },
        select: { ref: true },
      })
    ).map((t) => t.ref),
  );
  // Another adopter's tasks are the measures as they were read; without one, read the text.
  const sibling = await tx.task.findFirst({
    where: { documentId: doc.id },
    select: { jurisdictionId: true },
  });
  const measures = sibling
    ? await tx.task.findMany({
        where: { documentId: doc.id, jurisdictionId: sibling.jurisdictionId },
        orderBy: { position: "asc" },
        select: {
          ref: true,
          position: true,
          sectionPath: true,
          heading: true,
          text: true,
          recurrence: true,
          responsibilityNote: true,
          dueDate: true,
          dueDateSource: true,
          dueDateText: true,
        },
      })
    : parseDocument(doc.sourceText).measures.map((m, position) => ({
        ref: m.ref,
        position,
        sectionPath: m.sections.filter(Boolean).join(" / "),
        heading: m.heading,
        text: m.text,
        recurrence: m.recurrence,
        responsibilityNote: m.responsibility?.note ?? null,
        dueDate: m.dueDate ? endOfDayShanghai(m.dueDate) : null,
        dueDateSource: m.dueDateSource,
        dueDateText: m.dueDateText,
      }));
  let created = 0;
  for (const m of measures) {
    if (have.has(m.ref)) continue;
    // A due date a reviewer set for another adopter is theirs, not this jurisdiction's.
    const due =
      m.dueDateSource === "MANUAL"
        ? {
            dueDate: doc.targetDate,
            dueDateSource: doc.targetDate ? "DOCUMENT" : null,
            dueDateText: null,
          }
        : { dueDate: m.dueDate, dueDateSource: m.dueDateSource, dueDateText: m.dueDateText };
    const task = await tx.task.create({
      data: { documentId: doc.id, jurisdictionId, ...m, ...due },
    });
    await tx.auditEvent.create({
      data: {
        taskId: task.id,
        type: "task.adopted",
        payload: JSON.stringify({ document: doc.slug, ref: m.ref, via }),
      },
    });
    created++;
  }
  return created;
}

/** The task a link may go from and to, checked: one jurisdiction, the higher document adopted. */
async function linkable(tx: TxClient, taskId: string, implementsTaskId: string) {
  const select = {
    id: true,
    ref: true,
    heading: true,
    jurisdictionId: true,
    documentId: true,
    document: { select: { slug: true, title: true, number: true, jurisdictionId: true } },
  } as const;
  const task = await tx.task.findUnique({ where: { id: taskId }, select });
  if (!task) return fail("taskId", "没有这项任务");
  const target = await tx.task.findUnique({ where: { id: implementsTaskId }, select });
  if (!target) return fail("implementsTaskId", "没有这项上级措施");
  if (target.documentId === task.documentId) fail("implementsTaskId", "不能关联同一文件的措施");
  if (target.jurisdictionId !== task.jurisdictionId)
    fail("implementsTaskId", "只能关联本地区贯彻落实的上级措施");
  if (task.document.jurisdictionId !== task.jurisdictionId)
    fail("taskId", "只有本地区自己文件的措施才能关联上级措施");
  const adopted = await tx.adoption.findUnique({
    where: {
      documentId_jurisdictionId: {
        documentId: target.documentId,
        jurisdictionId: task.jurisdictionId,
      },
    },
  });
  if (!adopted) fail("implementsTaskId", "本地区尚未贯彻落实该上级文件");
  return { task, target };
}

const linkPayload = (
  task: { ref: string; heading: string; document: { title: string } },
  target: { ref: string; heading: string; document: { title: string; number: string | null } },
  score: number | null,
) =>
  JSON.stringify({
    carrier: { document: task.document.title, ref: task.ref, heading: task.heading },
    implements: {
      document: target.document.number ?? target.document.title,
      ref: target.ref,
      heading: target.heading,
    },
    score,
  });

/**
 * Links a provincial task to the national task it carries out (its jurisdiction's copy), with the
 * suggestion's score when it came from one. Linking what is linked changes nothing; a removed link
 * is made again. Both tasks' timelines record it.
 */
export async function linkMeasure(
  client: Client,
  input: { taskId: string; implementsTaskId: string; score?: number | null },
  actorId: string | null,
) {
  return inTransaction(client, async (tx) => {
    const { task, target } = await linkable(tx, input.taskId, input.implementsTaskId);
    const key = { taskId: task.id, implementsTaskId: target.id };
    const existing = await tx.measureLink.findUnique({ where: { taskId_implementsTaskId: key } });
    if (existing && !existing.removedAt) return existing;
    const score = input.score ?? null;
    const link = existing
      ? await tx.measureLink.update({
          where: { id: existing.id },
          data: { removedAt: null, removedById: null, score, createdById: actorId },
        })
      : await tx.measureLink.create({ data: { ...key, score, createdById: actorId } });
    const payload = linkPayload(task, target, score);
    for (const taskId of [task.id, target.id])
      await tx.auditEvent.create({ data: { taskId, actorId, type: "task.linked", payload } });
    return link;
  });
}

/** Removes a link (kept, marked removed); both timelines record it. */
export async function unlinkMeasure(client: Client, linkId: string, actorId: string | null) {
  return inTransaction(client, async (tx) => {
    const link = await tx.measureLink.findUnique({ where: { id: linkId } });
    if (!link || link.removedAt) return fail("linkId", "没有这个关联");
    const { task, target } = await linkable(tx, link.taskId, link.implementsTaskId);
    await tx.measureLink.update({
      where: { id: link.id },
      data: { removedAt: new Date(), removedById: actorId },
    });
    const payload = linkPayload(task, target, link.score);
    for (const taskId of [task.id, target.id])
      await tx.auditEvent.create({ data: { taskId, actorId, type: "task.unlinked", payload } });
  });
}

/** The measures as the similarity compares them, from tasks. */
const asMeasure = (t: { id: string; ref: string; heading: string; text: string }): MeasureText => ({
  id: t.id,
  ref: t.ref,
  heading: t.heading,
  text: t.text,
});

/**
 * What a document's links page shows: for its jurisdiction, each of its measures with the links
 * it has and the suggestions for the higher documents it implements; and those documents.
 */
export async function documentLinks(db: PrismaClient, slug: string) {
  const doc = await db.document.findUnique({
    where: { slug },
    include: {
      jurisdiction: true,
      adopts: {
        include: {
          document: { select: { id: true, slug: true, title: true, number: true } },
        },
      },
    },
  });
  if (!doc) return null;
  const higher = doc.adopts.map((a) => ({ ...a.document, evidence: a.evidence, source: a.source }));
  const own = await db.task.findMany({
    where: { documentId: doc.id, jurisdictionId: doc.jurisdictionId },
    orderBy: { position: "asc" },
    select: { id: true, ref: true, heading: true, text: true },
  });
  const targets = higher.length
    ? await db.task.findMany({
        where: { documentId: { in: higher.map((h) => h.id) }, jurisdictionId: doc.jurisdictionId },
        orderBy: [{ documentId: "asc" }, { position: "asc" }],
        select: { id: true, ref: true, heading: true, text: true, documentId: true },
      })
    : [];
  const links = await db.measureLink.findMany({
    where: { taskId: { in: own.map((t) => t.id) }, removedAt: null },
    orderBy: { createdAt: "asc" },
  });
  const suggestions = suggestLinks(own.map(asMeasure), targets.map(asMeasure));
  const byId = new Map(targets.map((t) => [t.id, t]));
  // Documents Duban has that this one could implement: other jurisdictions' (national first).
  const candidates = await db.document.findMany({
    where: { jurisdictionId: { not: doc.jurisdictionId }, id: { notIn: higher.map((h) => h.id) } },
    orderBy: [{ jurisdiction: { level: "asc" } }, { title: "asc" }],
    select: { id: true, title: true, number: true, jurisdiction: { select: { name: true } } },
  });
  return {
    document: {
      id: doc.id,
      slug: doc.slug,
      title: doc.title,
      number: doc.number,
      jurisdictionId: doc.jurisdictionId,
      jurisdiction: doc.jurisdiction.name,
      level: doc.jurisdiction.level,
    },
    higher,
    candidates,
    /** Where the text cites a candidate (《title》 or its number): offered first, with the words. */
    cited: citedIn(doc.sourceText, candidates),
    targets: targets.map(({ id, ref, heading, documentId }) => ({ id, ref, heading, documentId })),
    measures: own.map((t) => ({
      id: t.id,
      ref: t.ref,
      heading: t.heading,
      links: links
        .filter((l) => l.taskId === t.id)
        .map((l) => ({ id: l.id, score: l.score, target: byId.get(l.implementsTaskId) }))
        .filter((l) => l.target)
        .map((l) => ({ id: l.id, score: l.score, ref: l.target!.ref, heading: l.target!.heading })),
      suggestions: (suggestions.get(t.id) ?? []) as LinkSuggestion[],
    })),
  };
}

/** Candidates whose title (in 《》) or number the text names, with the sentence that does. */
export function citedIn(
  text: string,
  candidates: Array<{ id: string; title: string; number: string | null }>,
): Array<{ id: string; evidence: string }> {
  const flat = text.replace(/[\s\u3000]+/g, "");
  const out: Array<{ id: string; evidence: string }> = [];
  for (const c of candidates) {
    const needles = [`《${c.title.replace(/[\s\u3000]+/g, "")}》`, c.number].filter(
      (n): n is string => Boolean(n),
    );
    for (const n of needles) {
      const at = flat.indexOf(n);
      if (at < 0) continue;
      const start = Math.max(flat.lastIndexOf("。", at) + 1, 0);
      const stop = flat.indexOf("。", at);
      out.push({
        id: c.id,
        evidence: flat.slice(start, stop < 0 ? undefined : stop).slice(0, 500),
      });
      break;
    }
  }
  return out;
}

/** The tasks that carry a task out, as the national task's page shows them: light, latest progress. */
export function carriersOf(
  db: PrismaClient,
  index: TaskIndex,
  taskId: string,
  now: Date,
  rules: StandingRules,
) {
  const ids = index.carriersOfTask(taskId);
  if (ids.length === 0) return [];
  const latest = latestProgress(db, ids);
  return ids
    .map((id) => index.get(id))
    .filter((t): t is IndexedTask => Boolean(t))
    .sort((a, b) =>
      a.document.slug < b.document.slug
        ? -1
        : a.document.slug > b.document.slug
          ? 1
          : a.position - b.position,
    )
    .map((t) => {
      const s = standingOf(index, t, now, rules);
      const lead = index.unitsOf(t).leads[0];
      return {
        id: t.id,
        ref: t.ref,
        heading: t.heading,
        status: t.status,
        document: t.document.title,
        light: s.light,
        daysOverdue: s.daysOverdue,
        lead: lead ? (index.unit(lead)?.name ?? null) : null,
        progress: latest.get(t.id) ?? null,
      };
    });
}

/** The tasks of higher documents a task carries out, for its page. */
export function implementedBy(index: TaskIndex, taskId: string) {
  return index
    .implementedTasks(taskId)
    .map((id) => index.get(id))
    .filter((t): t is IndexedTask => Boolean(t))
    .map((t) => ({ id: t.id, ref: t.ref, heading: t.heading, document: t.document.title }));
}

// The latest report per task, the lead's consolidated one first (as the roll-up reads it).
const LATEST = `SELECT t.value AS taskId, p.period, p.percent, p.progress, p.createdAt
  FROM json_each(?) t JOIN "ProgressReport" p ON p.id = (
    SELECT q.id FROM "ProgressReport" q WHERE q.taskId = t.value
    ORDER BY q.consolidated DESC, q.createdAt DESC, q.id DESC LIMIT 1)`;

export type LatestProgress = { period: string; percent: number; progress: string; at: string };

function latestProgress(db: PrismaClient, ids: readonly string[]): Map<string, LatestProgress> {
  const rows = readStatement(db, LATEST).all(JSON.stringify(ids)) as Array<{
    taskId: string;
    period: string;
    percent: number;
    progress: string;
    createdAt: string;
  }>;
  return new Map(
    rows.map((r) => [
      r.taskId,
      { period: r.period, percent: Number(r.percent), progress: r.progress, at: r.createdAt },
    ]),
  );
}

export type NationalMeasureRow = {
  ref: string;
  heading: string;
  /** One per adopting jurisdiction in scope: its task of the measure and the tasks carrying it. */
  jurisdictions: Array<{
    jurisdiction: string;
    taskId: string;
    carriers: Array<{
      document: string;
      ref: string;
      heading: string;
      lead: string;
      light: string;
      status: string;
      percent: number | null;
      progress: string;
    }>;
  }>;
  /** The carrying tasks' figures (app/models/standing.ts): lights, done, overdue, rates. */
  figures: Figures;
};

/**
 * A national document's roll-up measure by measure: for each of its measures, in each adopting
 * jurisdiction of the scope, the provincial tasks that carry it with their lights and latest
 * progress, and their figures. Measures nobody linked yet show with no carriers (0 tasks).
 */
export function nationalRollup(
  db: PrismaClient,
  documentId: string,
  scope: TaskScope,
  now: Date,
  rules: StandingRules,
  statusLabel: Record<string, string> = {},
): NationalMeasureRow[] {
  const index = taskIndex(db);
  const copies = tasksInScope(index, scope).filter((t) => t.documentId === documentId);
  const carrierIds = copies.flatMap((t) => [...index.carriersOfTask(t.id)]);
  const latest = latestProgress(db, carrierIds);
  const byRef = new Map<string, IndexedTask[]>();
  for (const t of copies) byRef.set(t.ref, [...(byRef.get(t.ref) ?? []), t]);
  return [...byRef.values()]
    .sort((a, b) => a[0]!.position - b[0]!.position)
    .map((same) => {
      const all: IndexedTask[] = [];
      const jurisdictions = same.map((copy) => {
        const carriers = index
          .carriersOfTask(copy.id)
          .map((id) => index.get(id))
          .filter((t): t is IndexedTask => Boolean(t));
        all.push(...carriers);
        return {
          jurisdiction: index.jurisdiction(copy.jurisdictionId)?.name ?? copy.jurisdictionId,
          taskId: copy.id,
          carriers: carriers.map((t) => {
            const s = standingOf(index, t, now, rules);
            const lead = index.unitsOf(t).leads.map((u) => index.unit(u)?.name ?? u);
            const rep = latest.get(t.id);
            return {
              document: t.document.title,
              ref: t.ref,
              heading: t.heading,
              lead: lead.join("、") || "待分配",
              light: s.light ? LIGHT_LABEL[s.light as Light] : "—",
              status: statusLabel[t.status] ?? t.status,
              percent: rep?.percent ?? null,
              progress: rep?.progress ?? "",
            };
          }),
        };
      });
      return {
        ref: same[0]!.ref,
        heading: same[0]!.heading,
        jurisdictions,
        figures: figuresOf(index, all, now, rules),
      };
    });
}

// Importing a document (page 导入文件 and `npm run import`): a file or pasted text becomes a draft
// (ImportDraft) the reviewer previews and edits; its commit writes the document, its tasks and
// their assignments in one write transaction, through the task writer seeding uses
// (app/models/document-writer.server.ts). Every refusal is a Chinese message and writes nothing.
//
// A new version of a tracked document (the same number in the jurisdiction, or the document the
// reviewer chose) is matched measure by measure (app/models/measure-matching.ts): tasks that
// continue keep their id — and so their reports, timeline and manual assignments — and tasks
// whose measure is gone are archived. Two commits of the same document race inside SQLite's one
// write lock: the first bumps the document's version, the second finds it moved and is refused.
import { createHash } from "node:crypto";
import { pinyin } from "pinyin-pro";
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction, type TxClient } from "../db/db.server";
import { UPLOAD_LIMIT } from "../http/body-limit.server";
import type { ColumnRole } from "../ingest/ledger";
import { parseFile, type ParseFileResult } from "../ingest/parse-file";
import { unitKey } from "../seed/unit-directory";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import {
  archiveTask,
  assignmentsOf,
  emptyCounts,
  taskFields,
  writeTask,
  type WriteCounts,
} from "./document-writer.server";
import {
  buildPreview,
  type ImportEdits,
  type OldTask,
  type Preview,
  type PreviewMeasure,
  type StoredParse,
} from "./import-preview";
import { addAlias, createUnit, mergeUnits, updateUnit } from "./unit-directory.server";
import { findImplementedDocuments, LinkError, recordImplementation } from "./measure-link.server";
import { loadUnitResolver } from "./unit-resolution.server";

type Reader = PrismaClient | TxClient;

/** A refusal: what to tell the person, one reason a line. */
export class ImportError extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join("\n"));
    this.name = "ImportError";
  }
}

export type ImportSource =
  { kind: "file"; bytes: Uint8Array; fileName: string } | { kind: "text"; text: string };

export type ColumnOverrides = Partial<Record<ColumnRole, number | null>>;

async function read(source: ImportSource, columns?: ColumnOverrides): Promise<ParseFileResult> {
  if (source.kind === "text") {
    if (!source.text.trim()) return { ok: false, code: "EMPTY", message: "粘贴的内容是空的" };
    // Pasted text goes through the same reader as a UTF-8 file.
    return parseFile(new TextEncoder().encode(source.text), { maxBytes: UPLOAD_LIMIT });
  }
  return parseFile(source.bytes, { fileName: source.fileName, maxBytes: UPLOAD_LIMIT, columns });
}

/** A jurisdiction's document with the same number: what a draft is a new version of, by default. */
async function sameNumber(db: Reader, jurisdictionId: string, number: string | null) {
  if (!number) return null;
  return db.document.findFirst({
    where: { jurisdictionId, number: number.trim() },
    select: { id: true, version: true },
  });
}

export type DraftInput = {
  source: ImportSource;
  jurisdictionId: string;
  userId: string | null;
  /** A table's column mapping (0-based), instead of the one its header suggests. */
  columns?: ColumnOverrides;
  edits?: ImportEdits;
  /** The document it is a new version of; undefined: the jurisdiction's one of the same number. */
  replacesId?: string | null;
};

/**
 * Reads the source and keeps it as a draft. The jurisdiction is the caller's choice (the route
 * offers those the reviewer's unit supervises). Refused, with nothing written: whatever the file
 * readers refuse (old .doc, scanned PDF, image, empty, binary, too large, no measures).
 */
export async function createDraft(db: PrismaClient, input: DraftInput): Promise<{ id: string }> {
  const result = await read(input.source, input.columns);
  if (!result.ok) throw new ImportError([result.message]);
  const stored = storedParse(input.source, result);
  const table = result.source.ledger !== undefined;
  const edits = { ...input.edits, ...(input.columns ? { columns: input.columns } : {}) };
  return writeTransaction(db, async (tx) => {
    const previous = await replaced(tx, input, result.parsed.document.number);
    return tx.importDraft.create({
      data: {
        createdById: input.userId,
        jurisdictionId: input.jurisdictionId,
        fileName: input.source.kind === "file" ? input.source.fileName.slice(0, 200) : null,
        format: input.source.kind === "file" ? result.source.format : "paste",
        fileBytes:
          input.source.kind === "file" && table ? Buffer.from(input.source.bytes) : undefined,
        sourceText: result.text,
        parsed: JSON.stringify(stored),
        edits: JSON.stringify(edits),
        replacesId: previous?.id ?? null,
        replacesVersion: previous ? (previous.version ?? 0) : null,
      },
      select: { id: true },
    });
  });
}

function storedParse(source: ImportSource, result: Extract<ParseFileResult, { ok: true }>) {
  const stored: StoredParse = { parsed: result.parsed, source: result.source };
  if (source.kind === "text") stored.source = { format: "paste" };
  return stored;
}

/** The document a new draft replaces: the one named, or the jurisdiction's of the same number. */
async function replaced(
  db: Reader,
  input: Pick<DraftInput, "jurisdictionId" | "replacesId">,
  number: string | null,
) {
  if (input.replacesId === null) return null;
  if (input.replacesId === undefined) return sameNumber(db, input.jurisdictionId, number);
  const doc = await db.document.findFirst({
    where: { id: input.replacesId, jurisdictionId: input.jurisdictionId },
    select: { id: true, version: true },
  });
  if (!doc) throw new ImportError(["只能选择本地区已有的文件作为旧版本"]);
  return doc;
}

/**
 * The preview of a source without keeping anything (`npm run import` without --commit): the same
 * reading, resolution and comparison as a draft's.
 */
export async function previewSource(db: Reader, input: DraftInput) {
  const result = await read(input.source, input.columns);
  if (!result.ok) throw new ImportError([result.message]);
  const stored = storedParse(input.source, result);
  const previous = await replaced(db, input, result.parsed.document.number);
  const preview = await computePreview(db, {
    stored,
    edits: input.edits ?? {},
    jurisdictionId: input.jurisdictionId,
    replacesId: previous?.id ?? null,
  });
  return { stored, preview, replacesId: previous?.id ?? null };
}

async function computePreview(
  db: Reader,
  input: {
    stored: StoredParse;
    edits: ImportEdits;
    jurisdictionId: string;
    replacesId: string | null;
  },
): Promise<Preview> {
  const resolver = await loadUnitResolver(db, input.jurisdictionId);
  const previous = input.replacesId
    ? await previousTasks(db, input.replacesId, input.jurisdictionId)
    : null;
  return buildPreview({ stored: input.stored, edits: input.edits, resolver, previous });
}

export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

export function findDraft(db: Reader, id: string) {
  return db.importDraft.findUnique({
    where: { id },
    include: {
      replaces: {
        select: {
          id: true,
          slug: true,
          title: true,
          number: true,
          version: true,
          importedAt: true,
        },
      },
    },
  });
}

export function editsOf(draft: { edits: string }): ImportEdits {
  return JSON.parse(draft.edits || "{}") as ImportEdits;
}

export function storedOf(draft: { parsed: string }): StoredParse {
  return JSON.parse(draft.parsed) as StoredParse;
}

/** The tasks of the tracked version in the draft's jurisdiction, with what a re-import keeps. */
async function previousTasks(
  db: Reader,
  documentId: string,
  jurisdictionId: string,
): Promise<OldTask[]> {
  const tasks = await db.task.findMany({
    where: { documentId, jurisdictionId },
    orderBy: { position: "asc" },
    select: {
      id: true,
      ref: true,
      heading: true,
      text: true,
      responsibilityNote: true,
      dueDate: true,
      archivedAt: true,
      _count: { select: { reports: true } },
      assignments: {
        where: { removedAt: null },
        orderBy: [{ role: "desc" }, { position: "asc" }],
        select: { unitId: true, role: true, source: true, nameAsWritten: true },
      },
    },
  });
  return tasks.map((t) => ({
    id: t.id,
    ref: t.ref,
    heading: t.heading,
    text: t.text,
    responsibilityNote: t.responsibilityNote,
    dueDate: t.dueDate ? shanghaiDate(t.dueDate) : null,
    archived: t.archivedAt !== null,
    reports: t._count.reports,
    documentUnits: t.assignments
      .filter((a) => a.source === "SEED")
      .map((a) => ({
        unitId: a.unitId,
        role: a.role === "LEAD" ? ("LEAD" as const) : ("CO" as const),
        name: a.nameAsWritten,
      })),
    manualUnits: t.assignments.filter((a) => a.source === "MANUAL").length,
  }));
}

/** The documents a citation names (《title》（number）, one or more), as the parser gives them. */
export function citedDocuments(citation: string): Array<{ title: string; number: string | null }> {
  return [...citation.matchAll(/《([^《》]+)》(?:[（(]([^）)]+)[）)])?/g)].map((m) => ({
    title: m[1]!.trim(),
    number: m[2]?.trim() || null,
  }));
}

/** The documents of other jurisdictions in Duban that the confirmed citation names. */
async function implementedDocuments(db: Reader, citation: string, jurisdictionId: string) {
  const cited = citedDocuments(citation);
  if (cited.length === 0) return [];
  const found = await findImplementedDocuments(db, cited);
  const docs = await db.document.findMany({
    where: { id: { in: found.map((d) => d.id) }, jurisdictionId: { not: jurisdictionId } },
    select: { id: true },
  });
  const other = new Set(docs.map((d) => d.id));
  return found.filter((d) => other.has(d.id));
}

export type DraftPreview = {
  draft: DraftRow;
  preview: Preview;
  /** Documents in Duban the confirmed citation names: the commit records that this one implements them. */
  implemented: Array<{ id: string; slug: string; title: string; number: string | null }>;
  stored: StoredParse;
  edits: ImportEdits;
  /** Set when the document was re-imported by someone else after this draft was compared with it. */
  stale: string | null;
};

/** The preview of a draft as of now (the directory and the tracked version as they are). */
export async function previewDraft(db: Reader, draft: DraftRow): Promise<DraftPreview> {
  const stored = storedOf(draft);
  const edits = editsOf(draft);
  const preview = await computePreview(db, {
    stored,
    edits,
    jurisdictionId: draft.jurisdictionId,
    replacesId: draft.replacesId,
  });
  const stale = staleness(draft);
  if (stale) preview.problems.unshift(stale);
  const implemented = await implementedDocuments(
    db,
    preview.header.implements,
    draft.jurisdictionId,
  );
  return { draft, preview, stored, edits, stale, implemented };
}

function staleness(draft: DraftRow): string | null {
  const doc = draft.replaces;
  if (!doc || (doc.version ?? 0) === draft.replacesVersion) return null;
  const at = doc.importedAt ? `，${shanghaiDate(doc.importedAt)}` : "";
  return `《${doc.title}》在本草稿比对之后已被另一次导入更新（现为第 ${doc.version} 版${at}）：请点“按最新版本重新比对”，核对差异后再提交`;
}

async function openDraft(tx: Reader, id: string) {
  const draft = await findDraft(tx, id);
  if (!draft) throw new ImportError(["没有这份导入草稿"]);
  if (draft.status === "COMMITTED") throw new ImportError(["此草稿已提交导入，不能再修改"]);
  if (draft.status === "DISCARDED") throw new ImportError(["此草稿已放弃"]);
  return draft;
}

/** Changes a draft's edits (read, changed and written in one transaction). */
export async function updateEdits(
  db: PrismaClient,
  id: string,
  change: (edits: ImportEdits, draft: DraftRow) => ImportEdits,
) {
  await writeTransaction(db, async (tx) => {
    const draft = await openDraft(tx, id);
    const edits = change(editsOf(draft), draft);
    await tx.importDraft.update({ where: { id }, data: { edits: JSON.stringify(edits) } });
  });
}

/** Another jurisdiction: names are resolved in its directory, so earlier decisions are dropped. */
export async function setDraftJurisdiction(db: PrismaClient, id: string, jurisdictionId: string) {
  await writeTransaction(db, async (tx) => {
    const draft = await openDraft(tx, id);
    if (draft.jurisdictionId === jurisdictionId) return;
    const edits = editsOf(draft);
    delete edits.names;
    const number = edits.header?.number ?? storedOf(draft).parsed.document.number;
    const previous = await sameNumber(tx, jurisdictionId, number);
    await tx.importDraft.update({
      where: { id },
      data: {
        jurisdictionId,
        edits: JSON.stringify(edits),
        replacesId: previous?.id ?? null,
        replacesVersion: previous ? (previous.version ?? 0) : null,
      },
    });
  });
}

/** The document this draft is a new version of (null: a new document), compared as it is now. */
export async function setReplaces(db: PrismaClient, id: string, documentId: string | null) {
  await writeTransaction(db, async (tx) => {
    const draft = await openDraft(tx, id);
    if (documentId === null) {
      await tx.importDraft.update({
        where: { id },
        data: { replacesId: null, replacesVersion: null },
      });
      return;
    }
    const doc = await tx.document.findFirst({
      where: { id: documentId, jurisdictionId: draft.jurisdictionId },
      select: { id: true, version: true },
    });
    if (!doc) throw new ImportError(["只能选择本地区已有的文件"]);
    await tx.importDraft.update({
      where: { id },
      data: { replacesId: doc.id, replacesVersion: doc.version ?? 0 },
    });
  });
}

/** Reads the kept table again with another column mapping; the other edits stay. */
export async function rereadColumns(db: PrismaClient, id: string, columns: ColumnOverrides) {
  const draft = await openDraft(db, id);
  if (!draft.fileBytes) throw new ImportError(["此草稿不是表格，没有列可调整"]);
  const result = await read(
    { kind: "file", bytes: draft.fileBytes, fileName: draft.fileName ?? "" },
    columns,
  );
  if (!result.ok) throw new ImportError([result.message]);
  const stored: StoredParse = { parsed: result.parsed, source: result.source };
  await writeTransaction(db, async (tx) => {
    const again = await openDraft(tx, id);
    const edits = editsOf(again);
    edits.columns = columns as Record<string, number | null>;
    await tx.importDraft.update({
      where: { id },
      data: {
        parsed: JSON.stringify(stored),
        sourceText: result.text,
        edits: JSON.stringify(edits),
      },
    });
  });
}

export async function discardDraft(db: PrismaClient, id: string) {
  await writeTransaction(db, async (tx) => {
    await openDraft(tx, id);
    await tx.importDraft.update({
      where: { id },
      data: { status: "DISCARDED", fileBytes: null },
    });
  });
}

/** Open drafts of these jurisdictions, newest first (for the page's list). */
export function openDrafts(db: Reader, jurisdictionIds: string[] | null) {
  return db.importDraft.findMany({
    where: {
      status: "OPEN",
      ...(jurisdictionIds ? { jurisdictionId: { in: jurisdictionIds } } : {}),
    },
    orderBy: { updatedAt: "desc" },
    take: 50,
    select: {
      id: true,
      fileName: true,
      format: true,
      parsed: true,
      createdAt: true,
      updatedAt: true,
      jurisdictionId: true,
      replacesId: true,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Commit

export type CommitResult = {
  document: { id: string; slug: string; title: string; version: number };
  created: boolean;
  counts: WriteCounts & {
    archived: number;
    unitsCreated: number;
    aliasesAdded: number;
    /** Slugs of the higher documents this one was recorded as implementing. */
    implements: string[];
  };
};

/** The paragraph of the text that cites the first implemented document (根据《…》…精神), bounded. */
function evidenceOf(text: string, docs: Array<{ title: string }>): string | null {
  const first = docs[0];
  if (!first) return null;
  const line = text.split(/\n/).find((l) => l.includes(`《${first.title}》`));
  return line ? line.trim().slice(0, 500) : null;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A slug from the jurisdiction, the year and the title's pinyin initials: sc-2024-gyjkjs. */
async function newSlug(tx: TxClient, code: string, date: string, title: string) {
  const initials = pinyin(title.replace(/^.*?关于/, ""), {
    pattern: "first",
    toneType: "none",
    separator: "",
    nonZh: "removed",
  })
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 16);
  const base = [code.toLowerCase(), date.slice(0, 4) || null, initials || "doc"]
    .filter(Boolean)
    .join("-");
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.document.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

/** Carries out the reviewer's decisions on unknown names; returns name key → unit id for every name. */
async function settleNames(
  tx: TxClient,
  preview: Preview,
  jurisdictionId: string,
  actorId: string | null,
  counts: CommitResult["counts"],
): Promise<Map<string, string>> {
  const unitOf = new Map<string, string>();
  const created = new Map<string, string>();
  for (const n of preview.names) {
    if (n.target && !n.decision) {
      unitOf.set(n.key, n.target.id);
      continue;
    }
    if (!n.decision) continue; // generic: no unit
    const recorded =
      n.resolution.kind === "UNKNOWN" || n.resolution.kind === "SUGGESTION"
        ? n.resolution.recorded
        : null;
    if (n.decision.action === "MAP" && n.target) {
      // A name seeding kept as unrecognized is merged into the unit (its work moves there, its
      // name becomes the unit's alias); any other name becomes an alias.
      if (recorded) await mergeUnits(tx, { fromId: recorded.id, intoId: n.target.id }, actorId);
      else await addAlias(tx, { unitId: n.target.id, alias: n.key }, actorId);
      counts.aliasesAdded++;
      unitOf.set(n.key, n.target.id);
    } else if (n.decision.action === "CREATE" && n.creates) {
      // Two names written for the same new unit: one unit, the other name its alias.
      const again = created.get(n.creates.name);
      if (again) {
        if (n.key !== n.creates.name) {
          await addAlias(tx, { unitId: again, alias: n.key }, actorId);
          counts.aliasesAdded++;
        }
        unitOf.set(n.key, again);
        continue;
      }
      let id: string;
      if (recorded && unitKey(recorded.name) === n.creates.name) {
        // The recorded name becomes a unit of the directory (naming its kind recognizes it).
        await updateUnit(tx, recorded.id, { kind: n.creates.kind }, actorId);
        id = recorded.id;
      } else {
        const unit = await createUnit(
          tx,
          { jurisdictionId, name: n.creates.name, kind: n.creates.kind },
          actorId,
        );
        id = unit.id;
        if (n.creates.name !== n.key) {
          await addAlias(tx, { unitId: id, alias: n.key }, actorId);
          counts.aliasesAdded++;
        }
      }
      counts.unitsCreated++;
      created.set(n.creates.name, id);
      unitOf.set(n.key, id);
    }
  }
  return unitOf;
}

function measureTask(m: PreviewMeasure, position: number, unitOf: Map<string, string>) {
  const units = (list: PreviewMeasure["lead"]) =>
    list.flatMap((u) => {
      const unitId = unitOf.get(u.key);
      return unitId ? [{ unitId, nameAsWritten: u.name }] : [];
    });
  const fields = taskFields(m.parsed, position);
  return {
    ...fields,
    heading: m.heading,
    text: m.text,
    dueDate: m.due ? endOfDayShanghai(m.due) : null,
    dueDateSource: m.dueSource === "MANUAL" ? "MANUAL" : fields.dueDateSource,
    dueSetByReviewer: m.edited.due,
    assignments: assignmentsOf([
      { role: "LEAD", units: units(m.lead) },
      { role: "CO", units: units(m.co) },
    ]),
  };
}

/**
 * Commits a draft: the document, its tasks and assignments, in one write transaction; the
 * preview is computed again inside it, on the directory and tasks as they are at that moment.
 */
export async function commitDraft(
  db: PrismaClient,
  id: string,
  actorId: string | null,
): Promise<CommitResult> {
  return writeTransaction(
    db,
    async (tx) => {
      const draft = await openDraft(tx, id);
      const jurisdiction = await tx.jurisdiction.findUniqueOrThrow({
        where: { id: draft.jurisdictionId },
      });
      const { preview, implemented } = await previewDraft(tx, draft);
      if (preview.problems.length > 0) throw new ImportError(preview.problems);
      const h = preview.header;
      const number = h.number.trim() || null;
      if (!draft.replacesId && number) {
        const taken = await tx.document.findFirst({
          where: { jurisdictionId: draft.jurisdictionId, number },
          select: { title: true, importedAt: true },
        });
        if (taken)
          throw new ImportError([
            `文号 ${number} 的《${taken.title}》已在系统中${taken.importedAt ? `（${shanghaiDate(taken.importedAt)}导入，可能刚由另一次导入提交）` : ""}：请把本草稿作为它的新版本，重新比对后再提交`,
          ]);
      }
      const counts: CommitResult["counts"] = {
        ...emptyCounts(),
        archived: 0,
        unitsCreated: 0,
        aliasesAdded: 0,
        implements: [],
      };
      const unitOf = await settleNames(tx, preview, draft.jurisdictionId, actorId, counts);
      const stored = storedOf(draft);
      const fields = {
        title: h.title.trim(),
        number,
        issuer: h.issuer.trim() || null,
        issuedOn: h.date ? new Date(`${h.date}T00:00:00+08:00`) : null,
        status: h.status,
        sourceFile: draft.fileName,
        sourceText: draft.sourceText,
        sourceHash: sha256(draft.sourceText),
        targetDate: stored.parsed.document.targetDate
          ? endOfDayShanghai(stored.parsed.document.targetDate)
          : null,
        implementsCitation: h.implements.trim() || null,
        importedAt: new Date(),
      };
      const version = (draft.replaces?.version ?? 0) + 1;
      const document = draft.replacesId
        ? await tx.document.update({
            where: { id: draft.replacesId },
            data: { ...fields, version },
          })
        : await tx.document.create({
            data: {
              ...fields,
              version,
              jurisdictionId: draft.jurisdictionId,
              slug: await newSlug(tx, jurisdiction.code, h.date, fields.title),
            },
          });
      const kept = preview.measures.filter((m) => !m.dropped);
      const target = { documentId: document.id, jurisdictionId: draft.jurisdictionId, actorId };
      const created = {
        type: "task.imported",
        payload: { document: document.title, version, draft: draft.id },
      };
      if (!preview.diff) {
        for (const [position, m] of kept.entries())
          await writeTask(
            tx,
            {
              ...target,
              existing: null,
              created: { ...created, payload: { ...created.payload, ref: m.ref } },
            },
            measureTask(m, position, unitOf),
            counts,
          );
      } else {
        await writeNewVersion(tx, preview, kept, unitOf, target, created, counts);
      }
      // The document it implements, when Duban has it: an Adoption (the higher document's measures
      // become this jurisdiction's tasks, unassigned), as a reviewer records it on the links page.
      const evidence = evidenceOf(draft.sourceText, citedDocuments(h.implements)) ?? h.implements;
      for (const higher of implemented) {
        try {
          await recordImplementation(
            tx,
            { documentId: document.id, implementsId: higher.id, evidence },
            actorId,
          );
          counts.implements.push(higher.slug);
        } catch (error) {
          // Already carried out through another document of the jurisdiction: nothing to add.
          if (!(error instanceof LinkError)) throw error;
        }
      }
      await tx.importDraft.update({
        where: { id },
        data: {
          status: "COMMITTED",
          documentId: document.id,
          committedAt: new Date(),
          fileBytes: null,
          replacesVersion: draft.replacesId ? version : null,
        },
      });
      await tx.auditEvent.create({
        data: {
          actorId,
          type: "document.imported",
          payload: JSON.stringify({
            document: document.id,
            slug: document.slug,
            version,
            draft: draft.id,
            tasks: counts.tasks,
            archived: counts.archived,
          }),
        },
      });
      return {
        document: { id: document.id, slug: document.slug, title: document.title, version },
        created: !draft.replacesId,
        counts,
      };
    },
    { timeout: 60_000 },
  );
}

/** A re-import: matched tasks updated in place (renumbered ones too), new ones created, the rest archived. */
async function writeNewVersion(
  tx: TxClient,
  preview: Preview,
  kept: PreviewMeasure[],
  unitOf: Map<string, string>,
  target: { documentId: string; jurisdictionId: string; actorId: string | null },
  created: { type: string; payload: Record<string, unknown> },
  counts: CommitResult["counts"],
) {
  const diff = preview.diff!;
  const tasks = await tx.task.findMany({
    where: { documentId: target.documentId, jurisdictionId: target.jurisdictionId },
  });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const oldOf = new Map(diff.matches.map((m) => [m.newRef, byId.get(m.oldId)!]));
  const matched = new Set(diff.matches.map((m) => m.oldId));
  const newRefs = new Set(kept.map((m) => m.ref));
  // Refs move between tasks (a measure inserted renumbers those after it): tasks that take a new
  // ref step aside first, and a task left behind whose ref a new measure takes is renamed 「（旧）」.
  for (const m of diff.matches) {
    const t = byId.get(m.oldId)!;
    if (t.ref !== m.newRef)
      await tx.task.update({ where: { id: t.id }, data: { ref: `\u0000${t.id}` } });
  }
  const inUse = new Set([...newRefs, ...tasks.filter((t) => !matched.has(t.id)).map((t) => t.ref)]);
  for (const t of tasks) {
    if (matched.has(t.id)) continue;
    if (!t.archivedAt) {
      await archiveTask(tx, t.id, target.actorId, {
        ref: t.ref,
        document: created.payload.document,
      });
      counts.archived++;
    }
    if (newRefs.has(t.ref)) {
      let ref = `${t.ref}（旧）`;
      for (let n = 2; inUse.has(ref); n++) ref = `${t.ref}（旧${n}）`;
      inUse.add(ref);
      await tx.task.update({ where: { id: t.id }, data: { ref } });
    }
  }
  for (const [position, m] of kept.entries()) {
    // The task as it was before its ref stepped aside: its timeline names the old ref.
    await writeTask(
      tx,
      {
        ...target,
        existing: oldOf.get(m.ref) ?? null,
        created: { ...created, payload: { ...created.payload, ref: m.ref } },
      },
      measureTask(m, position, unitOf),
      counts,
    );
  }
}

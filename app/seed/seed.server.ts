// Seeding: the unit directory and the seed documents into the database, idempotently.
//
// Rules people rely on:
// - a second run with the same files creates and changes nothing;
// - a changed document text updates its tasks in place, matched by document slug and measure ref;
// - progress reports, and assignments a person made or removed, are never touched;
// - a unit name not in the directory is kept as an unrecognized unit and reported, never dropped.
import { acknowledgeBaseline } from "../models/acknowledgement.server";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { decodeUtf8 } from "../ingest/read-text";
import { parseDocument, type ParsedDocument, type ParsedMeasure } from "../ingest/parse-document";
import { endOfDayShanghai } from "../utils/time";
import {
  assignmentsOf,
  emptyCounts,
  taskFields,
  writeTask,
} from "../models/document-writer.server";
import { editedFieldsOf } from "../models/unit-directory.server";
import { readUnitDirectory, unitKey, type UnitDirectory } from "./unit-directory";

type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type ManifestEntry = {
  slug: string;
  file: string;
  jurisdiction: string;
  title?: string | null;
  number?: string | null;
  issuer?: string | null;
  date?: string | null;
  status?: "DRAFT" | "IN_FORCE";
  /** Jurisdictions that implement this document of a higher level, with the words that say so. */
  adoptedBy?: Array<{ jurisdiction: string; via?: string | null; evidence: string }>;
};

export type SeedSummary = {
  /** keptEdits: units seeded from the file whose fields people changed (left as people set them). */
  units: { created: number; updated: number; keptEdits: number };
  documents: { created: number; updated: number; unchanged: number };
  tasks: { created: number; updated: number; unchanged: number; missingFromText: string[] };
  assignments: { created: number; updated: number; removed: number };
  unrecognizedUnits: string[];
  warnings: string[];
};

export class SeedError extends Error {}

function emptySummary(): SeedSummary {
  return {
    units: { created: 0, updated: 0, keptEdits: 0 },
    documents: { created: 0, updated: 0, unchanged: 0 },
    tasks: { created: 0, updated: 0, unchanged: 0, missingFromText: [] },
    assignments: { created: 0, updated: 0, removed: 0 },
    unrecognizedUnits: [],
    warnings: [],
  };
}

export function readManifest(seedsDir: string): ManifestEntry[] {
  const file = path.join(seedsDir, "documents.json");
  let json: { documents?: ManifestEntry[] };
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SeedError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const docs = json.documents;
  if (!Array.isArray(docs)) throw new SeedError(`${file}: expected { "documents": [...] }`);
  const slugs = new Set<string>();
  for (const d of docs) {
    if (!d.slug || !/^[a-z0-9-]+$/.test(d.slug))
      throw new SeedError(
        `${file}: slug ${JSON.stringify(d.slug)} must be lowercase letters, digits and dashes`,
      );
    if (slugs.has(d.slug)) throw new SeedError(`${file}: slug ${d.slug} is listed twice`);
    slugs.add(d.slug);
    if (!d.file || !d.jurisdiction)
      throw new SeedError(`${file}: ${d.slug} needs file and jurisdiction`);
  }
  for (const d of docs) {
    if (d.adoptedBy !== undefined && !Array.isArray(d.adoptedBy))
      throw new SeedError(`${file}: ${d.slug}: adoptedBy must be a list`);
    const seen = new Set<string>();
    for (const a of d.adoptedBy ?? []) {
      if (!a?.jurisdiction || typeof a.evidence !== "string" || !a.evidence.trim())
        throw new SeedError(`${file}: ${d.slug}: each adoptedBy needs jurisdiction and evidence`);
      if (a.jurisdiction === d.jurisdiction || seen.has(a.jurisdiction))
        throw new SeedError(`${file}: ${d.slug}: adopted by ${a.jurisdiction} twice`);
      seen.add(a.jurisdiction);
      if (a.via && !slugs.has(a.via))
        throw new SeedError(
          `${file}: ${d.slug}: adopted via ${a.via}, which is not in the manifest`,
        );
    }
  }
  return docs;
}

export function readDirectoryFile(seedsDir: string): UnitDirectory {
  const file = path.join(seedsDir, "units.json");
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SeedError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return readUnitDirectory(json);
}

/** Seeds the directory and every document of the manifest. */
export async function seedAll(db: PrismaClient, seedsDir: string): Promise<SeedSummary> {
  const summary = emptySummary();
  // A database's first seeding is its baseline: those assignments count as acknowledged (签收);
  // what a later seeding assigns waits for the unit like any new assignment.
  const first = (await db.task.count()) === 0;
  const directory = readDirectoryFile(seedsDir);
  const manifest = readManifest(seedsDir);
  // Read and parse every document before writing anything: a malformed file stops the run cleanly.
  const parsed = manifest.map((entry) => {
    const file = path.join(seedsDir, entry.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new SeedError(
        `${entry.slug}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) throw new SeedError(`${entry.slug}: ${file}: ${decoded.reason}`);
    try {
      return { entry, text: decoded.text, doc: parseDocument(decoded.text) };
    } catch (error) {
      throw new SeedError(`${entry.slug}: ${file}: ${(error as Error).message}`);
    }
  });

  // An adoption is recorded only if the adopting document says so in the words given.
  const texts = new Map(parsed.map((p) => [p.entry.slug, p.text]));
  const squeeze = (t: string) => t.replace(/[\s\u3000]+/g, "");
  for (const p of parsed)
    for (const a of p.entry.adoptedBy ?? [])
      if (a.via && !squeeze(texts.get(a.via) ?? "").includes(squeeze(a.evidence)))
        throw new SeedError(
          `${p.entry.slug}: adopted by ${a.jurisdiction} via ${a.via}, whose text does not contain the evidence given`,
        );

  await writeTransaction(db, async (tx) => seedDirectory(tx, directory, summary));
  for (const p of parsed) {
    await writeTransaction(db, async (tx) => seedDocument(tx, p.entry, p.text, p.doc, summary), {
      timeout: 60_000,
    });
  }
  await writeTransaction(db, async (tx) => seedAdoptions(tx, manifest));
  if (first) await acknowledgeBaseline(db);
  return summary;
}

/** The jurisdictions that carry a document's measures out: its own (unless national), and its adopters. */
async function implementingJurisdictions(
  tx: Tx,
  entry: ManifestEntry,
  own: { id: string; level: string },
): Promise<string[]> {
  const ids = own.level === "NATIONAL" ? [] : [own.id];
  for (const a of entry.adoptedBy ?? []) {
    const j = await tx.jurisdiction.findUnique({ where: { code: a.jurisdiction } });
    if (!j) throw new SeedError(`${entry.slug}: adopted by unknown jurisdiction ${a.jurisdiction}`);
    ids.push(j.id);
  }
  // Adoptions a reviewer recorded (an imported document that implements this one) count too.
  const manual = await tx.adoption.findMany({
    where: { document: { slug: entry.slug }, source: "MANUAL" },
    select: { jurisdictionId: true },
  });
  for (const a of manual) if (!ids.includes(a.jurisdictionId)) ids.push(a.jurisdictionId);
  return ids;
}

/**
 * Adoption rows as the manifest has them. Those a reviewer recorded (source MANUAL: a document
 * marked as implementing this one) are theirs: kept, and never replaced by the manifest's.
 */
async function seedAdoptions(tx: Tx, manifest: ManifestEntry[]) {
  const docs = new Map(
    (await tx.document.findMany({ select: { id: true, slug: true } })).map((d) => [d.slug, d.id]),
  );
  const wanted = new Set<string>();
  for (const entry of manifest) {
    const documentId = docs.get(entry.slug)!;
    for (const a of entry.adoptedBy ?? []) {
      const j = await tx.jurisdiction.findUniqueOrThrow({ where: { code: a.jurisdiction } });
      wanted.add(`${documentId}|${j.id}`);
      const data = { viaDocumentId: a.via ? docs.get(a.via)! : null, evidence: a.evidence };
      const have = await tx.adoption.findUnique({
        where: { documentId_jurisdictionId: { documentId, jurisdictionId: j.id } },
      });
      if (!have) await tx.adoption.create({ data: { documentId, jurisdictionId: j.id, ...data } });
      else if (have.source !== "SEED") continue;
      else if (have.viaDocumentId !== data.viaDocumentId || have.evidence !== data.evidence)
        await tx.adoption.update({
          where: { documentId_jurisdictionId: { documentId, jurisdictionId: j.id } },
          data,
        });
    }
  }
  for (const a of await tx.adoption.findMany({
    where: { documentId: { in: manifest.map((e) => docs.get(e.slug)!) }, source: "SEED" },
  }))
    if (!wanted.has(`${a.documentId}|${a.jurisdictionId}`))
      await tx.adoption.delete({
        where: {
          documentId_jurisdictionId: { documentId: a.documentId, jurisdictionId: a.jurisdictionId },
        },
      });
}

// What people changed in the directory is theirs (app/models/unit-directory.server.ts): a unit's
// fields they edited (editedFields), aliases they added or removed (source MANUAL, removedAt), a
// duplicate they merged away (mergedAt). The file fills in everything else, and what it adds later
// (a new unit, a new alias) arrives. Each entry of the file is found by its seed key — the name it
// had when first seeded — so a unit people renamed is not created again.
async function seedDirectory(tx: Tx, directory: UnitDirectory, summary: SeedSummary) {
  const jurisdictionIds = new Map<string, string>();
  for (const j of directory.jurisdictions) {
    const row = await tx.jurisdiction.upsert({
      where: { code: j.code },
      create: { code: j.code, name: j.name, level: j.level },
      update: { name: j.name, level: j.level },
    });
    jurisdictionIds.set(j.code, row.id);
  }

  const unitIds = new Map<string, string>(); // code:key → the entry's unit
  const homes = new Map<string, string>(); // code:key → where its names go (a merged entry's unit)
  const owns = new Map<string, Set<string> | null>(); // code:key → fields people own; null: not the entry's unit
  for (const u of directory.units) {
    const jurisdictionId = jurisdictionIds.get(u.jurisdiction)!;
    const key = unitKey(u.name);
    const fields = { kind: u.kind, note: u.note ?? null, recognized: true };
    let existing = await findSeededUnit(tx, jurisdictionId, key);
    if (!existing) {
      existing = await tx.unit.create({
        data: { jurisdictionId, name: key, seedKey: key, ...fields },
      });
      summary.units.created++;
    } else if (existing.seedKey === key) {
      const edited = new Set(editedFieldsOf(existing));
      const data: Partial<typeof fields> = {};
      if (!edited.has("kind") && existing.kind !== fields.kind) data.kind = fields.kind;
      if (!edited.has("note") && existing.note !== fields.note) data.note = fields.note;
      if (!existing.recognized) data.recognized = true;
      if (Object.keys(data).length > 0) {
        await tx.unit.update({ where: { id: existing.id }, data });
        summary.units.updated++;
      }
      if (edited.size > 0) summary.units.keptEdits++;
    } else {
      summary.warnings.push(
        `units.json ${u.name}: people gave this name to ${existing.name}; the entry is kept as theirs`,
      );
    }
    const at = `${u.jurisdiction}:${key}`;
    unitIds.set(at, existing.id);
    homes.set(at, await mergedHome(tx, existing));
    owns.set(at, existing.seedKey === key ? new Set(editedFieldsOf(existing)) : null);
  }

  for (const u of directory.units) {
    const jurisdictionId = jurisdictionIds.get(u.jurisdiction)!;
    const at = `${u.jurisdiction}:${unitKey(u.name)}`;
    const id = unitIds.get(at)!;
    const home = homes.get(at)!;
    const edited = owns.get(at);
    const names: Array<[string, "ALIAS" | "ABBREVIATION"]> = [
      ...u.aliases.map((a) => [a, "ALIAS"] as [string, "ALIAS"]),
      ...u.abbreviations.map((a) => [a, "ABBREVIATION"] as [string, "ABBREVIATION"]),
    ];
    for (const [alias, kind] of names) {
      const key = unitKey(alias);
      const found = await tx.unitAlias.findUnique({
        where: { jurisdictionId_alias: { jurisdictionId, alias: key } },
      });
      if (!found)
        await tx.unitAlias.create({ data: { jurisdictionId, unitId: home, alias: key, kind } });
      else if (found.source === "SEED" && !found.removedAt) {
        // Added or removed by a person (MANUAL, or marked removed): left as they are.
        if (found.unitId !== home || found.kind !== kind)
          await tx.unitAlias.update({ where: { id: found.id }, data: { unitId: home, kind } });
      }
      await absorbUnrecognized(tx, jurisdictionId, key, home);
    }
    if (edited && !edited.has("successor")) {
      const successorId = u.successor
        ? unitIds.get(`${u.jurisdiction}:${unitKey(u.successor.name)}`)!
        : null;
      const succession = {
        successorId,
        successionYear: u.successor?.year ?? null,
        succeededOn: u.successor?.date ? new Date(`${u.successor.date}T00:00:00+08:00`) : null,
        successionVerified: u.successor?.verified ?? true,
      };
      const current = await tx.unit.findUniqueOrThrow({ where: { id } });
      if (
        current.successorId !== succession.successorId ||
        current.successionYear !== succession.successionYear ||
        (current.succeededOn?.getTime() ?? null) !== (succession.succeededOn?.getTime() ?? null) ||
        current.successionVerified !== succession.successionVerified
      ) {
        await tx.unit.update({ where: { id }, data: succession });
      }
    }
    if (edited && !edited.has("members")) {
      for (const m of u.members ?? []) {
        const memberId = homes.get(`${u.jurisdiction}:${unitKey(m)}`)!;
        await tx.unitMembership.upsert({
          where: { collectiveId_memberId: { collectiveId: id, memberId } },
          create: { collectiveId: id, memberId },
          update: {},
        });
      }
    }
  }

  // Who supervises what, as the directory says (its only source) — by today's unit, where people
  // recorded that a supervising unit was renamed or merged.
  const supervision = new Set<string>();
  for (const u of directory.units) {
    if (!u.supervises?.length) continue;
    const unitId = await todayOf(tx, unitIds.get(`${u.jurisdiction}:${unitKey(u.name)}`)!);
    for (const code of u.supervises) {
      const jurisdictionId = jurisdictionIds.get(code)!;
      supervision.add(`${unitId}|${jurisdictionId}`);
      await tx.supervision.upsert({
        where: { unitId_jurisdictionId: { unitId, jurisdictionId } },
        create: { unitId, jurisdictionId },
        update: {},
      });
    }
  }
  for (const s of await tx.supervision.findMany())
    if (!supervision.has(`${s.unitId}|${s.jurisdictionId}`))
      await tx.supervision.delete({
        where: { unitId_jurisdictionId: { unitId: s.unitId, jurisdictionId: s.jurisdictionId } },
      });
}

/**
 * The unit a file entry stands for: the one seeded from it (its seed key), else a unit of that
 * name or alias nobody seeded (an unknown name first met in a document, or one people created),
 * which the entry then takes as its own; else one people gave the name to (not the entry's).
 */
async function findSeededUnit(tx: Tx, jurisdictionId: string, key: string) {
  const seeded = await tx.unit.findUnique({
    where: { jurisdictionId_seedKey: { jurisdictionId, seedKey: key } },
  });
  if (seeded) return seeded;
  let unit = await tx.unit.findUnique({
    where: { jurisdictionId_name: { jurisdictionId, name: key } },
  });
  if (!unit) {
    const alias = await tx.unitAlias.findUnique({
      where: { jurisdictionId_alias: { jurisdictionId, alias: key } },
      include: { unit: true },
    });
    if (alias && !alias.removedAt) unit = alias.unit;
  }
  if (unit && unit.seedKey === null)
    return tx.unit.update({ where: { id: unit.id }, data: { seedKey: key } });
  return unit;
}

/** Where a merged-away duplicate's names and work now live: the unit it was merged into. */
async function mergedHome(
  tx: Tx,
  unit: { id: string; mergedAt: Date | null; successorId: string | null },
) {
  const seen = new Set<string>();
  let cur = unit;
  while (cur.mergedAt && cur.successorId && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = await tx.unit.findUniqueOrThrow({ where: { id: cur.successorId } });
  }
  return cur.id;
}

/** Today's unit: successors followed (renames, mergers, deactivations with a successor). */
async function todayOf(tx: Tx, unitId: string): Promise<string> {
  const seen = new Set<string>();
  let id = unitId;
  for (;;) {
    const u = await tx.unit.findUniqueOrThrow({ where: { id }, select: { successorId: true } });
    if (!u.successorId || seen.has(id)) return id;
    seen.add(id);
    id = u.successorId;
  }
}

/** A name first met as unrecognized and later added to the directory as an alias: move its work over. */
async function absorbUnrecognized(tx: Tx, jurisdictionId: string, key: string, unitId: string) {
  const stray = await tx.unit.findFirst({
    where: { jurisdictionId, name: key, recognized: false },
  });
  if (!stray || stray.id === unitId) return;
  // One people already decided about (edited, merged, deactivated) is theirs.
  if (editedFieldsOf(stray).length > 0 || stray.mergedAt || !stray.active) return;
  const assignments = await tx.assignment.findMany({ where: { unitId: stray.id } });
  for (const a of assignments) {
    const clash = await tx.assignment.findUnique({
      where: { taskId_unitId: { taskId: a.taskId, unitId } },
    });
    if (clash) await tx.assignment.delete({ where: { id: a.id } });
    else await tx.assignment.update({ where: { id: a.id }, data: { unitId } });
  }
  await tx.progressReport.updateMany({ where: { unitId: stray.id }, data: { unitId } });
  await tx.user.updateMany({ where: { unitId: stray.id }, data: { unitId } });
  await tx.unit.delete({ where: { id: stray.id } });
}

async function resolveUnit(
  tx: Tx,
  jurisdictionId: string,
  name: string,
  summary: SeedSummary,
  where: string,
): Promise<string> {
  const key = unitKey(name);
  const byName = await tx.unit.findUnique({
    where: { jurisdictionId_name: { jurisdictionId, name: key } },
  });
  if (byName) {
    if (!byName.recognized && !byName.mergedAt) summary.unrecognizedUnits.push(`${where}: ${name}`);
    // A duplicate people merged away: its work is the unit it was merged into.
    return mergedHome(tx, byName);
  }
  const alias = await tx.unitAlias.findUnique({
    where: { jurisdictionId_alias: { jurisdictionId, alias: key } },
  });
  if (alias && !alias.removedAt) return alias.unitId;
  const created = await tx.unit.create({
    data: {
      jurisdictionId,
      name: key,
      kind: "UNKNOWN",
      recognized: false,
      note: `首次出现于 ${where}，未在单位名录中`,
    },
  });
  summary.unrecognizedUnits.push(`${where}: ${name}`);
  return created.id;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

async function seedDocument(
  tx: Tx,
  entry: ManifestEntry,
  text: string,
  parsed: ParsedDocument,
  summary: SeedSummary,
) {
  const jurisdiction = await tx.jurisdiction.findUnique({ where: { code: entry.jurisdiction } });
  if (!jurisdiction)
    throw new SeedError(`${entry.slug}: unknown jurisdiction ${entry.jurisdiction}`);
  const h = parsed.document;
  const title = entry.title ?? h.title;
  if (!title)
    throw new SeedError(`${entry.slug}: the text has no title; give one in seeds/documents.json`);
  const hash = sha256(text);
  const date = entry.date ?? h.date;
  const fields = {
    title,
    number: entry.number ?? h.number,
    issuer: entry.issuer ?? h.issuer,
    issuedOn: date ? new Date(`${date}T00:00:00+08:00`) : null,
    status: entry.status ?? h.status,
    jurisdictionId: jurisdiction.id,
    sourceFile: entry.file,
    sourceText: text,
    sourceHash: hash,
    targetDate: h.targetDate ? endOfDayShanghai(h.targetDate) : null,
  };
  for (const w of parsed.warnings)
    summary.warnings.push(`${entry.slug}${w.ref ? ` ${w.ref}` : ""}: ${w.message}`);

  const existing = await tx.document.findUnique({ where: { slug: entry.slug } });
  if (existing?.importedAt) {
    // A reviewer imported a version of it (page 导入文件): theirs, not the seed file's.
    summary.documents.unchanged++;
    summary.warnings.push(`${entry.slug}: imported by a reviewer; seeds/ leaves it as imported`);
    return;
  }
  const implementing = await implementingJurisdictions(tx, entry, jurisdiction);
  if (
    existing &&
    existing.sourceHash === hash &&
    sameHeader(existing, fields) &&
    (await hasEveryTask(tx, existing.id, implementing, parsed.measures.length))
  ) {
    summary.documents.unchanged++;
    summary.tasks.unchanged += parsed.measures.length * implementing.length;
    // Still report names that remain unrecognized, so they are not forgotten.
    const unrecognized = await tx.unit.findMany({
      where: { jurisdictionId: jurisdiction.id, recognized: false },
      select: { name: true },
    });
    const names = new Set(unrecognized.map((u) => u.name));
    for (const m of parsed.measures) {
      for (const name of [...m.leadUnits, ...m.coUnits]) {
        if (names.has(unitKey(name)))
          summary.unrecognizedUnits.push(`${entry.slug} ${m.ref}: ${name}`);
      }
    }
    return;
  }
  const document = existing
    ? await tx.document.update({ where: { id: existing.id }, data: fields })
    : await tx.document.create({ data: { slug: entry.slug, ...fields } });
  if (existing) summary.documents.updated++;
  else summary.documents.created++;

  if (implementing.length === 0)
    summary.warnings.push(`${entry.slug}: a national document no jurisdiction adopts has no tasks`);
  await rehomeTasks(tx, document.id, implementing);
  const refs = new Set<string>();
  for (const [position, m] of parsed.measures.entries()) {
    refs.add(m.ref);
    for (const jurisdictionId of implementing) {
      // An adopter's units are assigned by its reviewers: the note (if any) names another
      // jurisdiction's units.
      const own = jurisdictionId === jurisdiction.id;
      await seedTask(tx, document.id, jurisdictionId, own, entry.slug, position, m, summary);
    }
  }
  // Measures that left the text keep their history; they are reported, not deleted.
  const stale = await tx.task.findMany({
    where: { documentId: document.id, ref: { notIn: [...refs] } },
    select: { id: true, ref: true },
  });
  for (const t of stale) {
    summary.tasks.missingFromText.push(`${entry.slug} ${t.ref}`);
    await tx.auditEvent.create({
      data: {
        taskId: t.id,
        type: "task.missing_from_document",
        payload: JSON.stringify({ document: entry.slug, ref: t.ref }),
      },
    });
  }
}

/** Whether each implementing jurisdiction has a task for every measure (an adopter added later has none). */
async function hasEveryTask(tx: Tx, documentId: string, jurisdictions: string[], measures: number) {
  const counts = await tx.task.groupBy({
    by: ["jurisdictionId"],
    where: { documentId },
    _count: { _all: true },
  });
  const by = new Map(counts.map((c) => [c.jurisdictionId, c._count._all]));
  return jurisdictions.every((j) => (by.get(j) ?? 0) >= measures);
}

/**
 * Tasks of a jurisdiction that no longer implements the document (a national document's tasks
 * made before adoption was recorded) move to the first that does, history and all, where it has
 * no task of that measure yet.
 */
async function rehomeTasks(tx: Tx, documentId: string, implementing: string[]) {
  const target = implementing[0];
  if (!target) return;
  const stray = await tx.task.findMany({
    where: { documentId, jurisdictionId: { notIn: implementing } },
    select: { id: true, ref: true },
  });
  for (const t of stray) {
    const taken = await tx.task.findUnique({
      where: { documentId_jurisdictionId_ref: { documentId, jurisdictionId: target, ref: t.ref } },
    });
    if (!taken) await tx.task.update({ where: { id: t.id }, data: { jurisdictionId: target } });
  }
}

function sameHeader(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of ["title", "number", "issuer", "status", "sourceFile"])
    if (a[k] !== b[k]) return false;
  const time = (v: unknown) => (v instanceof Date ? v.getTime() : null);
  return time(a.issuedOn) === time(b.issuedOn) && time(a.targetDate) === time(b.targetDate);
}

async function seedTask(
  tx: Tx,
  documentId: string,
  jurisdictionId: string,
  fromNote: boolean,
  slug: string,
  position: number,
  m: ParsedMeasure,
  summary: SeedSummary,
) {
  const where = `${slug} ${m.ref}`;
  // An adopter's copy is unassigned: the note (if any) names another jurisdiction's units.
  const named = async (names: string[]) => {
    const units = [];
    for (const name of names)
      units.push({
        unitId: await resolveUnit(tx, jurisdictionId, name, summary, where),
        nameAsWritten: name,
      });
    return units;
  };
  const assignments = fromNote
    ? assignmentsOf([
        { role: "LEAD", units: await named(m.leadUnits) },
        { role: "CO", units: await named(m.coUnits) },
      ])
    : [];
  const counts = emptyCounts();
  await writeTask(
    tx,
    {
      documentId,
      jurisdictionId,
      created: { type: "task.seeded", payload: { document: slug, ref: m.ref } },
    },
    { ...taskFields(m, position), assignments },
    counts,
  );
  summary.tasks.created += counts.tasks.created;
  summary.tasks.updated += counts.tasks.updated + counts.tasks.restored;
  summary.tasks.unchanged += counts.tasks.unchanged;
  summary.assignments.created += counts.assignments.created;
  summary.assignments.updated += counts.assignments.updated;
  summary.assignments.removed += counts.assignments.removed;
}

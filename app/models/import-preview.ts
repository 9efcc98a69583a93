// An import's preview: the parse result with the reviewer's edits applied, every unit name
// resolved against the jurisdiction's directory, what still blocks the commit, and — for a new
// version of a tracked document — what changes. Pure: the draft, a directory snapshot and the
// tasks of the version being replaced in; the preview out. The page, the CLI and the commit (on
// data read inside its transaction) all compute it here.
import type { DocumentHeader, ParsedMeasure, ParseWarning } from "../ingest/parse-document";
import type { FileSource } from "../ingest/parse-file";
import { unitKey, UNIT_KINDS } from "../seed/unit-directory";
import { matchMeasures, wording, type MeasureMatch } from "./measure-matching";
import {
  needsDecision,
  type NameResolution,
  type ResolvedUnit,
  type UnitResolver,
} from "./unit-resolution";

/** How the reviewer resolved a name the directory lacks. */
export type NameDecision =
  /** The name is another name of this unit (an alias of it is added in the jurisdiction). */
  | { action: "MAP"; unitId: string }
  /** A new unit of the jurisdiction, under this name. */
  | { action: "CREATE"; name: string; kind: string };

export type MeasureEdit = {
  /** Not a measure (a paragraph the parser took for one): not imported. */
  dropped?: boolean;
  lead?: string[];
  co?: string[];
  /** YYYY-MM-DD, or null: no due date. */
  due?: string | null;
};

export type HeaderEdit = {
  title?: string;
  number?: string;
  issuer?: string;
  /** YYYY-MM-DD or "" */
  date?: string;
  status?: "DRAFT" | "IN_FORCE";
  /** The document it implements, as cited (《…》（国发〔2016〕4号）), or "" for none. */
  implements?: string;
};

export type ImportEdits = {
  header?: HeaderEdit;
  measures?: Record<string, MeasureEdit>;
  /** By the name's key (unitKey). */
  names?: Record<string, NameDecision>;
  /** A table's column mapping (0-based column per role; null: no column), as last read. */
  columns?: Record<string, number | null>;
};

export type StoredParse = {
  parsed: { document: DocumentHeader; measures: ParsedMeasure[]; warnings: ParseWarning[] };
  source: FileSource | { format: "paste" };
};

export type PreviewHeader = {
  title: string;
  number: string;
  issuer: string;
  date: string;
  status: "DRAFT" | "IN_FORCE";
  implements: string;
  /** What the parser read, for the reviewer to compare. */
  detected: DocumentHeader;
};

/** A name on a measure, and where it goes. */
export type PreviewName = {
  key: string;
  /** As first written. */
  name: string;
  resolution: NameResolution;
  decision: NameDecision | null;
  /** The unit assignments under this name go to (null: none — generic, or still undecided). */
  target: { id: string; name: string } | null;
  /** Today's unit, when the target was renamed or merged since. */
  today: { id: string; name: string } | null;
  /** A new unit the commit creates. */
  creates: { name: string; kind: string } | null;
  /** What is still wrong with the decision, in Chinese (null when none is needed or it is fine). */
  problem: string | null;
  refs: string[];
};

export type PreviewUnit = { key: string; name: string };

export type PreviewMeasure = {
  ref: string;
  heading: string;
  text: string;
  sections: string[];
  note: string | null;
  lead: PreviewUnit[];
  co: PreviewUnit[];
  leader: string | null;
  /** YYYY-MM-DD */
  due: string | null;
  dueText: string | null;
  dueSource: ParsedMeasure["dueDateSource"] | "MANUAL";
  recurrence: string | null;
  warnings: string[];
  dropped: boolean;
  edited: { units: boolean; due: boolean };
  /** The parser's own reading, for what was changed. */
  parsed: ParsedMeasure;
};

export type OldTask = {
  id: string;
  ref: string;
  heading: string;
  text: string;
  responsibilityNote: string | null;
  dueDate: string | null;
  archived: boolean;
  reports: number;
  /** Active assignments from the document (SEED): what a new version replaces. */
  documentUnits: Array<{ unitId: string; role: "LEAD" | "CO"; name: string }>;
  /** Active assignments made on the task's page (MANUAL): kept whatever the new version says. */
  manualUnits: number;
};

export type MeasureChange = {
  ref: string;
  taskId: string;
  fromRef: string;
  by: MeasureMatch["by"];
  similarity: number;
  text: boolean;
  units: { added: string[]; removed: string[] };
  due: { from: string | null; to: string | null } | null;
  restored: boolean;
  reports: number;
};

export type VersionDiff = {
  added: Array<{ ref: string; heading: string }>;
  removed: Array<{ taskId: string; ref: string; heading: string; reports: number }>;
  changed: MeasureChange[];
  unchanged: number;
  /** Reports and manual assignments on tasks that continue: all kept. */
  kept: { reports: number; manualAssignments: number };
  matches: MeasureMatch[];
};

export type Preview = {
  header: PreviewHeader;
  measures: PreviewMeasure[];
  names: PreviewName[];
  /** Warnings about the document as a whole (those of a measure are on it). */
  warnings: string[];
  /** What must be fixed before the commit, in Chinese; empty: ready. */
  problems: string[];
  diff: VersionDiff | null;
  counts: { measures: number; dropped: number; unassigned: number };
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

/** The citation of the first document the text says it implements. */
export function citationOf(h: DocumentHeader): string {
  const first = h.implements[0];
  if (!first) return "";
  return `《${first.title}》${first.number ? `（${first.number}）` : ""}`;
}

export function previewHeader(h: DocumentHeader, edit: HeaderEdit = {}): PreviewHeader {
  return {
    title: edit.title ?? h.title ?? h.planTitle ?? "",
    number: edit.number ?? h.number ?? "",
    issuer: edit.issuer ?? h.issuer ?? "",
    date: edit.date ?? h.date ?? "",
    status: edit.status ?? h.status,
    implements: edit.implements ?? citationOf(h),
    detected: h,
  };
}

const units = (names: string[]): PreviewUnit[] =>
  names.map((name) => ({ key: unitKey(name), name: name.trim() })).filter((u) => u.key);

function previewMeasure(m: ParsedMeasure, edit: MeasureEdit = {}): PreviewMeasure {
  const unitsEdited = edit.lead !== undefined || edit.co !== undefined;
  const dueEdited = edit.due !== undefined;
  return {
    ref: m.ref,
    heading: m.heading,
    text: m.text,
    sections: m.sections,
    note: m.note,
    lead: units(edit.lead ?? m.leadUnits),
    co: units(edit.co ?? m.coUnits),
    leader: m.leader,
    due: dueEdited ? (edit.due ?? null) : m.dueDate,
    dueText: m.dueDateText,
    dueSource: dueEdited ? "MANUAL" : m.dueDateSource,
    recurrence: m.recurrence,
    warnings: m.warnings,
    dropped: Boolean(edit.dropped),
    edited: { units: unitsEdited, due: dueEdited },
    parsed: m,
  };
}

/** Where the assignments of a resolved name go: the unit named (a renamed one too, as seeding does). */
function targetOf(r: NameResolution): ResolvedUnit | null {
  if (r.kind === "SUCCESSOR") return r.from;
  return "unit" in r ? r.unit : null;
}

function resolveNames(
  measures: PreviewMeasure[],
  resolver: UnitResolver,
  decisions: Record<string, NameDecision>,
): PreviewName[] {
  const byKey = new Map<string, PreviewName>();
  const { units: entries, jurisdiction } = resolver.snapshot;
  const unitById = new Map(entries.map((u) => [u.id, u]));
  const taken = new Set(entries.map((u) => unitKey(u.name)));
  for (const a of resolver.snapshot.aliases) taken.add(unitKey(a.alias));
  for (const m of measures) {
    if (m.dropped) continue;
    for (const u of [...m.lead, ...m.co]) {
      const seen = byKey.get(u.key);
      if (seen) {
        if (!seen.refs.includes(m.ref)) seen.refs.push(m.ref);
        continue;
      }
      const resolution = resolver.resolve(u.key);
      const entry: PreviewName = {
        key: u.key,
        name: u.name,
        resolution,
        decision: null,
        target: null,
        today: null,
        creates: null,
        problem: null,
        refs: [m.ref],
      };
      const direct = targetOf(resolution);
      if (direct) {
        entry.target = { id: direct.id, name: direct.name };
        if (resolution.kind === "SUCCESSOR") entry.today = resolution.unit;
      } else if (needsDecision(resolution)) {
        const d = decisions[u.key] ?? null;
        entry.decision = d;
        if (resolution.kind === "UNKNOWN" && resolution.inactive)
          entry.problem = `「${u.name}」是已撤销的单位：请在其单位页面恢复它或指定继任单位，或在措施中改写为现有单位`;
        else if (!d)
          entry.problem = `「${u.name}」不在${jurisdiction.name}的单位名录中：请指定对应的已有单位，或新建单位`;
        else if (d.action === "MAP") {
          const target = unitById.get(d.unitId);
          if (!target || !target.recognized)
            entry.problem = `「${u.name}」指定的单位不在${jurisdiction.name}的单位名录中，请重新选择`;
          else {
            entry.target = { id: target.id, name: target.name };
            const today = resolver.today(target.id);
            if (today && today.id !== target.id) entry.today = today;
          }
        } else {
          const name = unitKey(d.name);
          if (!name) entry.problem = `请填写新建单位「${u.name}」的名称`;
          else if (!(UNIT_KINDS as readonly string[]).includes(d.kind))
            entry.problem = `请选择新建单位「${name}」的类别`;
          else if (
            taken.has(name) &&
            !(resolution.recorded && unitKey(resolution.recorded.name) === name)
          )
            entry.problem = `「${name}」已是${jurisdiction.name}名录中的名称，请改为“指定为已有单位”`;
          else entry.creates = { name, kind: d.kind };
        }
      }
      byKey.set(u.key, entry);
    }
  }
  return [...byKey.values()];
}

export type PreviewInput = {
  stored: StoredParse;
  edits: ImportEdits;
  resolver: UnitResolver;
  /** The tasks of the tracked version (in the draft's jurisdiction), for a re-import. */
  previous: OldTask[] | null;
};

export function buildPreview({ stored, edits, resolver, previous }: PreviewInput): Preview {
  const { parsed } = stored;
  const header = previewHeader(parsed.document, edits.header);
  const measures = parsed.measures.map((m) => previewMeasure(m, edits.measures?.[m.ref]));
  const names = resolveNames(measures, resolver, edits.names ?? {});
  const kept = measures.filter((m) => !m.dropped);
  const problems: string[] = [];
  if (!header.title.trim()) problems.push("请填写文件标题");
  if (header.date && !isDate(header.date)) problems.push("成文日期格式应为 YYYY-MM-DD");
  if (kept.length === 0) problems.push("没有可导入的措施：全部段落都已删除");
  for (const m of kept)
    if (m.due && !isDate(m.due)) problems.push(`措施 ${m.ref}：完成时限格式应为 YYYY-MM-DD`);
  for (const n of names) if (n.problem) problems.push(`${n.problem}（措施 ${n.refs.join("、")}）`);
  const nameOf = new Map(names.map((n) => [n.key, n]));
  // No lead named, or only a phrase that names nobody (有关部门): the reviewers assign it later.
  const unassigned = kept.filter(
    (m) => !m.lead.some((u) => nameOf.get(u.key)?.resolution.kind !== "GENERIC"),
  ).length;
  return {
    header,
    measures,
    names,
    warnings: parsed.warnings.filter((w) => w.ref === null).map((w) => w.message),
    problems,
    diff: previous ? versionDiff(previous, kept, nameOf) : null,
    counts: { measures: kept.length, dropped: measures.length - kept.length, unassigned },
  };
}

/** The units a measure's assignments go to, by role, as keys comparable with a task's. */
function unitKeys(m: PreviewMeasure, names: Map<string, PreviewName>) {
  const keyOf = (u: PreviewUnit) => {
    const n = names.get(u.key);
    if (n?.target) return { key: n.target.id, name: n.target.name };
    if (n?.creates) return { key: `new:${n.creates.name}`, name: n.creates.name };
    if (n?.resolution.kind === "GENERIC") return null;
    return { key: `name:${u.key}`, name: u.name };
  };
  const out = new Map<string, string>();
  for (const [role, list] of [
    ["LEAD", m.lead],
    ["CO", m.co],
  ] as const)
    for (const u of list) {
      const k = keyOf(u);
      if (k && !out.has(`LEAD:${k.key}`))
        out.set(`${role}:${k.key}`, `${k.name}（${role === "LEAD" ? "牵头" : "配合"}）`);
    }
  return out;
}

export function versionDiff(
  previous: OldTask[],
  measures: PreviewMeasure[],
  names: Map<string, PreviewName>,
): VersionDiff {
  const matches = matchMeasures(
    previous.map((t) => ({
      id: t.id,
      ref: t.ref,
      heading: t.heading,
      text: t.text,
      note: t.responsibilityNote,
    })),
    measures.map((m) => ({ ref: m.ref, heading: m.heading, text: m.text, note: m.note })),
  );
  const byOld = new Map(previous.map((t) => [t.id, t]));
  const matchedNew = new Map(matches.map((x) => [x.newRef, x]));
  const matchedOld = new Set(matches.map((x) => x.oldId));
  const diff: VersionDiff = {
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    kept: { reports: 0, manualAssignments: 0 },
    matches,
  };
  for (const m of measures) {
    const match = matchedNew.get(m.ref);
    if (!match) {
      diff.added.push({ ref: m.ref, heading: m.heading });
      continue;
    }
    const t = byOld.get(match.oldId)!;
    diff.kept.reports += t.reports;
    diff.kept.manualAssignments += t.manualUnits;
    const now = unitKeys(m, names);
    const before = new Map(
      t.documentUnits.map((a) => [
        `${a.role}:${a.unitId}`,
        `${a.name}（${a.role === "LEAD" ? "牵头" : "配合"}）`,
      ]),
    );
    const added = [...now].filter(([k]) => !before.has(k)).map(([, v]) => v);
    const removed = [...before].filter(([k]) => !now.has(k)).map(([, v]) => v);
    // The wording without the note: a note that names other units is a change of units.
    const text =
      wording({ heading: t.heading, text: t.text, note: t.responsibilityNote }) !==
      wording({ heading: m.heading, text: m.text, note: m.note });
    const due = (t.dueDate ?? null) !== (m.due ?? null) ? { from: t.dueDate, to: m.due } : null;
    if (
      !text &&
      added.length === 0 &&
      removed.length === 0 &&
      !due &&
      t.ref === m.ref &&
      !t.archived
    ) {
      diff.unchanged++;
      continue;
    }
    diff.changed.push({
      ref: m.ref,
      taskId: t.id,
      fromRef: t.ref,
      by: match.by,
      similarity: match.similarity,
      text,
      units: { added, removed },
      due,
      restored: t.archived,
      reports: t.reports,
    });
  }
  for (const t of previous)
    if (!matchedOld.has(t.id) && !t.archived)
      diff.removed.push({ taskId: t.id, ref: t.ref, heading: t.heading, reports: t.reports });
  return diff;
}

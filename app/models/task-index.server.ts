// The task index: a read model of every task — document, units, status, due date, reporting
// facts — held in memory by each process and kept current from the TaskChange log, which
// triggers write in the same transaction as every change (prisma/migrations/*_task_change_log).
// So a write by this process is seen by its next read, and a write by another process (a second
// web process, the worker, a seed run) by the next read after it commits.
//
// Why: the ledger and the review board filter 20,000 tasks and recompute their lights on every
// request; through SQL (even one statement) that took 0.5–1.4 s per review board and blocked the
// single event loop. In memory it is a loop over arrays. Reads go through their own better-sqlite3
// connection, not Prisma: these are a handful of fixed statements on the hot path of every page.
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { databaseFileOf } from "../db/db.server";
import { processWide } from "../utils/process-wide";
import { shanghaiDate } from "../utils/time";
import {
  effectiveDueDate,
  type GrantedExtension,
  type LightOverrideFact,
  type OpenMilestone,
} from "./standing";
import { compareUnitNames } from "./unit-order";

export type IndexedAssignment = {
  unitId: string;
  role: "LEAD" | "CO";
  position: number;
  nameAsWritten: string;
};

export type IndexedTask = {
  id: string;
  ref: string;
  heading: string;
  status: string;
  dueDate: Date | null;
  position: number;
  documentId: string;
  document: { slug: string; title: string };
  /** The jurisdiction whose units carry the task out (and whose supervising units supervise it). */
  jurisdictionId: string;
  /** Active assignments: leads by position, then co-units by position. */
  assignments: IndexedAssignment[];
  /** When the task got its lead unit: the earliest active lead assignment (it owes reports since). */
  leadSince: Date | null;
  /** Approved extensions of its due date (延期); the standing decides which move it. */
  extensions: readonly GrantedExtension[];
  /** Its open milestones (节点). */
  milestones: readonly OpenMilestone[];
  lastReportAt: Date | null;
  /** The lead's latest reported percent complete; null: none reported. */
  percent: number | null;
  /** The latest LightOverride row (the standing checks whether it is lifted or expired). */
  override: LightOverrideFact | null;
  /**
   * Archived: a newer version of its document no longer has the measure. Such a task is still
   * found by id (its page stays readable) but is in no list: ledger, board, unit lists, jobs.
   */
  archived: boolean;
  /**
   * Unique per object in this process. A task's object is replaced whenever anything about the
   * task changes (its row, units, reports, timeline) and a reload replaces them all, so the serial
   * names one version of the task: cached pages are keyed by the serials of what they show.
   */
  serial: number;
};

/** The fields every task list shows (ledger, review board, a unit's tasks). */
export function taskSummary(t: IndexedTask) {
  return {
    id: t.id,
    ref: t.ref,
    heading: t.heading,
    status: t.status,
    dueDate: t.dueDate,
    document: t.document,
  };
}

/**
 * What a page's task list carries for one task: the due date already as the Shanghai day it is
 * shown as, the document by its title. Kept per indexed task — a task object is replaced, never
 * changed, when the task changes, and a whole reload replaces them all — so a row is built once
 * however many pages list it.
 */
export type TaskListItem = {
  id: string;
  ref: string;
  heading: string;
  status: string;
  due: string | null;
  documentTitle: string;
};

const listItems = new WeakMap<IndexedTask, TaskListItem>();

export function taskListItem(t: IndexedTask): TaskListItem {
  let item = listItems.get(t);
  if (!item) {
    item = {
      id: t.id,
      ref: t.ref,
      heading: t.heading,
      status: t.status,
      due: t.dueDate ? shanghaiDate(t.dueDate) : null,
      documentTitle: t.document.title,
    };
    listItems.set(t, item);
  }
  return item;
}

export type IndexedUnit = {
  id: string;
  name: string;
  recognized: boolean;
  /** false once deactivated (撤销) or merged into another unit. */
  active: boolean;
  successorId: string | null;
  jurisdictionId: string;
  jurisdictionCode: string;
  jurisdictionName: string;
};

export type IndexedJurisdiction = { id: string; code: string; name: string; level: string };

type TaskRow = {
  id: string;
  ref: string;
  heading: string;
  status: string;
  dueDate: string | null;
  position: number;
  documentId: string;
  jurisdictionId: string;
  slug: string;
  title: string;
  lastReportAt: string | null;
  archivedAt: string | null;
  extensions: string | null;
  milestones: string | null;
  percent: number | null;
  override: string | null;
};

type AssignmentRow = IndexedAssignment & { taskId: string; createdAt: string };

type LinkRow = { taskId: string; implementsTaskId: string };

// Beyond this many changed tasks since the last read, one full reload is cheaper than many small ones.
const MAX_INCREMENTAL = 2000;
// Periods whose "consolidated report filed" sets are kept (the current one, and what jobs ask for).
const MAX_PERIODS = 4;

const TASK_SELECT = `SELECT t.id, t.ref, t.heading, t.status, t.dueDate, t.position, t.documentId, t.jurisdictionId, d.slug, d.title, t.archivedAt,
   (SELECT max(p.createdAt) FROM "ProgressReport" p WHERE p.taskId = t.id) AS lastReportAt,
   (SELECT json_group_array(json_array(e.originalDate, e.requestedDate, e.decidedAt)) FROM "ExtensionRequest" e
     WHERE e.taskId = t.id AND e.milestoneId IS NULL AND e.status = 'APPROVED') AS extensions,
   (SELECT json_group_array(json_array(m.title, m.dueDate, json((SELECT json_group_array(json_array(e.originalDate, e.requestedDate, e.decidedAt))
       FROM "ExtensionRequest" e WHERE e.milestoneId = m.id AND e.status = 'APPROVED')))) FROM "Milestone" m
     WHERE m.taskId = t.id AND m.completedAt IS NULL AND m.removedAt IS NULL) AS milestones,
   (SELECT p.percent FROM "ProgressReport" p WHERE p.taskId = t.id AND p.consolidated = 1
     ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS percent,
   (SELECT json_object('light', o.light, 'reason', o.reason, 'expiresAt', o.expiresAt, 'at', o.createdAt)
     FROM "LightOverride" o WHERE o.taskId = t.id ORDER BY o.createdAt DESC, o.id DESC LIMIT 1) AS override
 FROM "Task" t JOIN "Document" d ON d.id = t.documentId`;

const NOT_SENT_BACK = `NOT EXISTS (SELECT 1 FROM "SendBack" s WHERE s.reportId = p.id AND s.kind = 'REPORT')`;

const NO_EXTENSIONS: readonly GrantedExtension[] = Object.freeze([]);

/** The approved extensions as the task row carries them: JSON [[original, requested, decided]]. */
function parseExtensions(json: string | null): readonly GrantedExtension[] {
  if (!json || json === "[]") return NO_EXTENSIONS;
  return (JSON.parse(json) as Array<[string, string, string]>).map(([o, r, d]) => ({
    originalDate: dateOf(o),
    requestedDate: dateOf(r),
    decidedAt: dateOf(d),
  }));
}

const NO_MILESTONES: readonly OpenMilestone[] = Object.freeze([]);

function parseMilestones(json: string | null): readonly OpenMilestone[] {
  if (!json || json === "[]") return NO_MILESTONES;
  // Each with its approved extensions: the date in force, as for the task's own (effectiveDueDate).
  return (JSON.parse(json) as Array<[string, string, Array<[string, string, string]>]>).map(
    ([title, due, granted]) => ({
      title,
      dueDate: effectiveDueDate(dateOf(due), parseExtensions(JSON.stringify(granted)))!,
    }),
  );
}

// As toDate: the text (or milliseconds) SQLite keeps for a DateTime.
const dateOf = (v: string | number) => new Date(v);

const toDate = (s: string | null) => (s ? new Date(s) : null);

/** SQLite keeps Prisma's DateTime as epoch milliseconds or ISO text: either reads as a Date. */
const toInstant = (v: unknown) =>
  v === null || v === undefined ? null : new Date(typeof v === "number" ? v : String(v));

function overrideOf(json: string | null): LightOverrideFact | null {
  if (!json) return null;
  const o = JSON.parse(json) as Record<string, unknown>;
  const light = o.light === "RED" || o.light === "AMBER" || o.light === "GREEN" ? o.light : null;
  return {
    light,
    reason: String(o.reason ?? ""),
    expiresAt: toInstant(o.expiresAt),
    at: toInstant(o.at) ?? new Date(0),
  };
}

/** Code-unit order, as SQLite's default collation sorts text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Document (slug), then its jurisdiction (a national document has a task per adopter), then the
 * measure's position in it: the order of the ledger and the board.
 */
const ledgerOrder = (a: IndexedTask, b: IndexedTask) =>
  a.document.slug < b.document.slug
    ? -1
    : a.document.slug > b.document.slug
      ? 1
      : a.jurisdictionId !== b.jurisdictionId
        ? byText(a.jurisdictionId, b.jurisdictionId)
        : a.position - b.position;

export class TaskIndex {
  readonly file: string;
  private conn: Database.Database;
  private seq = -1;
  /** Bumped whenever anything in the index changed: a cache key for what is derived from it. */
  version = 0;
  /** Bumped by each whole reload (units, documents, jurisdictions changed): every task's serial moved on. */
  reloads = 0;
  private serials = 0;
  private tasks = new Map<string, IndexedTask>();
  private orderedCache: IndexedTask[] | null = null;
  /** What is derived from the index and kept until it changes (unit lists, filter choices …), by key. */
  private derived = new Map<string, unknown>();
  private derivedVersion = -1;
  private units = new Map<string, IndexedUnit>();
  /** Each unit's unit of today (renames and mergers followed), worked out once per unit load. */
  private today = new Map<string, { id: string; name: string } | null>();
  /** unitId → ids of the tasks it holds an active assignment on (any role). */
  private unitTasks = new Map<string, Set<string>>();
  private predecessors = new Map<string, string[]>();
  private collectivesOf = new Map<string, string[]>();
  private jurisdictions = new Map<string, IndexedJurisdiction>();
  /** unitId → the jurisdictions it supervises. */
  private supervised = new Map<string, Set<string>>();
  /** Measure links (MeasureLink): carrying task → the tasks it carries out, and the inverse. */
  private implementsOf = new Map<string, string[]>();
  private carriersOf = new Map<string, string[]>();
  /** period → taskId → when the lead's consolidated report for the period was first filed (ms). */
  private filed = new Map<string, Map<string, number>>();
  // Each row read from SQLite brings its own copy of every string; a province repeats the same
  // document titles and unit names tens of thousands of times. One copy each keeps the index small.
  private documents = new Map<string, { slug: string; title: string }>();
  private strings = new Map<string, string>();
  private stmts: ReturnType<TaskIndex["prepare"]>;

  constructor(file: string) {
    this.file = file;
    this.conn = new Database(file, { readonly: true, fileMustExist: true });
    this.stmts = this.prepare();
  }

  private prepare() {
    const c = this.conn;
    return {
      lastSeq: c.prepare(`SELECT coalesce(max(seq), 0) FROM "TaskChange"`).pluck(),
      firstSeq: c.prepare(`SELECT coalesce(min(seq), 0) FROM "TaskChange"`).pluck(),
      changes: c.prepare(`SELECT seq, taskId FROM "TaskChange" WHERE seq > ? ORDER BY seq`),
      allTasks: c.prepare(TASK_SELECT),
      someTasks: c.prepare(`${TASK_SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`),
      allAssignments: c.prepare(
        `SELECT taskId, unitId, role, position, nameAsWritten, createdAt FROM "Assignment" WHERE removedAt IS NULL ORDER BY taskId, role DESC, position`,
      ),
      someAssignments: c.prepare(
        `SELECT taskId, unitId, role, position, nameAsWritten, createdAt FROM "Assignment"
         WHERE removedAt IS NULL AND taskId IN (SELECT value FROM json_each(?)) ORDER BY taskId, role DESC, position`,
      ),
      jurisdictions: c.prepare(`SELECT id, code, name, level FROM "Jurisdiction"`),
      supervisions: c.prepare(`SELECT unitId, jurisdictionId FROM "Supervision"`),
      units: c.prepare(
        `SELECT u.id, u.name, u.recognized, u.active, u.successorId, u.jurisdictionId, j.code AS jurisdictionCode, j.name AS jurisdictionName
         FROM "Unit" u JOIN "Jurisdiction" j ON j.id = u.jurisdictionId`,
      ),
      memberships: c.prepare(`SELECT collectiveId, memberId FROM "UnitMembership"`),
      allLinks: c.prepare(
        `SELECT taskId, implementsTaskId FROM "MeasureLink" WHERE removedAt IS NULL ORDER BY createdAt, id`,
      ),
      someLinks: c.prepare(
        `SELECT taskId, implementsTaskId FROM "MeasureLink" WHERE removedAt IS NULL
         AND (taskId IN (SELECT value FROM json_each(?)) OR implementsTaskId IN (SELECT value FROM json_each(?)))
         ORDER BY createdAt, id`,
      ),
      // The first consolidated report of a period per task, through the (taskId, period,
      // consolidated) index: one probe per task. A report sent back as perfunctory (SendBack
      // REPORT) does not count: the period's report is owed again.
      filedAll: c.prepare(
        `SELECT id, at FROM (SELECT t.id, (SELECT min(p.createdAt) FROM "ProgressReport" p
           WHERE p.taskId = t.id AND p.period = ? AND p.consolidated = 1 AND ${NOT_SENT_BACK}) AS at FROM "Task" t) WHERE at IS NOT NULL`,
      ),
      filedSome: c.prepare(
        `SELECT id, at FROM (SELECT t.id, (SELECT min(p.createdAt) FROM "ProgressReport" p
           WHERE p.taskId = t.id AND p.period = ? AND p.consolidated = 1 AND ${NOT_SENT_BACK}) AS at FROM "Task" t
           WHERE t.id IN (SELECT value FROM json_each(?))) WHERE at IS NOT NULL`,
      ),
      textMatch: c
        .prepare(
          `SELECT id FROM "Task" WHERE text LIKE ? ESCAPE '\\' OR heading LIKE ? ESCAPE '\\' OR ref LIKE ? ESCAPE '\\'`,
        )
        .pluck(),
    };
  }

  /** Brings the index up to date with the change log. Cheap when nothing changed (one indexed read). */
  sync(): this {
    const last = Number(this.stmts.lastSeq.get());
    if (last === this.seq) return this;
    // The read of the log and of the tasks runs in one read transaction: a snapshot, so a change
    // committed meanwhile is either wholly in or left for the next sync (its seq is above `last`).
    this.conn.transaction(() => {
      const to = Number(this.stmts.lastSeq.get());
      const first = Number(this.stmts.firstSeq.get());
      // Never loaded, or the log was pruned past what this process saw: reload everything.
      if (this.seq < 0 || (first > this.seq + 1 && this.seq < to)) return this.reload(to);
      const rows = this.stmts.changes.all(this.seq) as Array<{
        seq: number;
        taskId: string | null;
      }>;
      const ids = new Set<string>();
      for (const r of rows) {
        if (r.taskId === null) return this.reload(to);
        ids.add(r.taskId);
      }
      if (ids.size > MAX_INCREMENTAL) return this.reload(to);
      this.refresh([...ids]);
      this.seq = to;
      this.version++;
    })();
    return this;
  }

  private reload(to: number) {
    this.loadUnits();
    this.tasks.clear();
    this.documents.clear();
    this.strings.clear();
    // Row by row, not .all(): a province's 100,000 rows as one array were most of a process's peak memory.
    for (const r of this.stmts.allTasks.iterate() as IterableIterator<TaskRow>)
      this.tasks.set(r.id, this.fromRow(r));
    for (const a of this.stmts.allAssignments.iterate() as IterableIterator<AssignmentRow>) {
      const t = this.tasks.get(a.taskId);
      if (t) this.addAssignment(t, a);
    }
    this.unitTasks.clear();
    for (const t of this.tasks.values()) this.linkUnits(t);
    this.implementsOf.clear();
    this.carriersOf.clear();
    for (const l of this.stmts.allLinks.iterate() as IterableIterator<LinkRow>) this.addLink(l);
    for (const period of [...this.filed.keys()]) this.filed.set(period, this.readFiled(period));
    this.orderedCache = null;
    this.seq = to;
    this.version++;
    this.reloads++;
  }

  private refresh(ids: string[]) {
    const json = JSON.stringify(ids);
    const found = new Map(
      (this.stmts.someTasks.all(json) as TaskRow[]).map((r) => [r.id, this.fromRow(r)]),
    );
    for (const a of this.stmts.someAssignments.all(json) as AssignmentRow[]) {
      const t = found.get(a.taskId);
      if (t) this.addAssignment(t, a);
    }
    let reorder = false;
    for (const id of ids) {
      const before = this.tasks.get(id);
      const after = found.get(id);
      if (before) this.unlinkUnits(before);
      if (!after) {
        if (before) reorder = true;
        this.tasks.delete(id);
        continue;
      }
      if (
        !before ||
        before.archived !== after.archived ||
        before.position !== after.position ||
        before.document.slug !== after.document.slug
      )
        reorder = true;
      this.tasks.set(id, after);
      this.linkUnits(after);
    }
    // A link's change logs both of its tasks: every link touching these ids is read again.
    for (const id of ids) this.dropLinks(id);
    for (const l of this.stmts.someLinks.all(json, json) as LinkRow[]) this.addLink(l);
    for (const [period, map] of this.filed) {
      for (const id of ids) map.delete(id);
      for (const r of this.stmts.filedSome.all(period, json) as Array<{ id: string; at: string }>)
        map.set(r.id, Date.parse(r.at));
    }
    // Tasks are replaced, not mutated, so arrays handed out earlier stay consistent; the ordered
    // list is rebuilt only when membership or order changed, otherwise patched in place.
    if (reorder || !this.orderedCache) this.orderedCache = null;
    else this.orderedCache = this.orderedCache.map((t) => (found.has(t.id) ? found.get(t.id)! : t));
  }

  private addLink(l: LinkRow) {
    const add = (map: Map<string, string[]>, key: string, value: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [value]);
      else if (!list.includes(value)) list.push(value);
    };
    add(this.implementsOf, l.taskId, l.implementsTaskId);
    add(this.carriersOf, l.implementsTaskId, l.taskId);
  }

  private dropLinks(id: string) {
    for (const other of this.implementsOf.get(id) ?? [])
      this.carriersOf.set(
        other,
        (this.carriersOf.get(other) ?? []).filter((x) => x !== id),
      );
    for (const other of this.carriersOf.get(id) ?? [])
      this.implementsOf.set(
        other,
        (this.implementsOf.get(other) ?? []).filter((x) => x !== id),
      );
    this.implementsOf.delete(id);
    this.carriersOf.delete(id);
  }

  /** The tasks that carry this one out (its measure links), oldest link first. */
  carriersOfTask(taskId: string): readonly string[] {
    return this.carriersOf.get(taskId) ?? NONE;
  }

  /** The tasks of higher-level documents this task carries out. */
  implementedTasks(taskId: string): readonly string[] {
    return this.implementsOf.get(taskId) ?? NONE;
  }

  private linkUnits(t: IndexedTask) {
    if (t.archived) return;
    for (const a of t.assignments) {
      let set = this.unitTasks.get(a.unitId);
      if (!set) this.unitTasks.set(a.unitId, (set = new Set()));
      set.add(t.id);
    }
  }

  private unlinkUnits(t: IndexedTask) {
    for (const a of t.assignments) this.unitTasks.get(a.unitId)?.delete(t.id);
  }

  private intern(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    this.strings.set(s, s);
    return s;
  }

  private addAssignment(t: IndexedTask, a: AssignmentRow) {
    const role = a.role === "LEAD" ? "LEAD" : "CO";
    t.assignments.push({
      unitId: this.intern(a.unitId),
      role,
      position: Number(a.position),
      nameAsWritten: this.intern(a.nameAsWritten),
    });
    // Set while the task object is being built, before anyone is handed it.
    if (role === "LEAD") {
      const since = new Date(a.createdAt);
      if (!t.leadSince || since < t.leadSince) t.leadSince = since;
    }
  }

  private readFiled(period: string): Map<string, number> {
    const map = new Map<string, number>();
    for (const r of this.stmts.filedAll.iterate(period) as IterableIterator<{
      id: string;
      at: string;
    }>)
      map.set(r.id, Date.parse(r.at));
    return map;
  }

  private fromRow(r: TaskRow): IndexedTask {
    let document = this.documents.get(r.documentId);
    if (!document || document.slug !== r.slug || document.title !== r.title) {
      document = { slug: r.slug, title: r.title };
      this.documents.set(r.documentId, document);
    }
    return {
      id: r.id,
      ref: r.ref,
      heading: r.heading,
      status: this.intern(r.status),
      dueDate: toDate(r.dueDate),
      position: Number(r.position),
      documentId: this.intern(r.documentId),
      document,
      jurisdictionId: this.intern(r.jurisdictionId),
      assignments: [],
      leadSince: null,
      extensions: parseExtensions(r.extensions),
      milestones: parseMilestones(r.milestones),
      lastReportAt: toDate(r.lastReportAt),
      percent: r.percent === null ? null : Number(r.percent),
      override: overrideOf(r.override),
      archived: r.archivedAt !== null,
      serial: ++this.serials,
    };
  }

  private loadUnits() {
    this.units.clear();
    this.today.clear();
    this.predecessors.clear();
    this.collectivesOf.clear();
    this.jurisdictions.clear();
    this.supervised.clear();
    for (const j of this.stmts.jurisdictions.all() as IndexedJurisdiction[])
      this.jurisdictions.set(j.id, j);
    for (const s of this.stmts.supervisions.all() as Array<{
      unitId: string;
      jurisdictionId: string;
    }>) {
      const set = this.supervised.get(s.unitId) ?? new Set<string>();
      set.add(s.jurisdictionId);
      this.supervised.set(s.unitId, set);
    }
    for (const u of this.stmts.units.all() as Array<
      Omit<IndexedUnit, "recognized" | "active"> & { recognized: number; active: number }
    >) {
      this.units.set(u.id, { ...u, recognized: Boolean(u.recognized), active: Boolean(u.active) });
    }
    for (const u of this.units.values()) {
      if (!u.successorId) continue;
      const list = this.predecessors.get(u.successorId) ?? [];
      list.push(u.id);
      this.predecessors.set(u.successorId, list);
    }
    for (const m of this.stmts.memberships.all() as Array<{
      collectiveId: string;
      memberId: string;
    }>) {
      const list = this.collectivesOf.get(m.memberId) ?? [];
      list.push(m.collectiveId);
      this.collectivesOf.set(m.memberId, list);
    }
  }

  /** Every task that is not archived, in document (slug) and measure order. */
  ordered(): IndexedTask[] {
    this.orderedCache ??= [...this.tasks.values()].filter((t) => !t.archived).sort(ledgerOrder);
    return this.orderedCache;
  }

  /**
   * The tasks on which any of these units holds an active assignment, in ledger order. Reads the
   * per-unit sets, so a unit's few hundred tasks cost as much as a few hundred, not 20,000.
   */
  tasksOfUnits(unitIds: Iterable<string>): IndexedTask[] {
    const units = [...unitIds];
    // The same unit's list is asked for on every page of its ledger: kept until the index changes.
    const key = units.length === 1 ? units[0]! : [...units].sort().join(",");
    return this.memo(`units:${key}`, () => {
      const ids = new Set<string>();
      for (const u of units) for (const id of this.unitTasks.get(u) ?? []) ids.add(id);
      const tasks: IndexedTask[] = [];
      for (const id of ids) {
        const t = this.tasks.get(id);
        if (t) tasks.push(t);
      }
      return tasks.sort(ledgerOrder);
    });
  }

  /** `compute()`'s value under `key`, kept until the index changes (bounded: a thousand keys). */
  private memo<T>(key: string, compute: () => T): T {
    if (this.derivedVersion !== this.version) {
      this.derived.clear();
      this.derivedVersion = this.version;
    }
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    if (this.derived.size >= 1000) this.derived.clear();
    this.derived.set(key, value);
    return value;
  }

  /** The tasks of these jurisdictions (a supervising unit's scope), in ledger order. */
  tasksOfJurisdictions(jurisdictionIds: Iterable<string>): IndexedTask[] {
    const ids = new Set(jurisdictionIds);
    return this.memo(`jurisdictions:${[...ids].sort().join(",")}`, () =>
      this.ordered().filter((t) => ids.has(t.jurisdictionId)),
    );
  }

  /** Units that exist today (not renamed or merged away) in a jurisdiction, by pinyin: whom a reviewer can assign. */
  assignableUnits(jurisdictionId: string): Array<{ id: string; name: string }> {
    return this.memo(`assignable:${jurisdictionId}`, () =>
      [...this.units.values()]
        .filter((u) => u.jurisdictionId === jurisdictionId && !u.successorId && u.active)
        .sort((a, b) => compareUnitNames(a.name, b.name))
        .map((u) => ({ id: u.id, name: u.name })),
    );
  }

  /** Every jurisdiction, by code. */
  jurisdictionList(): IndexedJurisdiction[] {
    return [...this.jurisdictions.values()].sort((a, b) => byText(a.code, b.code));
  }

  jurisdiction(id: string): IndexedJurisdiction | undefined {
    return this.jurisdictions.get(id);
  }

  /** The units that supervise a jurisdiction (商务厅 for 四川省), by pinyin. */
  supervisorsOf(jurisdictionId: string): Array<{ id: string; name: string }> {
    return this.memo(`supervisors:${jurisdictionId}`, () =>
      [...this.supervised]
        .filter(([, set]) => set.has(jurisdictionId))
        .map(([id]) => ({ id, name: this.units.get(id)?.name ?? id }))
        .sort((a, b) => compareUnitNames(a.name, b.name)),
    );
  }

  /** The jurisdictions a unit supervises (empty for a unit that supervises none). */
  supervisedBy(unitId: string | null): ReadonlySet<string> {
    return (unitId && this.supervised.get(unitId)) || EMPTY;
  }

  /**
   * The units that answer for an assignment to `unitId`: every unit of today whose responsible
   * units (itself, its predecessors, their collectives) include it — today's successor of a renamed
   * unit, and each member of a collective. The inverse of responsibleUnitIds, so that "the tasks a
   * unit leads" means the same whether asked from the unit (/my) or from the task (the board).
   */
  answeringUnits(unitId: string): readonly string[] {
    const inverse = this.memo("answering", () => {
      const map = new Map<string, string[]>();
      for (const u of this.units.values()) {
        // Units of the past answer for nothing: their successors do.
        if (u.successorId || !u.active) continue;
        for (const id of this.responsibleUnitIds(u.id)) {
          const list = map.get(id) ?? [];
          list.push(u.id);
          map.set(id, list);
        }
      }
      return map;
    });
    return inverse.get(unitId) ?? NONE;
  }

  /** Today's units that lead a task (joint leads, successors, collectives' members), and those that co-own it. */
  unitsOf(t: IndexedTask): { leads: string[]; cos: string[] } {
    const leads = new Set<string>();
    const cos = new Set<string>();
    for (const a of t.assignments)
      for (const u of this.answeringUnits(a.unitId)) (a.role === "LEAD" ? leads : cos).add(u);
    for (const u of leads) cos.delete(u);
    return { leads: [...leads], cos: [...cos] };
  }

  /**
   * The ledger's and the review page's filter choices: documents with tasks, by slug; units that
   * hold an active assignment, succeeded a unit that does, or belong to a collective — by
   * jurisdiction, then pinyin — and a version naming the lists (the browser caches them under it).
   * Given jurisdictions (a supervising unit's), only their documents and units.
   */
  filterChoices(jurisdictions: ReadonlySet<string> | null = null): {
    documents: Array<{ slug: string; title: string }>;
    units: IndexedUnit[];
    version: string;
  } {
    const key = jurisdictions ? [...jurisdictions].sort().join(",") : "*";
    return this.memo(`choices:${key}`, () => {
      const inScope = (j: string) => !jurisdictions || jurisdictions.has(j);
      const docIds = new Set<string>();
      for (const t of this.tasks.values())
        if (!t.archived && inScope(t.jurisdictionId)) docIds.add(t.documentId);
      const documents = [
        ...new Map(
          [...this.documents.entries()]
            .filter(([id]) => docIds.has(id))
            .map(([, d]) => [d.slug, d] as const),
        ).values(),
      ].sort((a, b) => byText(a.slug, b.slug));
      const assigned = (id: string) => (this.unitTasks.get(id)?.size ?? 0) > 0;
      const units = [...this.units.values()]
        .filter(
          (u) =>
            inScope(u.jurisdictionId) &&
            (assigned(u.id) ||
              (this.predecessors.get(u.id) ?? []).some(assigned) ||
              this.collectivesOf.has(u.id)),
        )
        .sort(
          (a, b) =>
            byText(a.jurisdictionCode, b.jurisdictionCode) || compareUnitNames(a.name, b.name),
        );
      const shown = [
        documents.map((d) => [d.slug, d.title]),
        units.map((u) => [u.id, u.name, u.successorId, u.jurisdictionName]),
      ];
      const version = createHash("sha256")
        .update(JSON.stringify(shown))
        .digest("base64url")
        .slice(0, 12);
      return { documents, units, version };
    });
  }

  get(id: string): IndexedTask | undefined {
    return this.tasks.get(id);
  }

  unit(id: string): IndexedUnit | undefined {
    return this.units.get(id);
  }

  /** The unit doing the work today, following renames and mergers (cycles guarded). */
  currentUnit(id: string): { id: string; name: string } | null {
    let today = this.today.get(id);
    if (today === undefined) {
      let u = this.units.get(id);
      if (u) {
        const seen = new Set<string>();
        while (u.successorId && this.units.has(u.successorId) && !seen.has(u.id)) {
          seen.add(u.id);
          u = this.units.get(u.successorId)!;
        }
      }
      today = u ? { id: u.id, name: u.name } : null;
      this.today.set(id, today);
    }
    return today;
  }

  /** Same as unit.server's responsibleUnitIds: the unit, every unit it succeeded, their collectives. */
  responsibleUnitIds(unitId: string): string[] {
    const ids = new Set<string>([unitId]);
    let frontier = [unitId];
    while (frontier.length > 0) {
      frontier = frontier
        .flatMap((id) => this.predecessors.get(id) ?? [])
        .filter((id) => !ids.has(id));
      frontier.forEach((id) => ids.add(id));
    }
    for (const id of [...ids]) (this.collectivesOf.get(id) ?? []).forEach((c) => ids.add(c));
    return [...ids];
  }

  /** Tasks with a consolidated (lead's) report for the period: when the first was filed (ms). */
  filedFor(period: string): ReadonlyMap<string, number> {
    let map = this.filed.get(period);
    if (!map) {
      map = this.readFiled(period);
      if (this.filed.size >= MAX_PERIODS) this.filed.delete(this.filed.keys().next().value!);
      this.filed.set(period, map);
    }
    return map;
  }

  /** Ids of tasks whose text, heading or ref contains `q` (plain substring, any length). */
  textMatches(q: string): Set<string> {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return new Set(this.stmts.textMatch.all(like, like, like) as string[]);
  }

  close() {
    this.conn.close();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];

const indexes = processWide("taskIndexes", () => new Map<string, TaskIndex>());

/** The process's index of the database behind `db`, synced with the change log. */
export function taskIndex(db: PrismaClient): TaskIndex {
  const file = databaseFileOf(db);
  let index = indexes.get(file);
  if (!index) {
    index = new TaskIndex(file);
    indexes.set(file, index);
  }
  return index.sync();
}

/** Drops the index of a database file (tests delete their files; the worker on shutdown). */
export function closeTaskIndex(file: string) {
  indexes.get(file)?.close();
  indexes.delete(file);
}

/**
 * Drops change-log entries older than `keepMs`, always keeping the newest one so that a process
 * that has not synced for that long sees a gap (the oldest seq beyond its own) and reloads.
 */
export async function pruneTaskChanges(
  db: PrismaClient,
  keepMs = 24 * 60 * 60 * 1000,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - keepMs).toISOString().replace("T", " ").slice(0, 19);
  return db.$executeRawUnsafe(
    `DELETE FROM "TaskChange" WHERE at < ? AND seq < (SELECT max(seq) FROM "TaskChange")`,
    cutoff,
  );
}

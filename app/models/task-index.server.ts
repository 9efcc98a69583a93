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
  /** Active assignments: leads by position, then co-units by position. */
  assignments: IndexedAssignment[];
  lastReportAt: Date | null;
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
  successorId: string | null;
  jurisdictionId: string;
  jurisdictionCode: string;
  jurisdictionName: string;
};

type TaskRow = {
  id: string;
  ref: string;
  heading: string;
  status: string;
  dueDate: string | null;
  position: number;
  documentId: string;
  slug: string;
  title: string;
  lastReportAt: string | null;
};

// Beyond this many changed tasks since the last read, one full reload is cheaper than many small ones.
const MAX_INCREMENTAL = 2000;
// Periods whose "consolidated report filed" sets are kept (the current one, and what jobs ask for).
const MAX_PERIODS = 4;

const TASK_SELECT = `SELECT t.id, t.ref, t.heading, t.status, t.dueDate, t.position, t.documentId, d.slug, d.title,
   (SELECT max(p.createdAt) FROM "ProgressReport" p WHERE p.taskId = t.id) AS lastReportAt
 FROM "Task" t JOIN "Document" d ON d.id = t.documentId`;

const toDate = (s: string | null) => (s ? new Date(s) : null);

/** Code-unit order, as SQLite's default collation sorts text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Document (slug), then the measure's position in it: the order of the ledger and the board. */
const ledgerOrder = (a: IndexedTask, b: IndexedTask) =>
  a.document.slug < b.document.slug
    ? -1
    : a.document.slug > b.document.slug
      ? 1
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
  private filed = new Map<string, Set<string>>();
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
        `SELECT taskId, unitId, role, position, nameAsWritten FROM "Assignment" WHERE removedAt IS NULL ORDER BY taskId, role DESC, position`,
      ),
      someAssignments: c.prepare(
        `SELECT taskId, unitId, role, position, nameAsWritten FROM "Assignment"
         WHERE removedAt IS NULL AND taskId IN (SELECT value FROM json_each(?)) ORDER BY taskId, role DESC, position`,
      ),
      units: c.prepare(
        `SELECT u.id, u.name, u.recognized, u.successorId, u.jurisdictionId, j.code AS jurisdictionCode, j.name AS jurisdictionName
         FROM "Unit" u JOIN "Jurisdiction" j ON j.id = u.jurisdictionId`,
      ),
      memberships: c.prepare(`SELECT collectiveId, memberId FROM "UnitMembership"`),
      filedAll: c
        .prepare(
          `SELECT t.id FROM "Task" t WHERE EXISTS (SELECT 1 FROM "ProgressReport" p WHERE p.taskId = t.id AND p.period = ? AND p.consolidated = 1)`,
        )
        .pluck(),
      filedSome: c
        .prepare(
          `SELECT t.id FROM "Task" t WHERE t.id IN (SELECT value FROM json_each(?))
           AND EXISTS (SELECT 1 FROM "ProgressReport" p WHERE p.taskId = t.id AND p.period = ? AND p.consolidated = 1)`,
        )
        .pluck(),
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
    for (const a of this.stmts.allAssignments.iterate() as IterableIterator<
      IndexedAssignment & { taskId: string }
    >) {
      this.tasks.get(a.taskId)?.assignments.push(this.assignment(a));
    }
    this.unitTasks.clear();
    for (const t of this.tasks.values()) this.linkUnits(t);
    for (const period of [...this.filed.keys()])
      this.filed.set(period, new Set(this.stmts.filedAll.all(period) as string[]));
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
    for (const a of this.stmts.someAssignments.all(json) as Array<
      IndexedAssignment & { taskId: string }
    >) {
      found.get(a.taskId)?.assignments.push(this.assignment(a));
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
        before.position !== after.position ||
        before.document.slug !== after.document.slug
      )
        reorder = true;
      this.tasks.set(id, after);
      this.linkUnits(after);
    }
    for (const [period, set] of this.filed) {
      for (const id of ids) set.delete(id);
      for (const id of this.stmts.filedSome.all(json, period) as string[]) set.add(id);
    }
    // Tasks are replaced, not mutated, so arrays handed out earlier stay consistent; the ordered
    // list is rebuilt only when membership or order changed, otherwise patched in place.
    if (reorder || !this.orderedCache) this.orderedCache = null;
    else this.orderedCache = this.orderedCache.map((t) => (found.has(t.id) ? found.get(t.id)! : t));
  }

  private linkUnits(t: IndexedTask) {
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

  private assignment(a: IndexedAssignment): IndexedAssignment {
    return {
      unitId: this.intern(a.unitId),
      role: a.role === "LEAD" ? "LEAD" : "CO",
      position: Number(a.position),
      nameAsWritten: this.intern(a.nameAsWritten),
    };
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
      assignments: [],
      lastReportAt: toDate(r.lastReportAt),
      serial: ++this.serials,
    };
  }

  private loadUnits() {
    this.units.clear();
    this.today.clear();
    this.predecessors.clear();
    this.collectivesOf.clear();
    for (const u of this.stmts.units.all() as Array<
      Omit<IndexedUnit, "recognized"> & { recognized: number }
    >) {
      this.units.set(u.id, { ...u, recognized: Boolean(u.recognized) });
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

  /** Every task, in document (slug) and measure order. */
  ordered(): IndexedTask[] {
    this.orderedCache ??= [...this.tasks.values()].sort(ledgerOrder);
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

  /** Units that exist today (not renamed or merged away) in a jurisdiction, by name: whom a reviewer can assign. */
  assignableUnits(jurisdictionId: string): Array<{ id: string; name: string }> {
    return this.memo(`assignable:${jurisdictionId}`, () =>
      [...this.units.values()]
        .filter((u) => u.jurisdictionId === jurisdictionId && !u.successorId)
        .sort((a, b) => byText(a.name, b.name))
        .map((u) => ({ id: u.id, name: u.name })),
    );
  }

  /**
   * The ledger's and the review page's filter choices: documents with tasks, by slug; units that
   * hold an active assignment, succeeded a unit that does, or belong to a collective — by
   * jurisdiction, then name — and a version naming the lists (the browser caches them under it).
   */
  filterChoices(): {
    documents: Array<{ slug: string; title: string }>;
    units: IndexedUnit[];
    version: string;
  } {
    return this.memo("choices", () => {
      const documents = [
        ...new Map([...this.documents.values()].map((d) => [d.slug, d])).values(),
      ].sort((a, b) => byText(a.slug, b.slug));
      const assigned = (id: string) => (this.unitTasks.get(id)?.size ?? 0) > 0;
      const units = [...this.units.values()]
        .filter(
          (u) =>
            assigned(u.id) ||
            (this.predecessors.get(u.id) ?? []).some(assigned) ||
            this.collectivesOf.has(u.id),
        )
        .sort((a, b) => byText(a.jurisdictionCode, b.jurisdictionCode) || byText(a.name, b.name));
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

  /** Tasks with a consolidated (lead's) report for the period. */
  filedFor(period: string): Set<string> {
    let set = this.filed.get(period);
    if (!set) {
      set = new Set(this.stmts.filedAll.all(period) as string[]);
      if (this.filed.size >= MAX_PERIODS) this.filed.delete(this.filed.keys().next().value!);
      this.filed.set(period, set);
    }
    return set;
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

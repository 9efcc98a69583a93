// The one way a parsed measure becomes a task with its assignments, for seeding (app/seed) and
// for imports (app/models/import.server.ts). Runs inside the caller's write transaction.
//
// What people did is kept: progress reports are never touched; assignments made on a task's page
// (MANUAL), and those a person removed, stay as they are; a due date a reviewer set stands unless
// this write sets one itself. Assignments from the document (SEED) follow the document: new ones
// are added, changed ones updated, those it no longer names marked removed.
import type { TxClient } from "../db/db.server";
import type { ParsedMeasure } from "../ingest/parse-document";
import { endOfDayShanghai } from "../utils/time";
import { remadeAssignment } from "./acknowledgement.server";

export type AssignmentToWrite = {
  unitId: string;
  role: "LEAD" | "CO";
  /** Order within the role as listed. */
  position: number;
  nameAsWritten: string;
};

export type TaskToWrite = {
  ref: string;
  position: number;
  sectionPath: string;
  heading: string;
  text: string;
  responsibilityNote: string | null;
  recurrence: string | null;
  leader: string | null;
  dueDate: Date | null;
  dueDateSource: string | null;
  dueDateText: string | null;
  /** The due date was set by a reviewer (in an import's preview): it replaces even one they set before. */
  dueSetByReviewer?: boolean;
  /** One per unit; a unit listed twice keeps its first role. */
  assignments: AssignmentToWrite[];
};

export type WriteCounts = {
  tasks: { created: number; updated: number; unchanged: number; restored: number };
  assignments: { created: number; updated: number; removed: number };
};

export function emptyCounts(): WriteCounts {
  return {
    tasks: { created: 0, updated: 0, unchanged: 0, restored: 0 },
    assignments: { created: 0, updated: 0, removed: 0 },
  };
}

/** A measure's own fields as a task stores them (its units come from the caller's resolution). */
export function taskFields(m: ParsedMeasure, position: number): Omit<TaskToWrite, "assignments"> {
  return {
    ref: m.ref,
    position,
    sectionPath: m.sections.filter(Boolean).join(" / "),
    heading: m.heading,
    text: m.text,
    responsibilityNote: m.responsibility?.note ?? null,
    recurrence: m.recurrence,
    leader: m.leader,
    dueDate: m.dueDate ? endOfDayShanghai(m.dueDate) : null,
    dueDateSource: m.dueDateSource,
    dueDateText: m.dueDateText,
  };
}

/** One assignment per unit, leads first, in the order listed. */
export function assignmentsOf(
  roles: Array<{ role: "LEAD" | "CO"; units: Array<{ unitId: string; nameAsWritten: string }> }>,
): AssignmentToWrite[] {
  const seen = new Set<string>();
  const out: AssignmentToWrite[] = [];
  for (const { role, units } of roles) {
    for (const [position, u] of units.entries()) {
      if (seen.has(u.unitId)) continue;
      seen.add(u.unitId);
      out.push({ unitId: u.unitId, role, position, nameAsWritten: u.nameAsWritten });
    }
  }
  return out;
}

type ExistingTask = Awaited<ReturnType<TxClient["task"]["findUnique"]>>;

export type WriteTarget = {
  documentId: string;
  jurisdictionId: string;
  /** The task this measure updates; undefined: the task of the same ref, if any. */
  existing?: ExistingTask;
  actorId?: string | null;
  /** The timeline entry of a new task. */
  created: { type: string; payload: Record<string, unknown> };
};

const FIELDS = [
  "ref",
  "position",
  "sectionPath",
  "heading",
  "text",
  "responsibilityNote",
  "recurrence",
  "leader",
] as const;
const same = (a: unknown, b: unknown) =>
  (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);

/** Creates or updates the task of one measure and its assignments from the document. Returns its id. */
export async function writeTask(
  tx: TxClient,
  target: WriteTarget,
  task: TaskToWrite,
  counts: WriteCounts,
): Promise<string> {
  const { documentId, jurisdictionId, actorId = null } = target;
  const existing =
    target.existing !== undefined
      ? target.existing
      : await tx.task.findUnique({
          where: { documentId_jurisdictionId_ref: { documentId, jurisdictionId, ref: task.ref } },
        });
  const fields = Object.fromEntries(FIELDS.map((k) => [k, task[k]]));
  const due = {
    dueDate: task.dueDate,
    dueDateSource: task.dueSetByReviewer ? "MANUAL" : task.dueDateSource,
    dueDateText: task.dueDateText,
  };
  let taskId: string;
  if (!existing) {
    // A new task with its assignments and its first timeline entry in one nested write.
    const want = new Map(task.assignments.map((a) => [a.unitId, a]));
    const created = await tx.task.create({
      data: {
        documentId,
        jurisdictionId,
        ...fields,
        ...due,
        assignments: { create: [...want.values()].map((a) => ({ ...a, source: "SEED" })) },
        auditEvents: {
          create: {
            actorId,
            type: target.created.type,
            payload: JSON.stringify(target.created.payload),
          },
        },
      } as never,
      select: { id: true },
    });
    counts.tasks.created++;
    counts.assignments.created += want.size;
    return created.id;
  } else {
    taskId = existing.id;
    // A due date set by a reviewer stands; the document's wording only sets it until then.
    const keepDue = existing.dueDateSource === "MANUAL" && !task.dueSetByReviewer;
    const data: Record<string, unknown> = keepDue ? fields : { ...fields, ...due };
    const changed = Object.keys(data).filter(
      (k) => !same(data[k], (existing as Record<string, unknown>)[k]),
    );
    const restore = existing.archivedAt !== null;
    if (changed.length > 0 || restore) {
      await tx.task.update({
        where: { id: taskId },
        data: { ...data, ...(restore ? { archivedAt: null } : {}) },
      });
    }
    if (restore) {
      counts.tasks.restored++;
      await tx.auditEvent.create({
        data: {
          taskId,
          actorId,
          type: "task.restored",
          payload: JSON.stringify({ ref: task.ref }),
        },
      });
    }
    if (changed.length > 0) {
      counts.tasks.updated++;
      await tx.auditEvent.create({
        data: {
          taskId,
          actorId,
          type: "task.updated_from_document",
          payload: JSON.stringify({
            fields: changed,
            ...(changed.includes("ref") ? { from: existing.ref, to: task.ref } : {}),
          }),
        },
      });
    } else if (!restore) counts.tasks.unchanged++;
  }
  await syncAssignments(tx, taskId, task.assignments, actorId, counts);
  return taskId;
}

async function syncAssignments(
  tx: TxClient,
  taskId: string,
  desired: AssignmentToWrite[],
  actorId: string | null,
  counts: WriteCounts,
) {
  const want = new Map(desired.map((a) => [a.unitId, a]));
  const current = await tx.assignment.findMany({ where: { taskId } });
  const byUnit = new Map(current.map((a) => [a.unitId, a]));
  for (const [unitId, w] of want) {
    const data = { role: w.role, position: w.position, nameAsWritten: w.nameAsWritten };
    const have = byUnit.get(unitId);
    if (!have) {
      await tx.assignment.create({ data: { taskId, unitId, ...data, source: "SEED" } });
      counts.assignments.created++;
    } else if (have.source === "SEED" && !have.removedAt) {
      if (
        have.role !== w.role ||
        have.position !== w.position ||
        have.nameAsWritten !== w.nameAsWritten
      ) {
        // Another role is another assignment: acknowledged anew (the order or name is not).
        if (have.role !== w.role) await remadeAssignment(tx, have.id);
        await tx.assignment.update({ where: { id: have.id }, data });
        counts.assignments.updated++;
      }
    }
    // MANUAL rows, and rows a person removed, are theirs: left as they are.
  }
  for (const a of current) {
    if (a.source === "SEED" && !a.removedAt && !want.has(a.unitId)) {
      await tx.assignment.update({ where: { id: a.id }, data: { removedAt: new Date() } });
      counts.assignments.removed++;
      await tx.auditEvent.create({
        data: {
          taskId,
          actorId,
          type: "assignment.removed_by_document",
          payload: JSON.stringify({ unit: a.nameAsWritten, role: a.role }),
        },
      });
    }
  }
}

/** Archives a task its document's new version no longer has: it keeps its history and leaves the lists. */
export async function archiveTask(
  tx: TxClient,
  taskId: string,
  actorId: string | null,
  payload: Record<string, unknown>,
) {
  await tx.task.update({ where: { id: taskId }, data: { archivedAt: new Date() } });
  await tx.auditEvent.create({
    data: { taskId, actorId, type: "task.archived", payload: JSON.stringify(payload) },
  });
}

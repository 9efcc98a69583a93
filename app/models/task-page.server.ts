// What a task's page shows: the task and its document, every assignment (removed ones too),
// each unit's latest report, and the newest timeline entries. Read in one snapshot through fixed
// prepared statements (app/db/read.server.ts): the page is the most visited after the ledger, and
// the same reads through Prisma's includes cost over a millisecond.
import type { PrismaClient } from "../generated/prisma/client";
import { readSnapshot, readStatement } from "../db/read.server";
import { shanghaiDate } from "../utils/time";
import { taskIndex } from "./task-index.server";

export type TaskSource =
  | { kind: "DOCUMENT" }
  | {
      kind: "MEETING";
      meetingId: string;
      meetingKind: string;
      heldOn: string;
      minutesNumber: string;
    };

/** Timeline entries a page shows; older ones stay in the database and in the roll-up reports. */
const TIMELINE_LIMIT = 100;

export type TaskPageAssignment = {
  id: string;
  role: "LEAD" | "CO";
  position: number;
  nameAsWritten: string;
  source: string;
  removed: boolean;
  unitId: string;
  recognized: boolean;
  /** When the unit acknowledged it (签收); null while it waits. */
  acknowledgedAt: string | null;
  /** Acknowledged without anyone signing: the baseline a database had. */
  acknowledgedBaseline: boolean;
  /** Today's unit when the named one was renamed or merged since. */
  currentUnit: { id: string; name: string } | null;
};

export type TaskPageReport = {
  id: string;
  period: string;
  status: string;
  percent: number;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
  consolidated: boolean;
  createdAt: string;
  /** The reason a reviewer sent this report back (退回重办), if they did. */
  sentBack: string | null;
  unit: { id: string; name: string };
  author: { name: string; isDemo: boolean };
};

export type TaskPageEvent = {
  id: string;
  type: string;
  payload: string;
  createdAt: string;
  actor: string | null;
};

type TaskRow = {
  id: string;
  ref: string;
  heading: string;
  text: string;
  sectionPath: string;
  status: string;
  dueDate: string | null;
  dueDateSource: string | null;
  dueDateText: string | null;
  recurrence: string | null;
  leader: string | null;
  archivedAt: string | null;
  documentSlug: string;
  documentTitle: string;
  documentNumber: string | null;
  documentStatus: string;
  jurisdictionId: string;
  jurisdictionName: string;
  taskJurisdictionId: string;
  taskJurisdictionName: string;
  meetingId: string | null;
  meetingKind: string | null;
  meetingHeldOn: string | number | null;
  meetingMinutes: string | null;
};

// The document's jurisdiction (国务院 for a national document) and the task's: the one whose units
// carry it out (四川省, which adopted it).
const TASK = `SELECT t.id, t.ref, t.heading, t.text, t.sectionPath, t.status, t.dueDate, t.dueDateSource, t.dueDateText, t.recurrence, t.leader, t.archivedAt,
    d.slug AS documentSlug, d.title AS documentTitle, d.number AS documentNumber, d.status AS documentStatus,
    j.id AS jurisdictionId, j.name AS jurisdictionName, tj.id AS taskJurisdictionId, tj.name AS taskJurisdictionName,
    m.id AS meetingId, m.kind AS meetingKind, m.heldOn AS meetingHeldOn, m.minutesNumber AS meetingMinutes
  FROM "Task" t JOIN "Document" d ON d.id = t.documentId JOIN "Jurisdiction" j ON j.id = d.jurisdictionId
  JOIN "Jurisdiction" tj ON tj.id = t.jurisdictionId LEFT JOIN "Meeting" m ON m.documentId = d.id
  WHERE t.id = ?`;

// Active before removed; leads before co-units; each in the order the document listed them.
const ASSIGNMENTS = `SELECT a.id, a.role, a.position, a.nameAsWritten, a.source, a.removedAt IS NOT NULL AS removed, a.unitId, u.recognized,
    k.createdAt AS acknowledgedAt, k.id IS NOT NULL AND k.userId IS NULL AS acknowledgedBaseline
  FROM "Assignment" a JOIN "Unit" u ON u.id = a.unitId LEFT JOIN "Acknowledgement" k ON k.assignmentId = a.id
  WHERE a.taskId = ?
  ORDER BY a.removedAt IS NOT NULL, a.removedAt, a.role DESC, a.position`;

// Each unit's latest report (its current word), newest first; the (taskId, createdAt) index
// walks the task's reports once however many years of them there are.
const LATEST_REPORTS = `SELECT p.id, p.period, p.status, p.percent, p.progress, p.problems, p.nextSteps, p.coordination, p.consolidated, p.createdAt,
    (SELECT s.reason FROM "SendBack" s WHERE s.reportId = p.id ORDER BY s.createdAt DESC LIMIT 1) AS sentBack,
    p.unitId, u.name AS unitName, a.name AS authorName, a.isDemo AS authorIsDemo
  FROM (SELECT id, row_number() OVER (PARTITION BY unitId ORDER BY createdAt DESC, id DESC) AS n FROM "ProgressReport" WHERE taskId = ?) latest
  JOIN "ProgressReport" p ON p.id = latest.id
  JOIN "Unit" u ON u.id = p.unitId
  JOIN "User" a ON a.id = p.authorId
  WHERE latest.n = 1
  ORDER BY p.createdAt DESC, p.id DESC`;

const TIMELINE = `SELECT e.id, e.type, e.payload, e.createdAt, u.name AS actor
  FROM "AuditEvent" e LEFT JOIN "User" u ON u.id = e.actorId
  WHERE e.taskId = ?
  ORDER BY e.createdAt DESC, e.id DESC
  LIMIT ${TIMELINE_LIMIT}`;

// 佐证材料, oldest first, with the report (unit, period) each came with.
const EVIDENCE = `SELECT f.id, f.fileName, f.size, f.kind, f.createdAt, p.period, u.name AS unitName
  FROM "EvidenceFile" f JOIN "ProgressReport" p ON p.id = f.reportId JOIN "Unit" u ON u.id = p.unitId
  WHERE f.taskId = ?
  ORDER BY f.createdAt, f.id`;

export type TaskPageEvidence = {
  id: string;
  fileName: string;
  size: number;
  kind: string;
  createdAt: string;
  period: string;
  unitName: string;
};

/** The task's page, or null if there is no such task. */
export function taskPage(db: PrismaClient, taskId: string) {
  const index = taskIndex(db);
  return readSnapshot(db, () => {
    const t = readStatement(db, TASK).get(taskId) as TaskRow | undefined;
    if (!t) return null;
    type AssignmentRow = Omit<
      TaskPageAssignment,
      "removed" | "recognized" | "currentUnit" | "acknowledgedBaseline"
    > & {
      removed: number;
      recognized: number;
      acknowledgedBaseline: number;
    };
    const assignments = (readStatement(db, ASSIGNMENTS).all(taskId) as AssignmentRow[]).map(
      (a): TaskPageAssignment => {
        const now = index.currentUnit(a.unitId);
        return {
          ...a,
          role: a.role === "LEAD" ? "LEAD" : "CO",
          removed: Boolean(a.removed),
          recognized: Boolean(a.recognized),
          acknowledgedBaseline: Boolean(a.acknowledgedBaseline),
          currentUnit: now && now.id !== a.unitId ? now : null,
        };
      },
    );
    type ReportRow = Omit<TaskPageReport, "consolidated" | "unit" | "author"> & {
      consolidated: number;
      unitId: string;
      unitName: string;
      authorName: string;
      authorIsDemo: number;
    };
    const reports = (readStatement(db, LATEST_REPORTS).all(taskId) as ReportRow[]).map(
      ({ unitId, unitName, authorName, authorIsDemo, consolidated, ...r }): TaskPageReport => ({
        ...r,
        consolidated: Boolean(consolidated),
        unit: { id: unitId, name: unitName },
        author: { name: authorName, isDemo: Boolean(authorIsDemo) },
      }),
    );
    const timeline = readStatement(db, TIMELINE).all(taskId) as TaskPageEvent[];
    const evidence = readStatement(db, EVIDENCE).all(taskId) as TaskPageEvidence[];
    const {
      documentSlug,
      documentTitle,
      documentNumber,
      documentStatus,
      jurisdictionId,
      jurisdictionName,
      taskJurisdictionId,
      taskJurisdictionName,
      meetingId,
      meetingKind,
      meetingHeldOn,
      meetingMinutes,
      ...task
    } = t;
    // Where the task comes from: a policy document, or a meeting's decision (会议议定).
    const source: TaskSource = meetingId
      ? {
          kind: "MEETING",
          meetingId,
          meetingKind: meetingKind!,
          heldOn: shanghaiDate(new Date(meetingHeldOn!)),
          minutesNumber: meetingMinutes!,
        }
      : { kind: "DOCUMENT" };
    return {
      task: {
        ...task,
        /** The jurisdiction that carries the task out (an adopter of a national document). */
        jurisdiction: { id: taskJurisdictionId, name: taskJurisdictionName },
        document: {
          slug: documentSlug,
          title: documentTitle,
          number: documentNumber,
          status: documentStatus,
          jurisdictionId,
          jurisdiction: jurisdictionName,
        },
        source,
      },
      assignments,
      reports,
      timeline,
      evidence,
    };
  });
}

export type TaskPage = NonNullable<ReturnType<typeof taskPage>>;

// Reporting cycles of documents and tasks (ReportingCycle, append-only: the latest row per target
// counts; a task's own before its document's, its document's before the admin's default).
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";
import { parseCycle, type ReportingCycle } from "./reporting-period";

type Row = { documentId: string | null; taskId: string | null; rule: string };

export function readCycles(db: PrismaClient): {
  byTask: Map<string, ReportingCycle>;
  byDocument: Map<string, ReportingCycle>;
} {
  const byTask = new Map<string, ReportingCycle>();
  const byDocument = new Map<string, ReportingCycle>();
  const all = readStatement(
    db,
    `SELECT documentId, taskId, rule FROM "ReportingCycle" ORDER BY createdAt, id`,
  ).all() as Row[];
  // Later rows replace earlier ones; a row whose rule is "{}" (or does not parse) clears the target.
  for (const r of all) {
    const cycle = parseCycle(r.rule);
    const map = r.taskId ? byTask : byDocument;
    const key = r.taskId ?? r.documentId;
    if (!key) continue;
    if (cycle) map.set(key, cycle);
    else map.delete(key);
  }
  return { byTask, byDocument };
}

export type CycleTarget = { documentId: string } | { taskId: string };

/** Sets (or with null clears) the cycle of a document or a task; audited on the task when one. */
export async function setCycle(
  db: PrismaClient,
  target: CycleTarget,
  cycle: ReportingCycle | null,
  actorId: string,
): Promise<void> {
  const rule = cycle ? JSON.stringify(cycle) : "{}";
  const taskId = "taskId" in target ? target.taskId : null;
  const documentId = "documentId" in target ? target.documentId : null;
  await db.$transaction([
    db.reportingCycle.create({ data: { taskId, documentId, rule, createdById: actorId } }),
    db.auditEvent.create({
      data: {
        actorId,
        taskId,
        type: "cycle.set",
        payload: JSON.stringify({ documentId, cycle }),
      },
    }),
  ]);
}

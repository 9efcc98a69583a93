// Meetings of the joint conference and their decisions (议定事项). A meeting's decisions are the
// tasks of a document of their own (《联席会议议定事项（〔2026〕3号）》, source 会议议定), written by
// the same task writer as seeding and imports: so each decision is reminded, reported, lit and
// rolled up like any other task, with no second path through the app. The document is marked
// imported, so seeding leaves it alone.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { MEETING_KINDS, type DecisionLine, type MeetingForm } from "../forms/meeting-form";
import { TASK_SOURCE } from "../ui/labels";
import { endOfDayShanghai, shanghaiDate } from "../utils/time";
import { assignmentsOf, emptyCounts, writeTask } from "./document-writer.server";
import { loadUnitResolver } from "./unit-resolution.server";

export const DECISION_SOURCE = TASK_SOURCE.MEETING;

export class MeetingError extends Error {
  constructor(
    readonly field: "decisions" | "heldOn" | "minutesNumber",
    message: string,
  ) {
    super(message);
  }
}

export const meetingTitle = (kind: string, minutesNumber: string) =>
  `${MEETING_KINDS[kind as keyof typeof MEETING_KINDS] ?? kind}议定事项（${minutesNumber.trim()}）`;

/** Records a meeting and makes each decision a task of the meeting's document. */
export async function recordMeeting(
  db: PrismaClient,
  form: MeetingForm,
  decisions: DecisionLine[],
  actorId: string | null,
  now = new Date(),
): Promise<{ meetingId: string; documentId: string; slug: string; taskIds: string[] }> {
  if (form.heldOn > shanghaiDate(now)) throw new MeetingError("heldOn", "会议日期不能晚于今天");
  const resolver = await loadUnitResolver(db, form.jurisdictionId);
  const unitOf = (name: string, line: number) => {
    const r = resolver.resolve(name);
    if ("unit" in r) return { unitId: r.unit.id, nameAsWritten: name };
    throw new MeetingError("decisions", `第 ${line} 行的单位「${name}」不在单位名录中`);
  };
  const resolved = decisions.map((d) => ({
    d,
    lead: unitOf(d.lead, d.line),
    co: d.co.map((c) => unitOf(c, d.line)),
  }));
  const jurisdiction = await db.jurisdiction.findUniqueOrThrow({
    where: { id: form.jurisdictionId },
  });
  const title = meetingTitle(form.kind, form.minutesNumber);
  const sourceText = decisions.map((d, i) => `${i + 1}. ${d.text}`).join("\n");
  return writeTransaction(db, async (tx) => {
    const taken = await tx.meeting.findFirst({
      where: { kind: form.kind, minutesNumber: form.minutesNumber.trim() },
      select: { id: true },
    });
    if (taken) throw new MeetingError("minutesNumber", "这次会议的纪要已经登记过");
    const slug = `${jurisdiction.code.toLowerCase()}-meeting-${form.heldOn}-${Date.now().toString(36)}`;
    const document = await tx.document.create({
      data: {
        slug,
        title,
        number: form.minutesNumber.trim(),
        issuer: "联席会议办公室",
        issuedOn: new Date(`${form.heldOn}T00:00:00+08:00`),
        status: "IN_FORCE",
        jurisdictionId: form.jurisdictionId,
        sourceText,
        sourceHash: createHash("sha256").update(sourceText).digest("hex"),
        importedAt: now,
        version: 1,
      },
    });
    const meeting = await tx.meeting.create({
      data: {
        kind: form.kind,
        heldOn: new Date(`${form.heldOn}T00:00:00+08:00`),
        minutesNumber: form.minutesNumber.trim(),
        attendees: form.attendees.trim(),
        documentId: document.id,
        recordedById: actorId,
      },
    });
    const counts = emptyCounts();
    const taskIds: string[] = [];
    for (const [position, { d, lead, co }] of resolved.entries()) {
      const ref = String(position + 1);
      taskIds.push(
        await writeTask(
          tx,
          {
            documentId: document.id,
            jurisdictionId: form.jurisdictionId,
            existing: null,
            actorId,
            created: {
              type: "task.decided",
              payload: { source: DECISION_SOURCE, meetingId: meeting.id, ref, document: title },
            },
          },
          {
            ref,
            position,
            sectionPath: DECISION_SOURCE,
            heading: d.text.length > 60 ? `${d.text.slice(0, 59)}…` : d.text,
            text: d.text,
            responsibilityNote: `牵头单位：${d.lead}${d.co.length ? `；配合单位：${d.co.join("、")}` : ""}`,
            recurrence: null,
            leader: null,
            dueDate: endOfDayShanghai(d.due),
            dueDateSource: "MANUAL",
            dueDateText: `会议议定：${d.due} 前完成`,
            dueSetByReviewer: true,
            assignments: assignmentsOf([
              { role: "LEAD", units: [lead] },
              { role: "CO", units: co },
            ]),
          },
          counts,
        ),
      );
    }
    await tx.auditEvent.create({
      data: {
        type: "meeting.recorded",
        actorId,
        payload: JSON.stringify({ meetingId: meeting.id, title, decisions: taskIds.length }),
      },
    });
    return { meetingId: meeting.id, documentId: document.id, slug, taskIds };
  });
}

/** The meetings held by `asOf` (newest first), with their documents. */
export async function meetingsHeldBy(db: PrismaClient, asOf: Date) {
  return db.meeting.findMany({
    where: { heldOn: { lte: asOf } },
    orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }],
    include: { document: { select: { id: true, slug: true, title: true, jurisdictionId: true } } },
  });
}

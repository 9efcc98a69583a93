// A task's page: full text, units and roles (with today's unit), due date, reports by unit,
// the timeline, and — for reviewers — assign, due date, urge (催办), close out (销号), reopen.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { enqueueEmailSends } from "~/jobs/enqueue.server";
import { db } from "~/db/db.server";
import { MEETING_KINDS, type MeetingKind } from "~/forms/meeting-form";
import { formInput, formValues } from "~/forms/report-form";
import { isReviewIntent, reviewSchemas } from "~/forms/review-forms";
import { authorizeTask } from "~/models/access.server";
import { may } from "~/models/permissions";
import {
  assignUnit,
  closeOut,
  removeAssignment,
  reopen,
  setDueDate,
  urge,
} from "~/models/review.server";
import type { PageCacheKey } from "~/http/page-cache.server";
import { taskIndex } from "~/models/task-index.server";
import { taskPage } from "~/models/task-page.server";
import { sendBackCompletion, sendBackReport } from "~/models/close-out.server";
import { acknowledge, acknowledgeWithin, unacknowledgedOf } from "~/models/acknowledgement.server";
import { acknowledgementDeadline } from "~/models/standing";
import { decideExtension, requestExtension, taskExtensions } from "~/models/extension.server";
import {
  addMilestone,
  completeMilestone,
  editMilestone,
  openMilestones,
  taskMilestones,
} from "~/models/milestone.server";
import type { TaskAction } from "~/models/permissions";
import { cycleSchemas, isCycleIntent, type CycleIntent } from "~/forms/cycle-forms";
import { carriersOf, implementedBy } from "~/models/measure-link.server";
import { instructionsOf, writeInstruction } from "~/models/instruction.server";
import { instructionSchema } from "~/forms/instruction-form";
import { AnswerLines, InstructionsPanel } from "~/ui/instructions";
import { expiryProblem, liftOverride, overrideLight } from "~/models/light-override.server";
import {
  LIGHT_LABEL,
  REPORT_STATE_LABEL,
  reportState,
  STANDING_REASON_LABEL,
  standingExplanation,
  type Light,
} from "~/models/standing";
import { rulesOf, standingOf } from "~/models/standing.server";
import { parseCycleForm } from "~/forms/cycle-form";
import { setCycle } from "~/models/cycle.server";
import { lateReportIds, reopenSlot, taskSlots } from "~/models/slots.server";
import { SLOT_STATE_LABEL } from "~/models/standing";
import { CycleFields } from "~/ui/cycle-fields";
import { EVIDENCE_KIND_LABEL, fileSizeText, type EvidenceKind } from "~/models/evidence";
import { escalationView } from "~/models/escalation.server";
import { EscalationList, ListedBadge } from "~/ui/escalation-list";
import { LightBadge } from "~/ui/light";
import { SlotTable, ReopenSlotForm } from "~/ui/slot-table";
import { OverrideForms, StandingWhy } from "~/ui/light-panel";
import { FormError } from "~/ui/form";
import {
  AUDIT_EVENT,
  DOCUMENT_STATUS,
  DUE_SOURCE,
  EXTENSION_STATUS,
  ROLE,
  TASK_STATUS,
  TASK_SOURCE,
} from "~/ui/labels";
import { ReportCard } from "~/ui/report-card";
import { shanghaiDate, shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.task.ref} ${data.task.heading} · 督办` : "任务 · 督办" },
];

/** The task's standing now: what the page shows of its light, and what its cache key names. */
function standingNow(taskId: string) {
  const index = taskIndex(db());
  const task = index.get(taskId);
  if (!task) return null;
  const s = standingOf(index, task, new Date(), rulesOf(db()));
  return {
    light: s.light,
    reason: STANDING_REASON_LABEL[s.reason],
    daysOverdue: s.daysOverdue,
    report: REPORT_STATE_LABEL[reportState(s)],
    period: s.current.period,
    missedPeriod: s.missedPeriod,
    milestone: s.milestone
      ? { title: s.milestone.title, due: shanghaiDate(s.milestone.dueDate) }
      : null,
    /** The due date in force (moved by approved extensions). */
    due: s.dueDate ? shanghaiDate(s.dueDate) : null,
    dueAt: s.dueDate?.getTime() ?? null,
    why: standingExplanation(s),
    override: s.override
      ? {
          light: s.override.light,
          expiresOn: s.override.expiresAt ? shanghaiDate(s.override.expiresAt) : null,
        }
      : null,
    computed: s.computed
      ? { light: s.computed.light, reason: STANDING_REASON_LABEL[s.computed.reason] }
      : null,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const to = await authorizeTask(db(), request, user, params.taskId!, "read");
  const page = taskPage(db(), params.taskId!);
  if (!page) throw new Response("没有这项任务", { status: 404 });
  const { task, assignments, reports, timeline, evidence } = page;
  // An archived task is read only: no light, no report, no review.
  const archived = task.archivedAt !== null;
  const reviewer = may(user.role, "close", to) && !archived;
  const index = taskIndex(db());
  // The user's unit's assignments waiting for its 签收, with the last day to acknowledge.
  const within = acknowledgeWithin(db());
  const toAcknowledge =
    user.unitId && may(user.role, "acknowledge", to) && !archived
      ? (await unacknowledgedOf(db(), task.id, user.unitId)).map((a) => ({
          role: a.role,
          due: shanghaiDate(acknowledgementDeadline(a.createdAt, within)),
        }))
      : [];
  const standing = archived ? null : standingNow(task.id);
  const extensions = await taskExtensions(db(), task.id);
  const milestones = await taskMilestones(db(), task.id);
  // The oldest request waiting (the task's or a milestone's): decided one after the other.
  const pendingExtension = extensions.findLast((e) => e.status === "PENDING") ?? null;
  const waiting = new Set(
    extensions.filter((e) => e.status === "PENDING").map((e) => e.milestoneId ?? ""),
  );
  // What an extension may be asked for now: a date in force still ahead, with none waiting.
  const now = Date.now();
  const extensionTargets = [
    ...(standing?.dueAt != null && now <= standing.dueAt && !waiting.has("")
      ? [{ value: "", label: `完成时限（${standing.due}）` }]
      : []),
    ...(await openMilestones(db(), task.id))
      .filter((m) => now <= m.dueDate.getTime() && !waiting.has(m.id))
      .map((m) => ({ value: m.id, label: `节点「${m.title}」（${shanghaiDate(m.dueDate)}）` })),
  ];
  const open = task.status !== "COMPLETED" && task.status !== "CLOSED" && !archived;
  const late = lateReportIds(db(), task.id);
  // 领导批示, each with the lead's answers; the timeline shows the answers under the instruction.
  const instructions = (await instructionsOf(db(), [task.id])).map((i) => ({
    id: i.id,
    text: i.text,
    by: `${i.unitName} ${i.leaderName}`,
    at: shanghaiDateTime(new Date(i.createdAt)),
    answered: i.answered,
    answers: i.answers.map((a) => ({
      id: a.id,
      unitName: a.unitName,
      text: a.text,
      at: shanghaiDateTime(new Date(a.createdAt)),
      sentBack: a.sentBack,
    })),
  }));
  const answersOf = new Map(instructions.map((i) => [i.id, i.answers]));
  return json({
    instructions,
    toAcknowledge,
    milestones,
    extensions,
    pendingExtension,
    extensionTargets,
    escalation: await escalationView(db(), task.id),
    task: { ...task, due: task.dueDate ? shanghaiDate(new Date(task.dueDate)) : null },
    standing,
    /** Who supervises the task: its jurisdiction's supervising units. */
    supervisors: index.supervisorsOf(task.jurisdiction.id).map((u) => u.name),
    assignments,
    reports,
    // The timeline as it reads, worked out here: the page carries a line per event, not its JSON.
    timeline: timeline.map((e) => ({
      id: e.id,
      at: shanghaiDateTime(new Date(e.createdAt)),
      iso: new Date(e.createdAt).toISOString(),
      label: AUDIT_EVENT[e.type] ?? e.type,
      actor: e.actor,
      text: payloadText(e.type, e.payload),
      files: payloadFiles(e.type, e.payload),
      // 迟报: the report that filled its unit's slot after the deadline (slots.server lateReportIds).
      late: late.has(payloadReportId(e.type, e.payload) ?? ""),
      answers:
        e.type === "instruction.written" ? (answersOf.get(instructionOf(e.payload)) ?? []) : [],
    })),
    evidence: evidence.map((f) => ({
      ...f,
      at: shanghaiDateTime(new Date(f.createdAt)),
      size: fileSizeText(f.size),
      kind: EVIDENCE_KIND_LABEL[f.kind as EvidenceKind] ?? f.kind,
    })),
    // Units of the jurisdiction that carries the task out (for a national document, the adopter's).
    units: reviewer ? index.assignableUnits(task.jurisdiction.id) : [],
    // A national measure: the provincial tasks carrying it; a provincial one: what it carries out.
    carriers: carriersOf(db(), index, task.id, new Date(), rulesOf(db())),
    implementsTasks: implementedBy(index, task.id),
    can: {
      report: may(user.role, "report", to) && task.status !== "CLOSED" && !archived,
      review: reviewer,
      // Before the due date in force, one request at a time.
      requestExtension:
        may(user.role, "requestExtension", to) && open && extensionTargets.length > 0,
      decideExtension: may(user.role, "decideExtension", to) && !archived,
      planMilestones: may(user.role, "planMilestones", to) && open,
      completeMilestone: may(user.role, "completeMilestone", to) && open,
      // A closed-out task takes no reports, so nothing could answer an instruction on it.
      instruct: may(user.role, "instruct", to) && task.status !== "CLOSED" && !archived,
    },
    relation: to.relation,
    slots: archived ? null : slotsView(task.id),
  });
}

/** Each unit's report slots as the page shows them (dates as Shanghai days). */
function slotsView(taskId: string) {
  const s = taskSlots(db(), taskId, new Date());
  if (!s) return null;
  return {
    cycle: s.cycle,
    cycleText: s.cycleText,
    units: s.units.map((u) => ({
      unit: u.unit,
      role: u.role,
      counts: u.counts,
      slots: u.slots.map((x) => ({
        period: x.period,
        deadline: shanghaiDate(x.deadline),
        locksAt: x.locksAt ? shanghaiDate(x.locksAt) : null,
        filedAt: x.filedAt ? shanghaiDateTime(x.filedAt) : null,
        state: x.state,
        label: SLOT_STATE_LABEL[x.state],
        locked: x.locked,
        reopenedUntil: x.reopenedUntil ? shanghaiDate(x.reopenedUntil) : null,
      })),
    })),
  };
}

// Everything the page shows is the task's (its row, units, reports, timeline: one serial in the
// task index) or common to all pages (units, documents, names: in every key); the seat decides
// the relation and so what may be done.
export const pageCacheKey: PageCacheKey = ({ params, db }) => {
  const task = taskIndex(db).get(params.taskId ?? "");
  if (!task) return null;
  // The light and days overdue move with the clock, not only with the task.
  const s = standingNow(task.id)!;
  const own = `${task.serial}|${s.light}|${s.reason}|${s.daysOverdue}|${s.report}|${s.missedPeriod}`;
  // A national task lists the tasks carrying it (their lights and latest progress), a carrying
  // task the national ones: each version of those is part of the page.
  const index = taskIndex(db);
  const linked = [...index.carriersOfTask(task.id), ...index.implementedTasks(task.id)].map(
    (id) => {
      const t = index.get(id);
      const ls = t ? standingNow(id) : null;
      return t ? `${t.serial}:${ls!.light}:${ls!.daysOverdue}` : "-";
    },
  );
  // Slots turn late, missing and locked at the end of a day.
  const day = shanghaiDate(new Date());
  return linked.length ? `${own}|${day}|${linked.join(",")}` : `${own}|${day}`;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "acknowledge") {
    await authorizeTask(db(), request, user, params.taskId!, "acknowledge");
    await acknowledge(db(), { taskId: params.taskId!, unitId: user.unitId!, userId: user.id });
    return json({ intent, errors: {} as Record<string, string[]>, values: {}, done: true });
  }
  if (intent === "instruct") return instructAction(request, params.taskId!, form);
  if (isCycleIntent(intent)) return cycleAction(request, params.taskId!, intent, form);
  if (!isReviewIntent(intent))
    return json({ intent: null, errors: { form: ["未知操作"] }, values: {} }, { status: 400 });
  const action =
    intent === "removeAssignment"
      ? "assign"
      : intent === "liftOverride"
        ? "overrideLight"
        : intent === "setCycle"
          ? "setCycle"
          : intent === "close"
            ? "close"
            : intent === "reopen"
              ? "reopen"
              : intent === "urge"
                ? "urge"
                : intent;
  await authorizeTask(db(), request, user, params.taskId!, action);
  const values = formValues(form);
  const task = taskIndex(db()).get(params.taskId!)!;
  const schema: z.ZodType<Record<string, string>> = reviewSchemas[intent];
  const parsed = schema.safeParse(formInput(form));
  if (!parsed.success)
    return json(
      {
        intent,
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
      },
      { status: 400 },
    );
  const taskId = params.taskId!;
  const d = parsed.data;
  switch (intent) {
    case "assign":
      // Only a unit of today in the task's jurisdiction (a crafted id of another is refused).
      if (
        !taskIndex(db())
          .assignableUnits(task.jurisdictionId)
          .some((u) => u.id === d.unitId)
      )
        return json(
          { intent, errors: { unitId: ["只能分配本地区现有的单位"] }, values },
          { status: 400 },
        );
      await assignUnit(db(), taskId, d.unitId!, d.role as "LEAD" | "CO", user.id);
      break;
    case "removeAssignment":
      await removeAssignment(db(), taskId, d.assignmentId!, user.id);
      break;
    case "setDueDate":
      await setDueDate(db(), taskId, d.dueDate || null, user.id);
      break;
    case "close":
      await closeOut(db(), taskId, d.note!, user.id);
      break;
    case "reopen":
      await reopen(db(), taskId, d.note!, user.id);
      break;
    case "sendBack": {
      const result = d.reportId
        ? await sendBackReport(db(), {
            taskId,
            reportId: d.reportId,
            reason: d.reason!,
            actorId: user.id,
          })
        : await sendBackCompletion(db(), { taskId, reason: d.reason!, actorId: user.id });
      if (!result.ok)
        return json(
          { intent, errors: { reason: [SEND_BACK_REFUSED[result.reason]] }, values },
          { status: 409 },
        );
      await enqueueEmailSends(result.emailIds);
      break;
    }
    case "overrideLight": {
      const problem = expiryProblem(d.expiresOn!, new Date());
      if (problem)
        return json({ intent, errors: { expiresOn: [problem] }, values }, { status: 400 });
      await overrideLight(
        db(),
        taskId,
        { light: d.light as Light, reason: d.reason!, expiresOn: d.expiresOn! },
        user.id,
      );
      break;
    }
    case "liftOverride":
      await liftOverride(db(), taskId, d.reason!, user.id);
      break;
    case "reopenSlot": {
      const [slotUnit, slotPeriod] = d.slot!.split("|") as [string, string];
      if (
        !task.assignments.some(
          (a) => (taskIndex(db()).currentUnit(a.unitId)?.id ?? a.unitId) === slotUnit,
        )
      )
        return json(
          { intent, errors: { slot: ["不是本任务的责任单位"] }, values },
          { status: 400 },
        );
      await reopenSlot(
        db(),
        { taskId, unitId: slotUnit, period: slotPeriod, until: d.until!, reason: d.reason! },
        user.id,
      );
      break;
    }
    case "setCycle": {
      if (d.clear === "1") {
        await setCycle(db(), { taskId }, null, user.id);
        break;
      }
      const units = taskIndex(db()).assignableUnits(task.jurisdictionId);
      const parsed = parseCycleForm(d, (n) => units.find((u) => u.name === n)?.id ?? null);
      if (!parsed.ok) return json({ intent, errors: parsed.errors, values }, { status: 400 });
      await setCycle(db(), { taskId }, parsed.cycle, user.id);
      break;
    }
    case "urge": {
      const emailIds = await urge(db(), taskId, d.message!, user.id);
      // Sent within a minute: now if Redis answers, else by the worker's next sweep.
      await enqueueEmailSends(emailIds);
      break;
    }
  }
  return json({ intent, errors: {} as Record<string, string[]>, values: {}, done: true });
}

const EXTENSION_REFUSED = {
  no_due_date: "此任务未设定完成时限，无需申请延期。",
  past_due: "已过完成时限，不能再申请延期。",
  not_later: "申请延至的日期应晚于现完成时限。",
  pending: "已有待审核的延期申请。",
  decided: "该申请已审核。",
  no_milestone: "没有这个未完成的节点。",
} as const;

const CYCLE_ACTION: Record<CycleIntent, TaskAction> = {
  requestExtension: "requestExtension",
  decideExtension: "decideExtension",
  addMilestone: "planMilestones",
  editMilestone: "planMilestones",
  completeMilestone: "completeMilestone",
};

/** 延期申请 and its decision, milestones: each authorized as its action. */
async function cycleAction(request: Request, taskId: string, intent: CycleIntent, form: FormData) {
  const user = await requireUser(request);
  await authorizeTask(db(), request, user, taskId, CYCLE_ACTION[intent]);
  const values = formValues(form);
  const schema: z.ZodType<Record<string, string>> = cycleSchemas[intent];
  const parsed = schema.safeParse(formInput(form));
  if (!parsed.success)
    return json(
      {
        intent,
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
      },
      { status: 400 },
    );
  const d = parsed.data;
  if (intent === "addMilestone") {
    const unitIds = form.getAll("unitIds").filter((v): v is string => typeof v === "string");
    await addMilestone(db(), {
      taskId,
      title: d.title!,
      dueDate: d.dueDate!,
      unitIds,
      actorId: user.id,
    });
  } else if (intent === "editMilestone") {
    await editMilestone(db(), {
      taskId,
      milestoneId: d.milestoneId!,
      title: d.title!,
      dueDate: d.dueDate!,
      actorId: user.id,
    });
  } else if (intent === "completeMilestone") {
    await completeMilestone(db(), { taskId, milestoneId: d.milestoneId!, actorId: user.id });
  } else if (intent === "requestExtension") {
    const r = await requestExtension(db(), {
      taskId,
      requestedById: user.id,
      requestedDate: d.requestedDate!,
      reason: d.reason!,
      milestoneId: d.milestoneId || null,
    });
    if (!r.ok)
      return json(
        { intent, errors: { requestedDate: [EXTENSION_REFUSED[r.reason]] }, values },
        { status: 409 },
      );
  } else {
    const r = await decideExtension(db(), {
      taskId,
      requestId: d.requestId!,
      approve: d.decision === "APPROVE",
      note: d.note ?? "",
      decidedById: user.id,
    });
    if (!r.ok)
      return json(
        { intent, errors: { note: [EXTENSION_REFUSED[r.reason]] }, values },
        { status: 409 },
      );
    await enqueueEmailSends(r.emailIds);
  }
  return json({ intent, errors: {} as Record<string, string[]>, values: {}, done: true });
}

/** 领导批示: a leader of a unit supervising the task writes an instruction; the lead unit is told. */
async function instructAction(request: Request, taskId: string, form: FormData) {
  const user = await requireUser(request);
  await authorizeTask(db(), request, user, taskId, "instruct");
  const intent = "instruct" as const;
  const values = formValues(form);
  const parsed = instructionSchema.safeParse(formInput(form));
  if (!parsed.success)
    return json(
      {
        intent,
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
      },
      { status: 400 },
    );
  const r = await writeInstruction(db(), {
    taskId,
    leaderId: user.id,
    unitId: user.unitId!,
    text: parsed.data.text,
  });
  if (!r.ok)
    return json(
      { intent, errors: { text: ["此任务已销号或归档，不能再作批示。"] }, values },
      { status: 409 },
    );
  await enqueueEmailSends(r.emailIds);
  return json({ intent, errors: {} as Record<string, string[]>, values: {}, done: true });
}

/** The instruction an instruction.written event records. */
function instructionOf(payload: string): string {
  try {
    return String((JSON.parse(payload) as { instructionId?: unknown }).instructionId ?? "");
  } catch {
    return "";
  }
}

const SEND_BACK_REFUSED = {
  not_completed: "该任务当前不是“已完成”状态，无需审核办结。",
  no_report: "没有找到这份报送。",
  already: "这份报送已退回过。",
} as const;

/** The report a report event is about. */
function payloadReportId(type: string, payload: string): string | null {
  if (!type.startsWith("report.")) return null;
  try {
    const id = (JSON.parse(payload) as { reportId?: unknown }).reportId;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/** The files a report came with (its event's payload names them), for the timeline's links. */
function payloadFiles(type: string, payload: string): Array<{ id: string; name: string }> {
  if (!type.startsWith("report.")) return [];
  try {
    const p = JSON.parse(payload) as { files?: Array<{ id: string; name: string }> };
    return (p.files ?? []).map((f) => ({ id: String(f.id), name: String(f.name) }));
  } catch {
    return [];
  }
}

function payloadText(type: string, payload: string): string {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    if (type === "task.closed" || type === "task.reopened") return String(p.note ?? "");
    if (type === "assignment.acknowledged")
      return `${String(p.unit ?? "")}（${ROLE[String(p.role)] ?? ""}）${Number(p.workingDaysLate) > 0 ? `，领办逾期 ${Number(p.workingDaysLate)} 个工作日` : ""}`;
    const of = p.milestone ? `节点「${String(p.milestone)}」` : "";
    if (type === "extension.requested")
      return `${of}由 ${String(p.originalDate)} 延至 ${String(p.requestedDate)}；理由：${String(p.reason ?? "")}`;
    if (type === "extension.approved" || type === "extension.refused")
      return `${of}${String(p.originalDate)} → ${String(p.requestedDate)}${p.grantedAfterDeadline ? "（批准时原时限已过，按时与否仍按原时限计）" : ""}${p.note ? `；意见：${String(p.note)}` : ""}`;
    if (type === "milestone.added" || type === "milestone.completed")
      return `${String(p.title ?? "")}（时限 ${String(p.dueDate ?? "")}）${p.late ? "，逾期完成" : ""}`;
    if (type === "milestone.edited")
      return `${String(p.previousTitle)}（${String(p.previousDueDate)}）改为 ${String(p.title)}（${String(p.dueDate)}）`;
    if (type === "instruction.written") return `${String(p.unit ?? "")}：${String(p.text ?? "")}`;
    if (type === "task.sent_back") return `退回原因：${String(p.reason ?? "")}`;
    if (type === "report.sent_back")
      return `${String(p.unit ?? "")} ${String(p.period ?? "")}期 · 退回原因：${String(p.reason ?? "")}`;
    if (type === "task.urged")
      return `${String(p.message ?? "")}${typeof p.recipients === "number" ? `（已发邮件 ${p.recipients} 封）` : ""}`;
    if (type === "assignment.set") return `${p.unit}：${ROLE[String(p.role)] ?? p.role}`;
    if (type === "assignment.removed" || type === "assignment.removed_by_document")
      return String(p.unit ?? "");
    if (type === "task.due_date_set") {
      // Entries written before the old date was recorded have no `previous`.
      const from = "previous" in p ? `由 ${p.previous ?? "未设定"} ` : "";
      return p.dueDate
        ? `完成时限${from}改为 ${p.dueDate}`
        : `取消完成时限${from ? `（原为 ${p.previous}）` : ""}`;
    }
    if (type === "task.updated_from_document" && p.from)
      return `序号由 ${String(p.from)} 改为 ${String(p.to)}`;
    if (type === "task.archived" || type === "task.restored" || type === "task.imported")
      return String(p.document ?? "");
    if (type === "task.linked" || type === "task.unlinked") {
      const c = p.carrier as { document: string; ref: string; heading: string };
      const n = p.implements as { document: string; ref: string; heading: string };
      return `${c.document} ${c.ref}「${c.heading}」落实 ${n.document} ${n.ref}「${n.heading}」`;
    }
    if (type === "assignment.merged") return `${p.from} 并入 ${p.into}`;
    if (type === "light.overridden")
      return `${LIGHT_LABEL[p.light as Light] ?? p.light}，有效期至 ${p.expiresOn}：${p.reason}`;
    if (type === "light.override_lifted") return String(p.reason ?? "");
    if (type === "slot.reopened") return `${p.period} 开放至 ${p.until}：${p.reason}`;
    if (type === "escalation.talk") return `约谈日期 ${p.date}：${p.notes}`;
    if (type === "escalation.listed" || type === "escalation.lifted") return String(p.reason ?? "");
    if (type.startsWith("report."))
      return `${p.period} · ${TASK_STATUS[String(p.status)] ?? p.status} ${p.percent}%${Array.isArray(p.instructions) ? " · 回复领导批示" : ""}`;
  } catch {
    // not JSON: show nothing
  }
  return "";
}

export default function TaskPage() {
  const {
    toAcknowledge,
    milestones,
    extensions,
    pendingExtension,
    extensionTargets,
    task,
    standing,
    supervisors,
    assignments,
    reports,
    timeline,
    units,
    can,
    carriers,
    implementsTasks,
    slots,
    evidence,
    escalation,
    instructions,
  } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errorsFor = (intent: string) =>
    data && data.intent === intent ? (data.errors as Record<string, string[]>) : {};
  const valueFor = (intent: string, name: string) =>
    data && data.intent === intent ? (data.values as Record<string, string>)[name] : undefined;
  const invalid = (intent: string, name: string) =>
    errorsFor(intent)[name]?.length ? true : undefined;
  // Each saved action starts the panel's forms afresh (the unit just assigned is not kept
  // selected, the close-out note does not become the reason to reopen): their key changes.
  const [answered, setAnswered] = useState(data);
  const [saved, setSaved] = useState(0);
  if (data !== answered) {
    setAnswered(data);
    if (data && "done" in data && data.done) setSaved(saved + 1);
  }
  const active = assignments.filter((a) => !a.removed);
  const removed = assignments.filter((a) => a.removed);
  return (
    <article>
      <p className="muted">
        <Link to={`/?document=${task.document.slug}`}>{task.document.title}</Link>
        {task.sectionPath ? ` · ${task.sectionPath}` : ""}
      </p>
      <h1>
        {task.ref} {task.heading}
        {escalation.listed ? (
          <>
            {" "}
            <ListedBadge />
          </>
        ) : null}
      </h1>
      {task.archivedAt ? (
        <p className="notice archived" role="status">
          已归档：文件新版本（{shanghaiDate(new Date(task.archivedAt))}导入）中已无此项措施。
          此页保留原文、报送和办理记录备查，不再列入台账、督办总览、提醒和统计。
        </p>
      ) : null}
      {params.get("reported") ? <p className="notice">报送已提交。</p> : null}
      {data && "done" in data && data.done ? <p className="notice">已保存。</p> : null}
      <dl className="facts">
        <dt>状态</dt>
        <dd>{TASK_STATUS[task.status] ?? task.status}</dd>
        {standing ? (
          <>
            <dt>督办灯</dt>
            <dd className="standing">
              <LightBadge light={standing.light} /> {standing.reason}
              {standing.daysOverdue > 0 ? (
                <span className="overdue"> 逾期{standing.daysOverdue}天</span>
              ) : null}
              {standing.missedPeriod ? (
                <span className="muted">（{standing.missedPeriod}期进展未报送）</span>
              ) : null}
              {standing.milestone ? (
                <span className="muted">
                  （最近节点：{standing.milestone.title}，{standing.milestone.due}）
                </span>
              ) : null}
            </dd>
            <dt>亮灯依据</dt>
            <dd>
              <StandingWhy standing={standing} />
            </dd>
            <dt>本期报送</dt>
            <dd>
              {standing.report}
              <span className="muted">（{standing.period}）</span>
            </dd>
          </>
        ) : null}
        <dt>完成时限</dt>
        <dd>
          {standing?.due && standing.due !== task.due ? (
            <>
              <strong>{standing.due}</strong>
              <span className="muted">（经批准延期；原定 {task.due}）</span>{" "}
            </>
          ) : (
            (task.due ?? "未设定")
          )}
          {task.dueDateSource ? (
            <span className="muted">
              {" "}
              （依据：{DUE_SOURCE[task.dueDateSource]}
              {task.dueDateText ? `“${task.dueDateText}”` : ""}）
            </span>
          ) : null}
          {task.recurrence ? (
            <span className="muted">；每年 {task.recurrence.slice(2).replace("-", "月")}日前</span>
          ) : null}
        </dd>
        {task.leader ? (
          <>
            <dt>责任领导</dt>
            <dd>{task.leader}</dd>
          </>
        ) : null}
        <dt>来源</dt>
        <dd>
          {task.source.kind === "MEETING" ? (
            <Link to={`/meetings#m-${task.source.meetingId}`}>
              {TASK_SOURCE.MEETING}：{MEETING_KINDS[task.source.meetingKind as MeetingKind]}{" "}
              {task.source.heldOn}（{task.source.minutesNumber}）
            </Link>
          ) : (
            TASK_SOURCE.DOCUMENT
          )}
        </dd>
        <dt>文件</dt>
        <dd>
          {task.document.title}
          {task.document.number ? `（${task.document.number}）` : ""} · {task.document.jurisdiction}{" "}
          · {DOCUMENT_STATUS[task.document.status]}
        </dd>
        {implementsTasks.length > 0 ? (
          <>
            <dt>落实上级措施</dt>
            <dd>
              {implementsTasks.map((t) => (
                <div key={t.id}>
                  <Link to={`/tasks/${t.id}`}>
                    {t.ref} {t.heading}
                  </Link>
                  <span className="muted">（{t.document}）</span>
                </div>
              ))}
            </dd>
          </>
        ) : null}
        <dt>落实地区</dt>
        <dd>
          {task.jurisdiction.name}
          {task.jurisdiction.id !== task.document.jurisdictionId ? "（贯彻落实上级文件）" : ""}
          {supervisors.length > 0 ? ` · 督办单位：${supervisors.join("、")}` : ""}
        </dd>
      </dl>
      {toAcknowledge.length > 0 ? (
        <section className="panel acknowledge" aria-label="签收">
          <h3>待签收</h3>
          <p>
            此任务已交办贵单位（{toAcknowledge.map((a) => ROLE[a.role]).join("、")}），请于{" "}
            {toAcknowledge[0]!.due} 前签收。
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="acknowledge" />
            <button type="submit">签收</button>
          </Form>
        </section>
      ) : null}
      <InstructionsPanel
        items={instructions}
        canInstruct={can.instruct}
        saved={saved}
        errors={errorsFor("instruct")}
        value={valueFor("instruct", "text")}
      />
      {pendingExtension && can.decideExtension ? (
        <section className="panel extension-decision" aria-label="延期申请审核">
          <h3>延期申请待审核</h3>
          <p>
            {pendingExtension.requestedBy} 申请将{pendingExtension.target}由{" "}
            {pendingExtension.originalDate} 延至 <strong>{pendingExtension.requestedDate}</strong>
            。理由：{pendingExtension.reason}
          </p>
          <Form method="post" className="inline-form" key={`decide-${saved}`}>
            <input type="hidden" name="intent" value="decideExtension" />
            <input type="hidden" name="requestId" value={pendingExtension.id} />
            <input
              name="note"
              size={40}
              placeholder="审核意见"
              defaultValue={valueFor("decideExtension", "note") ?? ""}
              aria-label="审核意见"
            />
            <button type="submit" name="decision" value="APPROVE">
              批准延期
            </button>
            <button type="submit" name="decision" value="REFUSE" className="button secondary">
              不予批准
            </button>
            <FormError errors={errorsFor("decideExtension").note} />
          </Form>
        </section>
      ) : pendingExtension ? (
        <p className="notice" role="status">
          延期申请待审核：申请{pendingExtension.milestoneId ? pendingExtension.target : ""}延至{" "}
          {pendingExtension.requestedDate}（原定 {pendingExtension.originalDate}）。
        </p>
      ) : null}
      {can.requestExtension ? (
        <details
          className="panel extension-request"
          open={valueFor("requestExtension", "reason") !== undefined}
        >
          <summary>申请延期</summary>
          <Form method="post" key={`extension-${saved}`}>
            <input type="hidden" name="intent" value="requestExtension" />
            <label>
              延期对象{" "}
              <select
                name="milestoneId"
                defaultValue={valueFor("requestExtension", "milestoneId") ?? ""}
              >
                {extensionTargets.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              申请延至{" "}
              <input
                type="date"
                name="requestedDate"
                defaultValue={valueFor("requestExtension", "requestedDate") ?? ""}
                aria-invalid={invalid("requestExtension", "requestedDate")}
              />
            </label>
            <FormError errors={errorsFor("requestExtension").requestedDate} />
            <label>
              延期理由
              <textarea
                name="reason"
                defaultValue={valueFor("requestExtension", "reason") ?? ""}
                aria-invalid={invalid("requestExtension", "reason")}
              />
            </label>
            <FormError errors={errorsFor("requestExtension").reason} />
            <button type="submit">提交延期申请</button>
          </Form>
        </details>
      ) : null}
      {can.report ? (
        <p>
          <Link to={`/tasks/${task.id}/report`} className="button">
            报送进展
          </Link>
        </p>
      ) : null}

      <h2>责任单位</h2>
      {active.length === 0 ? (
        <p>
          <span className="tag unassigned">待分配</span> 原文未列明责任单位，待督办单位（
          {supervisors.join("、") || "未设定"}）分配。
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>角色</th>
              <th>原文名称</th>
              <th>现单位</th>
              <th>签收</th>
              {can.review ? <th>操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {active.map((a) => (
              <tr key={a.id}>
                <td className="c-top">
                  <span className={`role ${a.role}`}>{ROLE[a.role]}</span>
                  {a.role === "LEAD" &&
                  a.position === 0 &&
                  active.filter((x) => x.role === "LEAD").length > 1 ? (
                    <span className="muted"> 主牵头</span>
                  ) : null}
                </td>
                <td className="c-strong">
                  {a.nameAsWritten}
                  {!a.recognized ? <span className="flag"> ⚠ 不在单位名录中</span> : null}
                  {a.source === "MANUAL" ? <span className="muted">（督办部门指定）</span> : null}
                </td>
                <td data-label="现单位">
                  {a.currentUnit ? a.currentUnit.name : <span className="muted">同左</span>}
                </td>
                <td data-label="签收">
                  {a.acknowledgedAt === null ? (
                    <span className="light AMBER">待签收</span>
                  ) : a.acknowledgedBaseline ? (
                    <span className="muted">已签收</span>
                  ) : (
                    `已签收 ${shanghaiDate(new Date(a.acknowledgedAt))}`
                  )}
                </td>
                {can.review ? (
                  <td className="c-end">
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeAssignment" />
                      <input type="hidden" name="assignmentId" value={a.id} />
                      <button type="submit" className="button secondary">
                        移除
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removed.length > 0 ? (
        <p className="muted">
          已移除：{removed.map((a) => `${a.nameAsWritten}（${ROLE[a.role]}）`).join("、")}
        </p>
      ) : null}

      {can.review && task.status === "COMPLETED" ? (
        <section className="panel review-completion" aria-label="办结审核">
          <h3>办结审核</h3>
          <p>牵头单位已报送“已完成”，申请办结。审核通过请销号；未达到要求请退回重办并说明原因。</p>
          <Form method="post" className="inline-form" key={`close-${saved}`}>
            <input type="hidden" name="intent" value="close" />
            <input
              name="note"
              size={40}
              placeholder="销号说明（如：经审核已办结）"
              defaultValue={valueFor("close", "note") ?? ""}
              aria-label="销号说明"
              aria-invalid={invalid("close", "note")}
            />
            <button type="submit">审核通过，销号</button>
            <FormError errors={errorsFor("close").note} />
          </Form>
          <Form method="post" className="inline-form" key={`sendback-${saved}`}>
            <input type="hidden" name="intent" value="sendBack" />
            <input
              name="reason"
              size={40}
              placeholder="退回原因（将通知牵头单位）"
              defaultValue={valueFor("sendBack", "reason") ?? ""}
              aria-label="退回原因"
              aria-invalid={invalid("sendBack", "reason")}
            />
            <button type="submit" className="button secondary">
              退回重办
            </button>
            {valueFor("sendBack", "reportId") ? null : (
              <FormError errors={errorsFor("sendBack").reason} />
            )}
          </Form>
        </section>
      ) : null}

      {can.review ? (
        <section className="panel" aria-label="督办操作">
          <h3>督办操作</h3>
          <Form method="post" className="inline-form" key={`assign-${saved}`}>
            <input type="hidden" name="intent" value="assign" />
            <select
              name="unitId"
              defaultValue={valueFor("assign", "unitId") ?? ""}
              aria-label="单位"
              aria-invalid={invalid("assign", "unitId")}
            >
              <option value="">选择单位…</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <select
              name="role"
              defaultValue={valueFor("assign", "role") ?? "LEAD"}
              aria-label="角色"
              aria-invalid={invalid("assign", "role")}
            >
              <option value="LEAD">牵头</option>
              <option value="CO">配合</option>
            </select>
            <button type="submit">分配</button>
            <FormError errors={errorsFor("assign").unitId ?? errorsFor("assign").role} />
          </Form>
          <Form method="post" className="inline-form" key={`due-${saved}`}>
            <input type="hidden" name="intent" value="setDueDate" />
            <label>
              完成时限{" "}
              <input
                type="date"
                name="dueDate"
                defaultValue={valueFor("setDueDate", "dueDate") ?? task.due ?? ""}
                aria-invalid={invalid("setDueDate", "dueDate")}
              />
            </label>
            <button type="submit">设定</button>
            <FormError errors={errorsFor("setDueDate").dueDate} />
          </Form>
          <Form method="post" className="inline-form" key={`urge-${saved}`}>
            <input type="hidden" name="intent" value="urge" />
            <input
              name="message"
              size={40}
              placeholder="催办内容"
              defaultValue={valueFor("urge", "message") ?? ""}
              aria-label="催办内容"
              aria-invalid={invalid("urge", "message")}
            />
            <button type="submit">催办</button>
            <FormError errors={errorsFor("urge").message} />
          </Form>
          {task.status === "CLOSED" ? (
            <Form method="post" className="inline-form" key={`reopen-${saved}`}>
              <input type="hidden" name="intent" value="reopen" />
              <input
                name="note"
                size={40}
                placeholder="重新打开的原因"
                defaultValue={valueFor("reopen", "note") ?? ""}
                aria-label="重新打开的原因"
                aria-invalid={invalid("reopen", "note")}
              />
              <button type="submit">重新打开</button>
              <FormError errors={errorsFor("reopen").note} />
            </Form>
          ) : task.status === "COMPLETED" ? null : (
            <Form method="post" className="inline-form" key={`close-${saved}`}>
              <input type="hidden" name="intent" value="close" />
              <input
                name="note"
                size={40}
                placeholder="销号说明（如：经审核已办结）"
                defaultValue={valueFor("close", "note") ?? ""}
                aria-label="销号说明"
                aria-invalid={invalid("close", "note")}
              />
              <button type="submit">销号</button>
              <FormError errors={errorsFor("close").note} />
            </Form>
          )}
          {standing && task.status !== "CLOSED" && task.status !== "COMPLETED" ? (
            <OverrideForms
              overridden={standing.override !== null}
              saved={saved}
              errorsFor={errorsFor}
              valueFor={valueFor}
            />
          ) : null}
        </section>
      ) : null}

      {carriers.length > 0 || task.jurisdiction.id !== task.document.jurisdictionId ? (
        <>
          <h2>本地承接任务（{carriers.length}）</h2>
          {carriers.length === 0 ? (
            <p className="muted">
              尚未关联{task.jurisdiction.name}承接此项的任务（在本地文件的“上级措施关联”页确认）。
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>督办灯</th>
                  <th>文件</th>
                  <th>编号</th>
                  <th>任务</th>
                  <th>牵头单位</th>
                  <th>状态</th>
                  <th>最新进展</th>
                </tr>
              </thead>
              <tbody>
                {carriers.map((c) => (
                  <tr key={c.id}>
                    <td className="c-top">
                      <LightBadge light={c.light} />
                      {c.daysOverdue > 0 ? (
                        <span className="overdue"> 逾期{c.daysOverdue}天</span>
                      ) : null}
                    </td>
                    <td className="muted c-sub">{c.document}</td>
                    <td className="ref c-top">{c.ref}</td>
                    <td className="c-title">
                      <Link to={`/tasks/${c.id}`}>{c.heading || c.ref}</Link>
                    </td>
                    <td data-label="牵头单位">{c.lead ?? <span className="muted">待分配</span>}</td>
                    <td data-label="状态">{TASK_STATUS[c.status] ?? c.status}</td>
                    <td data-label="最新进展" className="c-full">
                      {c.progress ? (
                        <>
                          <span className="muted">
                            {c.progress.period} · {c.progress.percent}%
                          </span>{" "}
                          {c.progress.progress}
                        </>
                      ) : (
                        <span className="muted">尚无报送</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}

      {slots ? (
        <>
          <h2>报送期</h2>
          <p className="muted">{slots.cycleText}</p>
          <SlotTable units={slots.units} />
          {can.review ? (
            <section className="panel" aria-label="报送周期与补报">
              <ReopenSlotForm
                units={slots.units}
                saved={saved}
                errors={errorsFor("reopenSlot")}
                valueFor={(n) => valueFor("reopenSlot", n)}
              />
              <Form method="post" noValidate key={`cycle-${saved}`}>
                <h3>本任务的报送周期</h3>
                <input type="hidden" name="intent" value="setCycle" />
                <CycleFields
                  prefix="task"
                  cycle={slots.cycle}
                  values={
                    data?.intent === "setCycle"
                      ? (data.values as Record<string, string>)
                      : undefined
                  }
                  errors={errorsFor("setCycle")}
                  unitName={(id) => slots.units.find((u) => u.unit.id === id)?.unit.name ?? id}
                />
                <button type="submit">设定报送周期</button>{" "}
                <button type="submit" name="clear" value="1" className="button secondary">
                  按文件或默认周期
                </button>
              </Form>
            </section>
          ) : null}
        </>
      ) : null}

      <h2>节点（{milestones.length}）</h2>
      {milestones.length === 0 ? (
        <p className="muted">未分解节点。</p>
      ) : (
        <table className="milestones">
          <thead>
            <tr>
              <th>节点</th>
              <th>时限</th>
              <th>责任单位</th>
              <th>状态</th>
              {can.planMilestones || can.completeMilestone ? <th>操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {milestones.map((m) => (
              <tr key={m.id}>
                <td className="c-title">{m.title}</td>
                <td className="date" data-label="时限">
                  {m.due}
                  {m.originalDue ? (
                    <span className="muted">（经批准延期；原定 {m.originalDue}）</span>
                  ) : null}
                </td>
                <td data-label="责任单位">{m.units.join("、") || "牵头单位"}</td>
                <td data-label="状态">
                  {m.completedAt ? `已完成 ${shanghaiDate(new Date(m.completedAt))}` : "推进中"}
                  {m.reports > 0 ? <span className="muted">（报送 {m.reports} 次）</span> : null}
                </td>
                {can.planMilestones || can.completeMilestone ? (
                  <td className="c-actions">
                    {can.completeMilestone && !m.completedAt ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="completeMilestone" />
                        <input type="hidden" name="milestoneId" value={m.id} />
                        <button type="submit" className="button secondary">
                          完成节点
                        </button>
                      </Form>
                    ) : null}
                    {can.planMilestones && !m.completedAt ? (
                      <details className="edit-milestone">
                        <summary>修改</summary>
                        <Form method="post" className="inline-form" key={`edit-${m.id}-${saved}`}>
                          <input type="hidden" name="intent" value="editMilestone" />
                          <input type="hidden" name="milestoneId" value={m.id} />
                          <input name="title" defaultValue={m.title} aria-label="节点名称" />
                          <input
                            type="date"
                            name="dueDate"
                            defaultValue={m.due}
                            aria-label="节点时限"
                          />
                          <button type="submit">保存</button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can.planMilestones ? (
        <details
          className="panel add-milestone"
          open={valueFor("addMilestone", "title") !== undefined}
        >
          <summary>分解节点</summary>
          <Form method="post" key={`milestone-${saved}`}>
            <input type="hidden" name="intent" value="addMilestone" />
            <label>
              节点名称
              <input
                name="title"
                defaultValue={valueFor("addMilestone", "title") ?? ""}
                aria-invalid={invalid("addMilestone", "title")}
              />
            </label>
            <FormError errors={errorsFor("addMilestone").title} />
            <label>
              节点时限{" "}
              <input
                type="date"
                name="dueDate"
                defaultValue={valueFor("addMilestone", "dueDate") ?? ""}
                aria-invalid={invalid("addMilestone", "dueDate")}
              />
            </label>
            <FormError errors={errorsFor("addMilestone").dueDate} />
            <fieldset>
              <legend>责任单位（可选）</legend>
              {active.map((a) => (
                <label key={a.id} className="check">
                  <input type="checkbox" name="unitIds" value={a.unitId} /> {a.nameAsWritten}
                </label>
              ))}
            </fieldset>
            <button type="submit">添加节点</button>
          </Form>
        </details>
      ) : null}

      <h2>各单位最新报送</h2>
      {reports.length === 0 ? (
        <p className="muted">尚无报送。</p>
      ) : (
        reports.map((r) => (
          <ReportCard key={r.id} report={r}>
            {can.review && !r.sentBack && task.status !== "CLOSED" ? (
              <details className="send-back" open={valueFor("sendBack", "reportId") === r.id}>
                <summary>退回重办</summary>
                <Form method="post" className="inline-form" key={`sendback-${r.id}-${saved}`}>
                  <input type="hidden" name="intent" value="sendBack" />
                  <input type="hidden" name="reportId" value={r.id} />
                  <input
                    name="reason"
                    size={40}
                    placeholder="退回原因（如：进展内容空泛，未说明具体举措）"
                    aria-label="报送退回原因"
                    defaultValue={
                      valueFor("sendBack", "reportId") === r.id
                        ? valueFor("sendBack", "reason")
                        : undefined
                    }
                  />
                  <button type="submit" className="button secondary">
                    退回此报送
                  </button>
                  {valueFor("sendBack", "reportId") === r.id ? (
                    <FormError errors={errorsFor("sendBack").reason} />
                  ) : null}
                </Form>
              </details>
            ) : null}
          </ReportCard>
        ))
      )}

      {extensions.length > 0 ? (
        <>
          <h2>延期申请（{extensions.length}）</h2>
          <ul className="extensions">
            {extensions.map((e) => (
              <li key={e.id}>
                {e.target}：{e.originalDate} → {e.requestedDate} ·{" "}
                <strong>{EXTENSION_STATUS[e.status] ?? e.status}</strong>
                {e.grantedAfterDeadline ? "（批准时原时限已过，按原时限计）" : ""} · 理由：
                {e.reason}
                {e.note ? ` · 审核意见：${e.note}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 id="escalation">督办升级</h2>
      <EscalationList taskId={task.id} items={escalation.items} />
      {can.review ? (
        <p>
          <Link to={`/tasks/${task.id}/escalation`}>登记约谈、挂牌督办或解除挂牌</Link>
        </p>
      ) : null}

      <h2>佐证材料（{evidence.length}）</h2>
      {evidence.length === 0 ? (
        <p className="muted">尚无佐证材料（随进展报送上传）。</p>
      ) : (
        <ul className="evidence">
          {evidence.map((f) => (
            <li key={f.id}>
              <a href={`/tasks/${task.id}/evidence/${f.id}`} download>
                {f.fileName}
              </a>
              <span className="muted">
                {" "}
                {f.kind} · {f.size} · {f.unitName} {f.period}期 · {f.at}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>措施原文</h2>
      <div className="fulltext">{task.text}</div>

      <h2>办理记录</h2>
      <ul className="timeline">
        {timeline.map((e) => (
          <li key={e.id}>
            <time dateTime={e.iso}>{e.at}</time>
            {e.label}
            {e.late ? <span className="tag slot-LATE">{SLOT_STATE_LABEL.LATE}</span> : null}
            {e.actor ? <span className="muted">{` · ${e.actor}`}</span> : null}
            {e.text ? <span>{` — ${e.text}`}</span> : null}
            {e.files.length ? (
              <span>
                {" · 附件："}
                {e.files.map((f, i) => (
                  <span key={f.id}>
                    {i ? "、" : ""}
                    <a href={`/tasks/${task.id}/evidence/${f.id}`} download>
                      {f.name}
                    </a>
                  </span>
                ))}
              </span>
            ) : null}
            <AnswerLines answers={e.answers} />
          </li>
        ))}
      </ul>
    </article>
  );
}

// The escalation ladder's records: its steps (admins edit them), the steps taken on tasks (each
// with an audit event on the task's timeline and its emails in the outbox, in one transaction),
// 督办函 letters written to the data folder, and 挂牌督办 until a reviewer lifts it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { appUrl, dataDir } from "../config.server";
import { writeTransaction, type TxClient } from "../db/db.server";
import { addToOutbox } from "../email/outbox.server";
import { html, layout } from "../email/html";
import { addWorkingDays } from "../calendar/working-days";
import { supervisionLetterBytes, type LetterFacts } from "../letters/supervision-letter";
import { formatChineseDate, shanghaiDate, shanghaiDateTime } from "../utils/time";
import {
  DEFAULT_LADDER,
  ESCALATION_KIND_LABEL,
  isListed,
  parseRecipients,
  stepKey,
  TRIGGER_LABEL,
  triggerValue,
  type EscalationFacts,
  type EscalationKind,
  type LadderStep,
  type Recipient,
} from "./escalation";
import type { IndexedTask, TaskIndex } from "./task-index.server";

const LADDER_SEEDED = "escalation.ladderSeeded";

/**
 * A new installation's ladder (DEFAULT_LADDER), written once: a Setting records it, so that an
 * admin who removes every step is not given them back.
 */
export async function ensureLadder(db: PrismaClient): Promise<void> {
  if (await db.setting.findUnique({ where: { key: LADDER_SEEDED } })) return;
  await writeTransaction(db, async (tx) => {
    if (await tx.setting.findUnique({ where: { key: LADDER_SEEDED } })) return;
    if ((await tx.escalationStep.count()) === 0)
      for (const s of DEFAULT_LADDER)
        await tx.escalationStep.create({ data: { ...s, recipients: s.recipients.join(",") } });
    await tx.setting.create({ data: { key: LADDER_SEEDED, value: new Date().toISOString() } });
  });
}

/** The ladder in force, in order. */
export async function ladderSteps(db: PrismaClient): Promise<LadderStep[]> {
  const rows = await db.escalationStep.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    kind: r.kind as EscalationKind,
    trigger: r.trigger as LadderStep["trigger"],
    threshold: r.threshold,
    recipients: parseRecipients(r.recipients),
    active: r.active,
  }));
}

export type StepInput = Omit<LadderStep, "id">;

/** An admin's edit of a step (or a new one, without id), audited. */
export async function saveStep(
  db: PrismaClient,
  input: StepInput & { id?: string },
  actorId: string,
) {
  const data = { ...input, recipients: input.recipients.join(",") };
  return writeTransaction(db, async (tx) => {
    const step = input.id
      ? await tx.escalationStep.update({ where: { id: input.id }, data })
      : await tx.escalationStep.create({ data });
    await tx.auditEvent.create({
      data: {
        actorId,
        type: input.id ? "escalation.step_updated" : "escalation.step_added",
        payload: JSON.stringify({ stepId: step.id, ...data }),
      },
    });
    return step;
  });
}

/** Extension requests (延期申请) refused, per task: the ladder's "refused extensions" trigger. */
export async function refusedExtensionCounts(db: PrismaClient): Promise<Map<string, number>> {
  const rows = await db.extensionRequest.groupBy({
    by: ["taskId"],
    where: { status: "REFUSED" },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.taskId, r._count._all]));
}

type Person = { id: string; email: string; name: string };

/** Who a step goes to: the lead units' liaisons and leaders, the supervising units' reviewers. */
export async function recipientsOf(
  db: PrismaClient | TxClient,
  index: TaskIndex,
  task: IndexedTask,
  who: Recipient[],
): Promise<Person[]> {
  const leads = index.unitsOf(task).leads;
  const supervisors = index.supervisorsOf(task.jurisdictionId).map((u) => u.id);
  const or = [
    ...(who.includes("LIAISONS") ? [{ role: "LIAISON", unitId: { in: leads } }] : []),
    // 分管领导: users of the LEADER role (app/models/permissions.ts).
    ...(who.includes("LEADER") ? [{ role: "LEADER", unitId: { in: leads } }] : []),
    ...(who.includes("REVIEWERS") ? [{ role: "REVIEWER", unitId: { in: supervisors } }] : []),
  ];
  if (or.length === 0) return [];
  return db.user.findMany({
    where: { active: true, OR: or },
    select: { id: true, email: true, name: true },
    orderBy: { email: "asc" },
  });
}

export const lettersDir = () => path.join(dataDir(), "letters");
export const letterPath = (escalationId: string) =>
  path.join(lettersDir(), `${escalationId.replace(/[^A-Za-z0-9_-]/g, "")}.docx`);

/** What is overdue, as the letter and the emails say it. */
export function overdueClauses(facts: EscalationFacts): string[] {
  const out: string[] = [];
  if (facts.daysOverdue > 0) out.push(`已超过完成时限${facts.daysOverdue}天`);
  if (facts.missedReports > 0) out.push(`已连续${facts.missedReports}期未报送进展`);
  if (facts.refusedExtensions > 0) out.push(`延期申请已被驳回${facts.refusedExtensions}次`);
  return out.length ? out : ["未按要求推进"];
}

async function letterFacts(
  db: PrismaClient,
  index: TaskIndex,
  task: IndexedTask,
  facts: EscalationFacts,
  now: Date,
): Promise<LetterFacts> {
  const doc = await db.document.findUniqueOrThrow({
    where: { id: task.documentId },
    select: { title: true, number: true },
  });
  const leads = index.unitsOf(task).leads.map((id) => index.currentUnit(id)?.name ?? id);
  const issuer = index.supervisorsOf(task.jurisdictionId).map((u) => u.name);
  // The reply is due ten working days on (app/calendar: holidays and 调休 counted).
  const reply = addWorkingDays(shanghaiDate(now), 10);
  return {
    issuer: issuer.join("、") || "督办单位",
    addressee: leads.join("、") || "牵头单位",
    document: doc,
    task: {
      ref: task.ref,
      heading: task.heading,
      due: task.dueDate ? formatChineseDate(task.dueDate) : null,
    },
    overdue: overdueClauses(facts),
    replyBy: formatChineseDate(new Date(`${reply}T12:00:00+08:00`)),
    issuedOn: formatChineseDate(now),
  };
}

export type StepTaken = { escalationId: string; emailIds: string[] };

/**
 * Takes a ladder step for a task, once: the once-key's unique index and the check inside the
 * write transaction make a second run, a retried job or a restarted worker find it taken and do
 * nothing. The record, its audit event and its emails are one transaction; a 督办函 is written to
 * the data folder first (named by the escalation's id, so a rerun overwrites the same file).
 */
export async function takeStep(
  db: PrismaClient,
  index: TaskIndex,
  args: { task: IndexedTask; step: LadderStep; facts: EscalationFacts; now: Date },
): Promise<StepTaken | null> {
  const { task, step, facts, now } = args;
  const onceKey = stepKey(step.id, task.id);
  if (await db.escalation.findUnique({ where: { onceKey }, select: { id: true } })) return null;
  const people = await recipientsOf(db, index, task, step.recipients);
  const letter = step.kind === "LETTER" ? await letterFacts(db, index, task, facts, now) : null;
  // The id follows from the once-key, so that the letter's file is written before the transaction
  // and a rerun after a crash writes the same file.
  const id = `esc_${createHash("sha256").update(onceKey).digest("hex").slice(0, 24)}`;
  if (letter) {
    mkdirSync(lettersDir(), { recursive: true });
    writeFileSync(letterPath(id), await supervisionLetterBytes(letter));
  }
  const label = ESCALATION_KIND_LABEL[step.kind];
  const detail = {
    stepId: step.id,
    position: step.position,
    trigger: step.trigger,
    threshold: step.threshold,
    value: triggerValue(step.trigger, facts),
    recipients: people.length,
    ...(letter ? { replyBy: letter.replyBy, addressee: letter.addressee } : {}),
  };
  return writeTransaction(db, async (tx) => {
    if (await tx.escalation.findUnique({ where: { onceKey }, select: { id: true } })) return null;
    await tx.escalation.create({
      data: {
        id,
        taskId: task.id,
        stepId: step.id,
        kind: step.kind,
        onceKey,
        detail: JSON.stringify(detail),
        createdAt: now,
      },
    });
    await tx.auditEvent.create({
      data: {
        taskId: task.id,
        type: `escalation.${step.kind.toLowerCase()}`,
        payload: JSON.stringify({ escalationId: id, ...detail }),
        createdAt: now,
      },
    });
    const emailIds: string[] = [];
    const subject = `【${label}】${task.document.title} ${task.ref} ${task.heading}`;
    const why = `${TRIGGER_LABEL[step.trigger]}已达 ${detail.value}（第${step.position}级：${TRIGGER_LABEL[step.trigger]} ≥ ${step.threshold}）`;
    const link = `${appUrl()}/tasks/${task.id}`;
    for (const p of people) {
      const text = `${p.name}您好：\n\n以下任务${overdueClauses(facts).join("，")}，督办升级为「${label}」：\n${task.document.title} ${task.ref} ${task.heading}\n${why}${letter ? `\n\n督办函见附件，请于${letter.replyBy}前书面回复。` : ""}\n\n${link}`;
      const body = html`<p>${p.name}您好：以下任务督办升级为「${label}」。</p>
        <p><strong>${task.document.title} ${task.ref} ${task.heading}</strong></p>
        <p>${overdueClauses(facts).join("，")}。${why}</p>
        ${letter ? html`<p>督办函见附件，请于${letter.replyBy}前书面回复。</p>` : ""}
        <p><a href="${link}">查看任务</a></p>`;
      const { id: emailId } = await addToOutbox(tx, {
        key: `escalation-step:${id}:${p.id}`,
        kind: "ESCALATION",
        to: p.email,
        toUserId: p.id,
        subject,
        text,
        html: layout(subject, body, "此邮件由督办系统发送。"),
        attachments: letter
          ? [
              {
                filename: `督办函-${task.ref}.docx`,
                path: path.relative(dataDir(), letterPath(id)),
              },
            ]
          : [],
      });
      emailIds.push(emailId);
    }
    return { escalationId: id, emailIds };
  });
}

/** A task's escalations, oldest first (the task page's 督办升级). */
export function escalationsOf(db: PrismaClient, taskId: string) {
  return db.escalation.findMany({
    where: { taskId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** The tasks under 挂牌督办 now. */
export async function listedTaskIds(db: PrismaClient): Promise<Set<string>> {
  const rows = await db.escalation.findMany({
    where: { kind: { in: ["LISTED", "LIFTED"] } },
    select: { id: true, taskId: true, kind: true, liftsId: true },
  });
  const byTask = new Map<string, typeof rows>();
  for (const r of rows) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  return new Set([...byTask].filter(([, rs]) => isListed(rs)).map(([id]) => id));
}

export type ManualStep =
  | { kind: "TALK"; date: string; notes: string }
  | { kind: "LISTED"; reason: string }
  | { kind: "LIFTED"; reason: string };

/** A reviewer's own step: 约谈 (date, notes), 挂牌督办 or lifting it (with reason). Audited. */
export async function recordManualStep(
  db: PrismaClient,
  taskId: string,
  step: ManualStep,
  actorId: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  return writeTransaction(db, async (tx) => {
    const rows = await tx.escalation.findMany({
      where: { taskId, kind: { in: ["LISTED", "LIFTED"] } },
      select: { id: true, kind: true, liftsId: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const listed = isListed(rows);
    let liftsId: string | null = null;
    if (step.kind === "LISTED" && listed) return { ok: false as const, reason: "该任务已挂牌督办" };
    if (step.kind === "LIFTED") {
      const lifted = new Set(rows.filter((r) => r.kind === "LIFTED").map((r) => r.liftsId));
      liftsId = rows.find((r) => r.kind === "LISTED" && !lifted.has(r.id))?.id ?? null;
      if (!liftsId) return { ok: false as const, reason: "该任务未挂牌督办" };
    }
    const { kind, ...detail } = step;
    const row = await tx.escalation.create({
      data: { taskId, kind, actorId, liftsId, detail: JSON.stringify({ ...detail, manual: true }) },
    });
    await tx.auditEvent.create({
      data: {
        taskId,
        actorId,
        type: `escalation.${kind.toLowerCase()}`,
        payload: JSON.stringify({ escalationId: row.id, manual: true, ...detail }),
      },
    });
    return { ok: true as const };
  });
}

/** A 督办函's file, if the escalation is a letter of this task and its file is there. */
export async function letterOf(db: PrismaClient, taskId: string, escalationId: string) {
  const row = await db.escalation.findFirst({
    where: { id: escalationId, taskId, kind: "LETTER" },
  });
  const file = row ? letterPath(row.id) : null;
  return row && file && existsSync(file) ? { row, file } : null;
}

export type EscalationItem = {
  id: string;
  kind: string;
  label: string;
  at: string;
  text: string;
  manual: boolean;
  letter: boolean;
};

function itemText(kind: string, d: Record<string, unknown>): string {
  if (kind === "TALK") return `约谈日期 ${String(d.date ?? "")}：${String(d.notes ?? "")}`;
  if (d.manual) return String(d.reason ?? "");
  const trigger = TRIGGER_LABEL[d.trigger as keyof typeof TRIGGER_LABEL] ?? String(d.trigger);
  const reply = d.replyBy ? `；请于${String(d.replyBy)}前书面回复` : "";
  return `第${String(d.position)}级：${trigger} ≥ ${String(d.threshold)}（当时为 ${String(d.value)}），已通知 ${String(d.recipients)} 人${reply}`;
}

/** What a task's page shows of its escalations: whether it is 挂牌督办 now, and each step. */
export async function escalationView(db: PrismaClient, taskId: string) {
  const rows = await escalationsOf(db, taskId);
  const items: EscalationItem[] = rows.map((r) => {
    const d = JSON.parse(r.detail) as Record<string, unknown>;
    return {
      id: r.id,
      kind: r.kind,
      label: ESCALATION_KIND_LABEL[r.kind as EscalationKind | "LIFTED"] ?? r.kind,
      at: shanghaiDateTime(r.createdAt),
      text: itemText(r.kind, d),
      manual: Boolean(d.manual),
      letter: r.kind === "LETTER",
    };
  });
  return { listed: isListed(rows), items };
}

// Telling a task's units about a step of the supervision cycle (退回重办, an extension decided, a
// leader's instruction): one email per active liaison of today's units (a collective's members
// included), written to the outbox in the caller's transaction.
import type { PrismaClient } from "../generated/prisma/client";
import { addToOutbox } from "../email/outbox.server";
import { html, layout } from "../email/html";
import { appUrl } from "../config.server";
import type { TxClient } from "../db/db.server";
import { currentUnits } from "./unit.server";

type Tx = TxClient;

export type Recipient = { id: string; email: string; unitName: string };

/** The active liaisons of these units as of today (renames followed, collectives' members added). */
export async function liaisonsOf(db: PrismaClient | Tx, unitIds: string[]): Promise<Recipient[]> {
  const today = await currentUnits(db as PrismaClient);
  const ids = new Set(unitIds.map((id) => today.get(id)?.id ?? id));
  const members = await db.unitMembership.findMany({
    where: { collectiveId: { in: [...ids] } },
    select: { memberId: true },
  });
  members.forEach((m) => ids.add(m.memberId));
  const users = await db.user.findMany({
    where: { role: "LIAISON", active: true, unitId: { in: [...ids] } },
    select: { id: true, email: true, unit: { select: { name: true } } },
    orderBy: { email: "asc" },
  });
  return users.map((u) => ({ id: u.id, email: u.email, unitName: u.unit?.name ?? "" }));
}

/** The units that lead the task (active lead assignments). */
export async function leadUnitIds(db: PrismaClient | Tx, taskId: string): Promise<string[]> {
  const leads = await db.assignment.findMany({
    where: { taskId, role: "LEAD", removedAt: null },
    select: { unitId: true },
    orderBy: { position: "asc" },
  });
  return leads.map((a) => a.unitId);
}

/**
 * Writes one notice per recipient: `eventId` keys them (a retried transaction writes none twice).
 * Returns the email ids for the caller to hand to the worker.
 */
export async function notifyLiaisons(
  tx: Tx,
  recipients: Recipient[],
  n: {
    eventId: string;
    taskId: string;
    title: string;
    task: string;
    lines: string[];
    path?: string;
  },
): Promise<string[]> {
  const link = `${appUrl()}${n.path ?? `/tasks/${n.taskId}`}`;
  const ids: string[] = [];
  for (const r of recipients) {
    const subject = `【${n.title}】${n.task}`;
    const text = `${r.unitName}联络员您好：\n\n${n.task}\n\n${n.lines.join("\n")}\n\n查看任务：${link}`;
    const body = html`<p>${r.unitName}联络员您好：</p>
      <p><strong>${n.task}</strong></p>
      ${n.lines.map((l) => html`<p>${l}</p>`)}
      <p><a href="${link}">查看任务</a></p>`;
    const { id } = await addToOutbox(tx, {
      key: `notice:${n.eventId}:${r.id}`,
      kind: "NOTICE",
      to: r.email,
      toUserId: r.id,
      subject,
      text,
      html: layout(subject, body, "此邮件由督办系统发送。"),
    });
    ids.push(id);
  }
  return ids;
}

/** 「文件名 序号 标题」: how a notice names its task. */
export async function taskTitle(db: PrismaClient | Tx, taskId: string): Promise<string> {
  const t = await db.task.findUniqueOrThrow({
    where: { id: taskId },
    select: { ref: true, heading: true, document: { select: { title: true } } },
  });
  return `${t.document.title} ${t.ref} ${t.heading}`;
}

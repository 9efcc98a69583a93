// Invitation and password-reset links by email, through the outbox like every email (the worker
// sends it; with Redis down its sweep does, later). The admin still sees the link to copy.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { html, layout } from "../email/html";
import { addToOutbox } from "../email/outbox.server";
import { enqueueEmailSends } from "../jobs/enqueue.server";
import { appUrl } from "../config.server";

/** Where links point: the one base URL every process derives (appUrl), so that the copy the
 * admin sees and the emailed link agree with every other email's links. */
export const linkBase = () => appUrl();

type Person = { id: string; email: string; name: string };

const TEXT = {
  INVITE: {
    subject: "【督办】邀请您使用督办系统",
    lead: "系统管理员为您创建了督办系统账号。请打开以下链接设置密码（7 天内有效，仅可使用一次）：",
  },
  RESET: {
    subject: "【督办】重置密码",
    lead: "系统管理员为您发出了重置密码链接。请打开以下链接设置新密码（2 小时内有效，仅可使用一次）：",
  },
} as const;

/** Puts the link's email in the outbox and hands it to the queue. Returns the outbox row id. */
export async function emailAccountLink(
  db: PrismaClient,
  person: Person,
  purpose: "INVITE" | "RESET",
  link: string,
): Promise<string> {
  const { subject, lead } = TEXT[purpose];
  const text = `${person.name}您好：\n\n${lead}\n${link}\n\n如非本人操作，请忽略此邮件并告知系统管理员。`;
  const body = html`<p>${person.name}您好：</p>
    <p>${lead}</p>
    <p><a href="${link}">${link}</a></p>
    <p>如非本人操作，请忽略此邮件并告知系统管理员。</p>`;
  // One email per link: the key is the link's own (a hash of it, never the token).
  const linkId = createHash("sha256").update(link).digest("hex").slice(0, 32);
  const { id } = await addToOutbox(db, {
    key: `${purpose.toLowerCase()}:${person.id}:${linkId}`,
    kind: purpose,
    to: person.email,
    toUserId: person.id,
    subject,
    text,
    html: layout(subject, body, "此邮件由督办系统发送。"),
  });
  await enqueueEmailSends([id]);
  return id;
}

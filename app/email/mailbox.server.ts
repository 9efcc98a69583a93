// The local mail sink's mailbox (npm start without SMTP_URL): each message a CapturedEmail row, its
// attachments' bytes stored once by content hash under <data>/mailbox/ (a roll-up sent to a hundred
// members is one file), so that admins can list and download them on 邮箱.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import type { PrismaClient } from "../generated/prisma/client";
import { dataDir } from "../config.server";

export type MailboxAttachment = {
  filename: string;
  size: number;
  contentType: string;
  /** sha256 of the bytes, the file's name under <data>/mailbox/; absent on mail kept before. */
  sha256?: string;
};

export const mailboxDir = () => path.join(dataDir(), "mailbox");

function storeBytes(content: Buffer): string {
  const sha256 = createHash("sha256").update(content).digest("hex");
  const file = path.join(mailboxDir(), sha256);
  if (!existsSync(file)) {
    mkdirSync(mailboxDir(), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, file); // a reader never sees half a file
  }
  return sha256;
}

/** Keeps a received message: its text and HTML in the row, its attachments as files. */
export async function captureMail(
  db: PrismaClient,
  mail: ParsedMail,
  envelope: { from: string; to: string[] },
) {
  const attachments: MailboxAttachment[] = mail.attachments.map((a, i) => ({
    filename: a.filename || `附件${i + 1}`,
    size: a.size ?? a.content.length,
    contentType: a.contentType || "application/octet-stream",
    sha256: storeBytes(a.content),
  }));
  return db.capturedEmail.create({
    data: {
      messageId: mail.messageId ?? null,
      from: mail.from?.text ?? envelope.from,
      to: envelope.to.join(", "),
      subject: mail.subject ?? "",
      text: mail.text ?? "",
      html: typeof mail.html === "string" ? mail.html : null,
      attachments: JSON.stringify(attachments),
    },
  });
}

/** The attachments a captured message lists (an unreadable list is shown as none). */
export function attachmentsOf(row: { attachments: string }): MailboxAttachment[] {
  try {
    const list = JSON.parse(row.attachments) as MailboxAttachment[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The stored file of a message's n-th attachment, or null if there is none (or it was not kept). */
export async function attachmentFile(db: PrismaClient, emailId: string, index: number) {
  const row = await db.capturedEmail.findUnique({
    where: { id: emailId },
    select: { attachments: true },
  });
  const a = row ? attachmentsOf(row)[index] : undefined;
  if (!a?.sha256 || !/^[0-9a-f]{64}$/.test(a.sha256)) return null;
  const file = path.join(mailboxDir(), a.sha256);
  return existsSync(file) ? { ...a, file } : null;
}

/** 1.2 MB, 35 KB, 512 B. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

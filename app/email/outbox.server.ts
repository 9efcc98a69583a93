// The email outbox. Every email is first a row with an idempotency key; sending claims the row,
// streams the message to the SMTP server but holds back the terminating "." until the row is
// committed as SENT. So:
//  - a retry, a duplicate job or a second worker finds SENT (or a live claim) and sends nothing;
//  - a worker killed before the commit leaves a message the server never completed (it discards
//    it) and a SENDING row whose lease expires, so the next worker sends it again;
//  - only a kill in the instant between the commit and writing "." could lose a message (marked
//    SENT); nothing can make it arrive twice.
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { PassThrough } from "node:stream";
import MailComposer from "nodemailer/lib/mail-composer";
import type { PrismaClient } from "../generated/prisma/client";
import { dataDir } from "../config.server";
import { readStatement } from "../db/read.server";
import { writeBatch, writeStatement } from "../db/write.server";
import { sqliteTime } from "../utils/time";
import {
  acquireConnection,
  mailFrom,
  releaseConnection,
  smtpConfig,
  type SmtpConfig,
} from "./transport.server";

export type OutboxEmail = {
  key: string;
  /** NOTICE: a step of the supervision cycle told to a unit (退回重办, 延期审批, 领导批示). */
  kind: "REMINDER" | "ESCALATION" | "URGE" | "DIGEST" | "ROLLUP" | "INVITE" | "RESET" | "NOTICE";
  to: string;
  toUserId?: string | null;
  subject: string;
  text: string;
  html: string;
  attachments?: Array<{ filename: string; path: string }>;
  /** The ISO week whose escalation this email carries (once per person and week: a unique index). */
  escalationWeek?: string | null;
};

export const OUTBOX = {
  maxAttempts: Number(process.env.EMAIL_MAX_ATTEMPTS || 6),
  /** First retry after this; each later one waits twice as long, up to retryMaxMs. */
  retryBaseMs: Number(process.env.EMAIL_RETRY_BASE_MS || 60_000),
  retryMaxMs: Number(process.env.EMAIL_RETRY_MAX_MS || 3_600_000),
  /** A send that has not finished in this time is abandoned (connection closed) and retried. */
  sendTimeoutMs: Number(process.env.EMAIL_SEND_TIMEOUT_MS || 60_000),
  /** A claim older than this belongs to a dead worker and may be taken over. */
  leaseMs: Number(process.env.EMAIL_LEASE_MS || 120_000),
};

/** The lease always outlasts a send, so a live send is never taken over (which could send twice). */
export const leaseMs = () => Math.max(OUTBOX.leaseMs, OUTBOX.sendTimeoutMs + 1000);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/** The id of an email's content: the same words are stored once (EmailBody). */
export function bodyIdOf(e: Pick<OutboxEmail, "subject" | "text" | "html">): string {
  return createHash("sha256")
    .update(e.subject)
    .update("\0")
    .update(e.text)
    .update("\0")
    .update(e.html)
    .digest("hex");
}

/** Adds the email unless one with the same key exists. Returns the row id and whether it is new. */
export async function addToOutbox(
  db: Pick<PrismaClient, "email" | "emailBody">,
  e: OutboxEmail,
): Promise<{ id: string; created: boolean }> {
  const existing = await db.email.findUnique({ where: { key: e.key }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const bodyId = bodyIdOf(e);
  try {
    await db.emailBody.upsert({
      where: { id: bodyId },
      create: { id: bodyId, subject: e.subject, text: e.text, html: e.html },
      update: {},
    });
    const row = await db.email.create({
      data: {
        key: e.key,
        kind: e.kind,
        toAddress: e.to,
        toUserId: e.toUserId ?? null,
        bodyId,
        attachments: JSON.stringify(e.attachments ?? []),
        escalationWeek: e.escalationWeek ?? null,
      },
      select: { id: true },
    });
    return { id: row.id, created: true };
  } catch (error) {
    // Another process added the same key between our read and write: the unique index decided.
    const again = await db.email.findUnique({ where: { key: e.key }, select: { id: true } });
    if (again) return { id: again.id, created: false };
    throw error;
  }
}

/**
 * Adds many emails at once (a reminder or digest run), skipping keys already present, in
 * transactions of a few hundred rows (others may write in between). Returns the row ids in the
 * given order. Through the outbox's own connection (app/db/write.server.ts): call it outside any
 * Prisma transaction.
 */
export function addManyToOutbox(db: PrismaClient, emails: OutboxEmail[]): string[] {
  const CHUNK = 250;
  const insertBody = writeStatement(
    db,
    `INSERT INTO "EmailBody" (id, subject, text, html, createdAt) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const insert = writeStatement(
    db,
    `INSERT INTO "Email" (id, key, kind, toAddress, toUserId, bodyId, attachments, escalationWeek, status, attempts, nextAttemptAt, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  const idOf = writeStatement(db, `SELECT id FROM "Email" WHERE key = ?`).pluck();
  // Emails composed once for many recipients (a unit's liaisons) share one body row.
  const written = new Set<string>();
  const ids: string[] = [];
  for (let i = 0; i < emails.length; i += CHUNK) {
    const chunk = emails.slice(i, i + CHUNK);
    writeBatch(db, () => {
      const at = sqliteTime(new Date());
      for (const e of chunk) {
        const bodyId = bodyIdOf(e);
        if (!written.has(bodyId)) {
          insertBody.run(bodyId, e.subject, e.text, e.html, at);
          written.add(bodyId);
        }
        insert.run(
          randomUUID(),
          e.key,
          e.kind,
          e.to,
          e.toUserId ?? null,
          bodyId,
          JSON.stringify(e.attachments ?? []),
          e.escalationWeek ?? null,
          at,
          at,
          at,
        );
        ids.push(idOf.get(e.key) as string);
      }
    });
  }
  return ids;
}

/** Stable Message-ID from the idempotency key, so any resend is recognisable as the same message. */
export function messageIdFor(key: string): string {
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@duban>`;
}

export type SendOutcome = "SENT" | "SKIPPED" | "RETRY" | "FAILED";

// Invitation and reset emails carry a single-use link whose token the database keeps only as a
// hash; once the email is SENT (never resent: only FAILED rows are), its copy in the outbox is
// blanked so that reading the outbox never yields a working link.
const SECRET_LINK_KINDS = new Set(["INVITE", "RESET"]);
const SECRET_LINK = /\/(invite|reset)\/[A-Za-z0-9_-]+/g;

function forgetSecretLinks(db: PrismaClient, bodyId: string) {
  const redact = (s: string) => s.replace(SECRET_LINK, "/$1/（链接已发出，系统不保留）");
  const row = readStatement(db, `SELECT text, html FROM "EmailBody" WHERE id = ?`).get(bodyId) as
    { text: string; html: string } | undefined;
  if (!row) return;
  writeStatement(db, `UPDATE "EmailBody" SET text = ?, html = ? WHERE id = ?`).run(
    redact(row.text),
    redact(row.html),
    bodyId,
  );
}

/** Sends one outbox row, if it is due and nobody else holds it. */
export async function sendOutboxEmail(
  db: PrismaClient,
  id: string,
  config: SmtpConfig = smtpConfig(),
  now = () => new Date(),
): Promise<SendOutcome> {
  const leaseCutoff = sqliteTime(new Date(now().getTime() - leaseMs()));
  // Claim and read in one statement (UPDATE … RETURNING): a run sends thousands.
  const claimedAt = sqliteTime(now());
  const claimed = writeStatement(
    db,
    `UPDATE "Email" SET status = 'SENDING', claimedAt = ?, attempts = attempts + 1, updatedAt = ?
     WHERE id = ? AND ((status = 'PENDING' AND nextAttemptAt <= ?) OR (status = 'SENDING' AND claimedAt < ?))
     RETURNING key, kind, toAddress, bodyId, attachments, attempts`,
  ).get(claimedAt, claimedAt, id, claimedAt, leaseCutoff) as
    | {
        key: string;
        kind: string;
        toAddress: string;
        bodyId: string;
        attachments: string;
        attempts: number;
      }
    | undefined;
  if (!claimed) return "SKIPPED";
  const content = readStatement(db, `SELECT subject, text, html FROM "EmailBody" WHERE id = ?`).get(
    claimed.bodyId,
  ) as { subject: string; text: string; html: string };
  const email = { ...claimed, ...content };

  let connection: Awaited<ReturnType<typeof acquireConnection>> | null = null;
  try {
    const attachments = (
      JSON.parse(email.attachments) as Array<{ filename: string; path: string }>
    ).map((a) => ({
      filename: a.filename,
      path: path.resolve(dataDir(), a.path),
    }));
    const composer = new MailComposer({
      from: mailFrom(),
      to: email.toAddress,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: messageIdFor(email.key),
      attachments,
      // Chinese text in quoted-printable triples in size and was a tenth of a run's CPU; base64
      // is a third larger than the UTF-8 and encoded natively.
      textEncoding: "base64",
    });
    const mime: Buffer = await new Promise((resolve, reject) =>
      composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))),
    );
    const deadline = Date.now() + OUTBOX.sendTimeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    connection = await withTimeout(acquireConnection(config), left(), "SMTP connect");
    const body = new PassThrough();
    const envelope = { from: mailFrom().replace(/^.*<([^>]+)>.*$/, "$1"), to: [email.toAddress] };
    const sent = new Promise<void>((resolve, reject) =>
      connection!.send(envelope, body, (err) => (err ? reject(err) : resolve())),
    );
    sent.catch(() => {}); // handled below; avoid an unhandled rejection while we await the commit
    body.write(mime);
    // Wait until the connection has taken the whole message, so that only "." remains.
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const check = () => (body.readableLength === 0 ? resolve() : setTimeout(check, 2));
        sent.catch(reject);
        check();
      }),
      left(),
      "SMTP send",
    );
    const sentAt = sqliteTime(now());
    writeStatement(
      db,
      `UPDATE "Email" SET status = 'SENT', sentAt = ?, messageId = ?, lastError = NULL, updatedAt = ? WHERE id = ?`,
    ).run(sentAt, messageIdFor(email.key), sentAt, id);
    if (SECRET_LINK_KINDS.has(email.kind)) forgetSecretLinks(db, email.bodyId);
    body.end(); // the terminating "." — the server now completes the message
    try {
      await withTimeout(sent, left(), "SMTP send");
    } catch (error) {
      releaseConnection(config, connection, false);
      connection = null;
      if (error instanceof Error && error.message.includes("timed out")) {
        // No answer after "." — the server may well have accepted it. Never risk a second copy:
        // it stays SENT, with the doubt recorded for the admin's outbox page.
        await db.email.update({
          where: { id },
          data: { lastError: "服务器未确认收到（可能已送达）：" + error.message },
        });
        return "SENT";
      }
      // The server refused the completed message: it was not delivered, so it may be retried.
      await scheduleRetry(db, id, email.attempts, error, now);
      return email.attempts >= OUTBOX.maxAttempts ? "FAILED" : "RETRY";
    }
    releaseConnection(config, connection, true);
    connection = null;
    return "SENT";
  } catch (error) {
    if (connection) releaseConnection(config, connection, false);
    connection = null;
    await scheduleRetry(db, id, email.attempts, error, now);
    return email.attempts >= OUTBOX.maxAttempts ? "FAILED" : "RETRY";
  }
}

async function scheduleRetry(
  db: PrismaClient,
  id: string,
  attempts: number,
  error: unknown,
  now: () => Date,
) {
  const message = error instanceof Error ? error.message : String(error);
  const failed = attempts >= OUTBOX.maxAttempts;
  await db.email.update({
    where: { id },
    data: {
      status: failed ? "FAILED" : "PENDING",
      lastError: message.slice(0, 500),
      nextAttemptAt: new Date(
        now().getTime() +
          Math.min(OUTBOX.retryMaxMs, OUTBOX.retryBaseMs * 2 ** Math.max(0, attempts - 1)),
      ),
      sentAt: null,
      messageId: null,
    },
  });
}

/** Rows that should be sent now: due PENDING rows, and SENDING rows whose worker died. */
export async function dueEmailIds(
  db: PrismaClient,
  now = new Date(),
  limit = 500,
): Promise<Array<{ id: string; attempts: number }>> {
  const rows = await db.email.findMany({
    where: {
      OR: [
        { status: "PENDING", nextAttemptAt: { lte: now } },
        { status: "SENDING", claimedAt: { lt: new Date(now.getTime() - leaseMs()) } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, attempts: true },
  });
  return rows;
}

/** An admin's resend of a FAILED email: back to PENDING with a fresh attempt count. */
export async function resendEmail(db: PrismaClient, id: string, actorId: string) {
  await db.email.update({
    where: { id },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lastError: null },
  });
  await db.auditEvent.create({
    data: { actorId, type: "email.resend", payload: JSON.stringify({ emailId: id }) },
  });
}

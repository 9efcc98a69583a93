// Getting outbox rows sent: as BullMQ jobs in the worker, or directly (CLI).
import type { Queue } from "bullmq";
import type { PrismaClient } from "../app/generated/prisma/client";
import { dueEmailIds, sendOutboxEmail, type SendOutcome } from "../app/email/outbox.server";
import type { SmtpConfig } from "../app/email/transport.server";

/** One BullMQ job per email; the job id dedupes while it waits or runs. */
export async function enqueueEmails(queue: Queue, emailIds: string[]) {
  if (emailIds.length === 0) return;
  await queue.addBulk(emailIds.map((emailId) => ({ name: "send", data: { emailId }, opts: { jobId: `email-${emailId}`, removeOnComplete: true, removeOnFail: true } })));
}

/** Sends every due email now, a few at a time. */
export async function sendDue(db: PrismaClient, config: SmtpConfig, concurrency = 4): Promise<Record<SendOutcome, number>> {
  const counts: Record<SendOutcome, number> = { SENT: 0, SKIPPED: 0, RETRY: 0, FAILED: 0 };
  const ids = await dueEmailIds(db);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        counts[await sendOutboxEmail(db, id, config)]++;
      }
    }),
  );
  return counts;
}

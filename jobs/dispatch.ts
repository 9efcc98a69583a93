// Getting outbox rows sent: as BullMQ jobs in the worker, or directly (CLI).
import type { Queue } from "bullmq";
import type { PrismaClient } from "../app/generated/prisma/client";
import {
  dueEmailIds,
  leaseMs,
  sendOutboxEmail,
  type SendOutcome,
} from "../app/email/outbox.server";
import type { SmtpConfig } from "../app/email/transport.server";
import { emailJobId } from "./queues";

/**
 * One BullMQ job per email and attempt (see emailJobId). Plain ids are new emails (attempt 0);
 * rows from the sweep ({ id, attempts }) also carry the current lease window.
 */
export async function enqueueEmails(
  queue: Queue,
  emails: Array<string | { id: string; attempts: number }>,
) {
  if (emails.length === 0) return;
  const window = Math.floor(Date.now() / leaseMs());
  await queue.addBulk(
    emails.map((e) => {
      const jobId = typeof e === "string" ? emailJobId(e, 0) : emailJobId(e.id, e.attempts, window);
      const id = typeof e === "string" ? e : e.id;
      return {
        name: "send",
        data: { emailId: id },
        opts: { jobId, removeOnComplete: true, removeOnFail: true },
      };
    }),
  );
}

/** Sends every due email now, a few at a time. */
export async function sendDue(
  db: PrismaClient,
  config: SmtpConfig,
  concurrency = 4,
): Promise<Record<SendOutcome, number>> {
  const counts: Record<SendOutcome, number> = { SENT: 0, SKIPPED: 0, RETRY: 0, FAILED: 0 };
  const ids = (await dueEmailIds(db)).map((e) => e.id);
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

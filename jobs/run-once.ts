// A scheduled run per day or week happens once: a JobRun row per run key. A run that crashed
// half-way (no finishedAt) is run again; its emails are idempotent by outbox key.
import type { PrismaClient } from "../app/generated/prisma/client";

export async function runOnce<T>(
  db: PrismaClient,
  runKey: string,
  fn: () => Promise<T>,
): Promise<{ ran: boolean; result?: T }> {
  const existing = await db.jobRun.findUnique({ where: { runKey } });
  if (existing?.finishedAt) return { ran: false };
  if (!existing) {
    try {
      await db.jobRun.create({ data: { runKey } });
    } catch {
      // created concurrently by another worker; fall through and run (idempotent)
    }
  }
  const result = await fn();
  await db.jobRun.update({
    where: { runKey },
    data: { finishedAt: new Date(), summary: JSON.stringify(result).slice(0, 2000) },
  });
  return { ran: true, result };
}

export async function hasRun(db: PrismaClient, runKey: string): Promise<boolean> {
  return Boolean((await db.jobRun.findUnique({ where: { runKey } }))?.finishedAt);
}

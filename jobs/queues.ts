// Queues and schedules, defined once. The worker registers them; the web app only enqueues.
// Schedules are BullMQ job schedulers keyed by id, so re-deploying updates them in place
// instead of adding duplicates.

export const QUEUE = {
  /** One job per outbox email: { emailId }. */
  email: "duban-email",
  /** Scheduled and on-demand work: reminders, digest, rollup, sweep. */
  work: "duban-work",
} as const;

export const TIME_ZONE = "Asia/Shanghai";

export type WorkJob =
  | { name: "reminders"; data: { date?: string } }
  | { name: "digest"; data: { date?: string } }
  | { name: "rollup"; data: { reportId?: string; period?: string } }
  | { name: "sweep"; data: Record<string, never> };

export const SCHEDULES: Array<{ id: string; pattern?: string; every?: number; job: WorkJob }> = [
  // Daily reminders at 08:00 Beijing time.
  { id: "reminders-daily", pattern: "0 8 * * *", job: { name: "reminders", data: {} } },
  // Weekly digest every Monday 08:30.
  { id: "digest-weekly", pattern: "30 8 * * 1", job: { name: "digest", data: {} } },
  // Monthly roll-up for the joint conference on the 1st at 09:00, covering the month before.
  { id: "rollup-monthly", pattern: "0 9 1 * *", job: { name: "rollup", data: {} } },
  // Sends what is due in the outbox (retries, and emails written while Redis was down).
  { id: "outbox-sweep", every: 60_000, job: { name: "sweep", data: {} } },
];

export function redisPrefix(): string {
  return process.env.DUBAN_QUEUE_PREFIX || "duban";
}

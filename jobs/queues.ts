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
  | { name: "escalation"; data: { date?: string } }
  | { name: "digest"; data: { date?: string } }
  | { name: "rollup"; data: { reportId?: string; period?: string } };

export const SCHEDULES: Array<{ id: string; pattern: string; job: WorkJob }> = [
  // Daily reminders at 08:00 Beijing time.
  { id: "reminders-daily", pattern: "0 8 * * *", job: { name: "reminders", data: {} } },
  // The escalation ladder at 08:10 (it skips days that are not working days).
  { id: "escalation-daily", pattern: "10 8 * * *", job: { name: "escalation", data: {} } },
  // Weekly digest every Monday 08:30.
  { id: "digest-weekly", pattern: "30 8 * * 1", job: { name: "digest", data: {} } },
  // Monthly roll-up for the joint conference on the 1st at 09:00, covering the month before.
  { id: "rollup-monthly", pattern: "0 9 1 * *", job: { name: "rollup", data: {} } },
];

/**
 * Every worker also sweeps the outbox on its own timer: retries that are due, emails written
 * while Redis was down, sends whose worker died. Job ids dedupe what several workers enqueue.
 */
export const SWEEP_MS = Number(process.env.OUTBOX_SWEEP_MS || 30_000);

/**
 * The send job for an outbox row at a given attempt count (and, from the sweep, lease window: a
 * job taken by a worker that then died stays "active" in BullMQ until its stall check, so the
 * sweep must be able to add a fresh one after a lease). A new attempt (a retry, or taking over
 * from a dead worker) gets a new job, while repeats of the same attempt dedupe. The outbox claim,
 * not the job id, is what guarantees one delivery.
 */
export function emailJobId(emailId: string, attempts: number, window?: number): string {
  return window === undefined
    ? `email-${emailId}-${attempts}`
    : `email-${emailId}-${attempts}-w${window}`;
}

export function redisPrefix(): string {
  return process.env.DUBAN_QUEUE_PREFIX || "duban";
}

/** The key a live worker refreshes every 10 s (expiring after 30 s): { pid, at, smtp }. */
export function heartbeatKey(prefix = redisPrefix()): string {
  return `${prefix}:worker:heartbeat`;
}

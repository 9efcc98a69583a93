// The web app's side of the queues: it only adds jobs, and never waits on Redis. If Redis is
// down the call fails fast; the work is already in the database (outbox rows, queued reports)
// and the worker's sweep picks it up once Redis is back.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { emailJobId, heartbeatKey, QUEUE, redisPrefix } from "../../jobs/queues";

let queues: { email: Queue; work: Queue; redis: Redis } | null = null;

function getQueues() {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  if (!queues) {
    // Fail fast instead of queueing commands while disconnected: a request must not hang on Redis.
    const redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: (n) => Math.min(n * 500, 5000),
    });
    redis.on("error", () => {}); // logged per call below
    queues = {
      redis,
      email: new Queue(QUEUE.email, { connection: redis, prefix: redisPrefix() }),
      work: new Queue(QUEUE.work, { connection: redis, prefix: redisPrefix() }),
    };
    queues.email.on("error", () => {});
    queues.work.on("error", () => {});
  }
  return queues;
}

async function attempt(
  what: string,
  fn: (q: NonNullable<ReturnType<typeof getQueues>>) => Promise<unknown>,
): Promise<boolean> {
  const q = getQueues();
  if (!q) return false;
  try {
    await Promise.race([
      fn(q),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 1500)),
    ]);
    return true;
  } catch (error) {
    console.warn(
      `web: could not enqueue ${what} (${(error as Error).message}); the worker's sweep will pick it up`,
    );
    return false;
  }
}

export function enqueueEmailSends(emailIds: string[]): Promise<boolean> {
  if (emailIds.length === 0) return Promise.resolve(true);
  return attempt("emails", (q) =>
    q.email.addBulk(
      emailIds.map((emailId) => ({
        name: "send",
        data: { emailId },
        opts: { jobId: emailJobId(emailId, 0), removeOnComplete: true, removeOnFail: true },
      })),
    ),
  );
}

export function enqueueRollup(reportId: string): Promise<boolean> {
  return attempt("roll-up", (q) =>
    q.work.add(
      "rollup",
      { reportId },
      { jobId: `rollup-${reportId}`, removeOnComplete: 100, removeOnFail: 100 },
    ),
  );
}

/** Whether a worker has sent its heartbeat in the last 30 seconds. */
export async function workerAlive(): Promise<boolean> {
  const q = getQueues();
  if (!q) return false;
  try {
    return Boolean(
      await Promise.race([
        q.redis.get(heartbeatKey()),
        new Promise((r) => setTimeout(() => r(null), 500)),
      ]),
    );
  } catch {
    return false;
  }
}

/** For Bull Board. */
export function allQueues(): Queue[] {
  const q = getQueues();
  return q ? [q.email, q.work] : [];
}

// Runs jobs/worker.ts as a child process against a test database, Redis and SMTP server.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE } from "../../jobs/queues";

const root = path.resolve(__dirname, "../..");
export const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

export async function requireRedis() {
  const r = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    await r.ping();
  } catch {
    throw new Error(
      `these tests need Redis at ${REDIS_URL} (npm test starts one when it can; or set REDIS_URL)`,
    );
  } finally {
    r.disconnect();
  }
}

export function queuePrefix() {
  return `duban-test-${randomUUID().slice(0, 8)}`;
}

export function startWorker(env: Record<string, string>) {
  const output: string[] = [];
  // One process (node with the tsx loader), so that a signal reaches the worker itself: the tsx
  // binary would run it as a grandchild that a SIGKILL of the wrapper leaves running.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL,
      DUBAN_WORKER_SCHEDULES: "0",
      OUTBOX_SWEEP_MS: "300",
      EMAIL_LEASE_MS: "1500",
      EMAIL_SEND_TIMEOUT_MS: "3000",
      EMAIL_RETRY_BASE_MS: "200",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => output.push(String(d)));
  child.stderr!.on("data", (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output, exited, kill: (signal: NodeJS.Signals) => child.kill(signal) };
}

/** Queues under a test prefix, and a way to remove everything they left in Redis. */
export function testQueues(prefix: string) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const email = new Queue(QUEUE.email, { connection, prefix });
  const work = new Queue(QUEUE.work, { connection, prefix });
  return {
    email,
    work,
    async cleanup() {
      for (const q of [email, work]) {
        await q.obliterate({ force: true }).catch(() => {});
        await q.close();
      }
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length) await connection.del(...keys);
      connection.disconnect();
    },
  };
}

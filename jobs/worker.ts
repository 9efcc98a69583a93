// The job worker: `npm run worker` (npm start runs it beside the web server).
// Registers the schedules (idempotently), sends outbox emails, runs reminders, digests and
// roll-ups, makes up a missed daily/weekly run on start, and on SIGTERM finishes in-flight jobs.
import { Queue, Worker, type Job } from "bullmq";
import { createDb } from "../app/db/db.server";
import { dueEmailIds, sendOutboxEmail } from "../app/email/outbox.server";
import { smtpConfig } from "../app/email/transport.server";
import { currentPeriod, previousPeriod } from "../app/models/reporting-period";
import { shanghaiTime, isoWeek, addDays, today } from "../app/utils/week";
import { runDigest } from "./digest";
import { enqueueEmails } from "./dispatch";
import {
  heartbeatKey,
  QUEUE,
  redisPrefix,
  SCHEDULES,
  SWEEP_MS,
  TIME_ZONE,
  type WorkJob,
} from "./queues";
import { createRedis, isConnectionError, redisUrl, watchRedis } from "./redis";
import { runSummary } from "./run-log";
import { runEscalation } from "./escalation";
import { runReminders } from "./reminders";
import { buildRollup, createScheduledRollups } from "./rollup";
import { hasRun, runOnce } from "./run-once";
import { prunePageChanges } from "../app/models/page-change.server";
import { pruneTaskChanges, taskIndex } from "../app/models/task-index.server";

const db = createDb();
const prefix = redisPrefix();
const connection = createRedis();
const emailQueue = new Queue(QUEUE.email, { connection, prefix });
const workQueue = new Queue(QUEUE.work, { connection, prefix });
const log = (msg: string) => console.log(`worker: ${msg}`);
// Losing Redis is said once by watchRedis; every queue and worker would repeat it per attempt.
const logError = (what: string) => (err: Error) => {
  if (!isConnectionError(err)) console.error(`worker: ${what}: ${err.message}`);
};
emailQueue.on("error", logError("email queue"));
workQueue.on("error", logError("work queue"));

// Without SMTP_URL this worker cannot send: it leaves the email queue to a worker that can, instead
// of taking every send job and failing it (a log line per email and sweep).
const canSend = Boolean(process.env.SMTP_URL);
if (!canSend) log("SMTP_URL is not set: emails wait in the outbox until a worker with it runs");

// Reminders, digests and roll-ups read the task index: loaded now, before the first job waits
// for it (a second at province scale); later jobs only read what changed since.
try {
  const started = Date.now();
  taskIndex(db);
  log(`task index loaded in ${Date.now() - started} ms`);
} catch (e) {
  console.error(
    `worker: could not load the task index yet (${(e as Error).message}); jobs will load it`,
  );
}

async function handleWork(job: Job): Promise<unknown> {
  const name = job.name as WorkJob["name"];
  switch (name) {
    case "reminders": {
      const date = (job.data.date as string | undefined) ?? today();
      const r = await runOnce(db, `reminders:${date}`, () => runReminders(db, date));
      if (r.result) await enqueueEmails(emailQueue, r.result.emailIds);
      return r.result ?? { skipped: `reminders:${date} already ran` };
    }
    case "escalation": {
      const date = (job.data.date as string | undefined) ?? today();
      const r = await runOnce(db, `escalation:${date}`, () => runEscalation(db, date));
      if (r.result && "emailIds" in r.result) await enqueueEmails(emailQueue, r.result.emailIds);
      return r.result ?? { skipped: `escalation:${date} already ran` };
    }
    case "digest": {
      const date = (job.data.date as string | undefined) ?? today();
      const r = await runOnce(db, `digest:${isoWeek(date)}`, () => runDigest(db, date));
      if (r.result) await enqueueEmails(emailQueue, r.result.emailIds);
      return r.result ?? { skipped: `digest:${isoWeek(date)} already ran` };
    }
    case "rollup": {
      if (job.data.reportId) {
        const built = await buildRollup(db, job.data.reportId as string, (p) =>
          job.updateProgress(p),
        );
        await enqueueEmails(emailQueue, built.emailIds);
        return built;
      }
      // The monthly schedule: the month that just ended, all documents.
      const period =
        (job.data.period as string | undefined) ?? previousPeriod(currentPeriod(new Date()));
      // One per supervising unit (jobs/rollup.ts), each for what that unit supervises.
      const r = await runOnce(db, `rollup:${period}`, async () => {
        const built = [];
        for (const report of await createScheduledRollups(db, period))
          built.push(await buildRollup(db, report.id, (p) => job.updateProgress(p)));
        return { period, reports: built.map((b) => b.reportId) };
      });
      return r.result ?? { skipped: `rollup:${period} already built` };
    }
    default:
      throw new Error(`unknown job ${job.name}`);
  }
}

const emailWorker = canSend
  ? new Worker(
      QUEUE.email,
      async (job) => {
        const outcome = await sendOutboxEmail(db, job.data.emailId as string, smtpConfig());
        return { outcome };
      },
      {
        connection: createRedis(),
        prefix,
        concurrency: Number(process.env.EMAIL_CONCURRENCY || 4),
      },
    )
  : null;
// Reminder and digest runs take minutes at province scale and run SQLite queries synchronously:
// a long lock keeps BullMQ from declaring them stalled mid-run.
const workWorker = new Worker(QUEUE.work, handleWork, {
  connection: createRedis(),
  prefix,
  concurrency: 1,
  lockDuration: 10 * 60_000,
});
const workers = emailWorker ? [workWorker, emailWorker] : [workWorker];
for (const w of workers) {
  const name = w === workWorker ? "work" : "email";
  w.on("failed", (job, err) =>
    console.error(`worker: ${name} job ${job?.name ?? ""} ${job?.id ?? ""} failed: ${err.message}`),
  );
  w.on("error", logError(name));
}
// One line per run (what ran, how many emails): the scheduled runs leave a trace in the log.
workWorker.on("completed", (job, result) =>
  log(runSummary(job.name, job.data, result, Date.now() - (job.processedOn ?? Date.now()))),
);

async function registerSchedules() {
  // Schedules dropped from the code are dropped from Redis too, so an upgrade leaves no orphans.
  const wanted = new Set(SCHEDULES.map((s) => s.id));
  for (const existing of await workQueue.getJobSchedulers()) {
    if (!wanted.has(existing.key)) {
      await workQueue.removeJobScheduler(existing.key);
      log(`removed the schedule ${existing.key}, no longer defined`);
    }
  }
  for (const s of SCHEDULES) {
    await workQueue.upsertJobScheduler(
      s.id,
      { pattern: s.pattern, tz: TIME_ZONE },
      { name: s.job.name, data: s.job.data, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }
}

/** Hands due outbox rows and waiting roll-ups to the queues. */
async function sweep() {
  // The change logs are only needed until every process has read them; a day is plenty.
  await pruneTaskChanges(db);
  await prunePageChanges(db);
  if (connection.status !== "ready") return;
  if (canSend) await enqueueEmails(emailQueue, await dueEmailIds(db));
  const waiting = await db.rollupReport.findMany({
    where: { status: "QUEUED", createdAt: { lt: new Date(Date.now() - 10_000) } },
    select: { id: true },
  });
  for (const r of waiting)
    await workQueue.add(
      "rollup",
      { reportId: r.id },
      { jobId: `rollup-${r.id}`, removeOnComplete: 100, removeOnFail: 100 },
    );
}
const sweeper = setInterval(
  () => void sweep().catch((e: Error) => console.error(`worker: sweep: ${e.message}`)),
  SWEEP_MS,
);

/** A worker that was down at 08:00 (or Redis was) makes up today's reminders and this week's digest. */
async function catchUp(now = new Date()) {
  const date = today(now);
  if (now >= shanghaiTime(date, 8) && !(await hasRun(db, `reminders:${date}`))) {
    await workQueue.add(
      "reminders",
      { date },
      { jobId: `catchup-reminders-${date}`, removeOnComplete: 100, removeOnFail: 100 },
    );
    log(`catching up reminders for ${date}`);
  }
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(date, -weekday);
  if (now >= shanghaiTime(monday, 8, 30) && !(await hasRun(db, `digest:${isoWeek(monday)}`))) {
    await workQueue.add(
      "digest",
      { date: monday },
      { jobId: `catchup-digest-${isoWeek(monday)}`, removeOnComplete: 100, removeOnFail: 100 },
    );
    log(`catching up the digest for ${isoWeek(monday)}`);
  }
}

// DUBAN_WORKER_SCHEDULES=0: a worker that only works the queues (extra workers when scaling out, tests).
const withSchedules = process.env.DUBAN_WORKER_SCHEDULES !== "0";

// Heartbeat so operators (and the web app) can see the worker is alive.
// It says whether this worker can send (SMTP_URL), so that `npm run jobs` can say what will happen.
const HEARTBEAT_KEY = heartbeatKey(prefix);
const beat = () =>
  connection
    .set(
      HEARTBEAT_KEY,
      JSON.stringify({
        pid: process.pid,
        at: new Date().toISOString(),
        smtp: Boolean(process.env.SMTP_URL),
        sweepMs: SWEEP_MS,
      }),
      "EX",
      30,
    )
    .catch(() => {});
const heartbeat = setInterval(beat, 10_000);

const redisState = watchRedis(connection, redisUrl(), log, () => {
  void beat();
  // After a reconnect too: schedules are upserted (no duplicates) and missed runs made up.
  if (withSchedules) {
    registerSchedules()
      .then(() => catchUp())
      .catch((e: Error) => console.error(`worker: could not register schedules: ${e.message}`));
  }
  void sweep().catch((e: Error) => console.error(`worker: sweep: ${e.message}`));
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  clearInterval(heartbeat);
  clearInterval(sweeper);
  if (redisState.ready()) {
    log(`${signal}: finishing in-flight jobs`);
    // close() waits for active jobs to finish; they are not taken over by another worker mid-way.
    await Promise.allSettled(workers.map((w) => w.close()));
    await Promise.allSettled([emailQueue.close(), workQueue.close()]);
  } else {
    // Without Redis a job can neither finish nor be handed back, and close() would wait for Redis
    // forever. Stopping is safe: runs are redone by their JobRun row, sends by the outbox lease.
    log(`${signal}: Redis is unreachable; stopping without waiting for it`);
    const closing = Promise.allSettled([
      ...workers.map((w) => w.close(true)),
      emailQueue.close(),
      workQueue.close(),
    ]);
    await Promise.race([closing, new Promise((r) => setTimeout(r, 2000))]);
  }
  if (redisState.ready()) await connection.del(HEARTBEAT_KEY).catch(() => {});
  connection.disconnect();
  await db.$disconnect();
  log("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// npm run jobs -- run <reminders|escalation|digest|rollup|send> [--date YYYY-MM-DD] [--document <slug>] [--no-send]
// Runs a job now, in this process, against the database, then gets what it put in the outbox sent
// (unless --no-send): through SMTP_URL if set here, else by the worker if one is running, and says
// which. Safe to repeat: emails are keyed, so a second run sends nothing new.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { appUrlSource } from "../app/config.server";
import { createDb } from "../app/db/db.server";
import { dueEmailIds } from "../app/email/outbox.server";
import { smtpConfig } from "../app/email/transport.server";
import type { PrismaClient } from "../app/generated/prisma/client";
import { currentPeriod, isPeriod, previousPeriod } from "../app/models/reporting-period";
import { today } from "../app/utils/week";
import { runDigest } from "./digest";
import { enqueueEmails, sendDue } from "./dispatch";
import { QUEUE, redisPrefix, SWEEP_MS } from "./queues";
import { displayUrl, findRedisUrl, readHeartbeat } from "./redis";
import { runEscalation } from "./escalation";
import { runReminders } from "./reminders";
import { buildRollup } from "./rollup";
import { runSummary } from "./run-log";

const log = (msg: string) => console.log(`jobs: ${msg}`);
function fail(msg: string): never {
  console.error(`jobs: ${msg}`);
  process.exit(2);
}

const args = process.argv.slice(2).filter((a) => a !== "--");
const [command, job] = args;
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (command !== "run" || !job)
  fail(
    "usage: npm run jobs -- run <reminders|escalation|digest|rollup|send> [--date YYYY-MM-DD] [--document <slug>] [--period YYYY-MM] [--no-send]",
  );
if (!["reminders", "escalation", "digest", "rollup", "send"].includes(job))
  fail(`unknown job ${job}`);
const date = option("--date") ?? today();
if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
  fail(`--date must be YYYY-MM-DD, got ${date}`);
let base: ReturnType<typeof appUrlSource>;
try {
  base = appUrlSource();
} catch (error) {
  fail((error as Error).message);
}

async function runJob(db: PrismaClient): Promise<{ emailIds?: string[] } | undefined> {
  if (job === "reminders") return runReminders(db, date);
  if (job === "digest") return runDigest(db, date);
  if (job === "escalation") {
    const run = await runEscalation(db, date);
    if ("skipped" in run) log(`escalation: ${date} is not a working day, nothing to do`);
    return "emailIds" in run ? run : undefined;
  }
  if (job !== "rollup") return undefined;
  const period =
    option("--period") ?? previousPeriod(currentPeriod(new Date(`${date}T12:00:00+08:00`)));
  if (!isPeriod(period)) fail(`--period must be YYYY-MM, got ${period}`);
  const slug = option("--document");
  const doc = slug ? await db.document.findUnique({ where: { slug } }) : null;
  if (slug && !doc) fail(`no document ${slug}`);
  const report = await db.rollupReport.create({ data: { period, documentId: doc?.id ?? null } });
  const built = await buildRollup(
    db,
    report.id,
    async (p) => void process.stdout.write(`\rjobs: building roll-up ${p}%`),
  );
  process.stdout.write("\n");
  return built;
}

const unsent = async (db: PrismaClient, ids: string[] | undefined) =>
  ids
    ? db.email.count({ where: { id: { in: ids }, status: { in: ["PENDING", "SENDING"] } } })
    : db.email.count({ where: { status: { in: ["PENDING", "SENDING"] } } });

const WAIT_FOR_WORKER_MS = 30_000;

/** Hands the due emails to the running worker's queue and waits a while for it to send them. */
async function handToWorker(db: PrismaClient, redis: string, ids: string[] | undefined) {
  const connection = new Redis(redis, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
  connection.on("error", () => {});
  const queue = new Queue(QUEUE.email, { connection, prefix: redisPrefix() });
  const total = await unsent(db, ids);
  try {
    await enqueueEmails(queue, await dueEmailIds(db));
  } finally {
    await queue.close();
    connection.disconnect();
  }
  const until = Date.now() + WAIT_FOR_WORKER_MS;
  let left = total;
  while (left > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    left = await unsent(db, ids);
  }
  if (left === 0) log(`the worker sent them (${total} sent)`);
  else
    log(
      `the worker has sent ${total - left} of ${total} so far and goes on with the rest (发件箱 /admin/outbox shows each one)`,
    );
}

/** Gets the emails sent, or says plainly who will send them and when. */
async function send(db: PrismaClient, ids: string[] | undefined) {
  const noSend = args.includes("--no-send");
  if (!noSend && process.env.SMTP_URL) {
    log(`sent ${JSON.stringify(await sendDue(db, smtpConfig()))}`);
    return;
  }
  const waiting = await unsent(db, ids);
  const what = ids ? `${waiting} of its ${ids.length} emails are` : `${waiting} emails are`;
  const redis = findRedisUrl();
  const found = redis ? await readHeartbeat(redis.url) : null;
  const worker = found?.heartbeat;
  const seconds = worker ? Math.round((Date.now() - Date.parse(worker.at)) / 1000) : 0;
  const aliveSays = worker ? `the worker (pid ${worker.pid}, alive ${seconds} s ago)` : "";
  if (waiting === 0) {
    log(ids ? "nothing new to send" : "the outbox has nothing to send");
    return;
  }
  if (worker && worker.smtp !== false) {
    if (noSend) {
      log(
        `--no-send: ${what} in the outbox; ${aliveSays} sends them within ${Math.ceil((worker.sweepMs ?? SWEEP_MS) / 1000)} s`,
      );
      return;
    }
    log(`SMTP_URL is not set here: handing ${what.replace(/ are$/, "")} to ${aliveSays}`);
    await handToWorker(db, redis!.url, ids);
    return;
  }
  log(`${noSend ? "--no-send: " : "SMTP_URL is not set: "}${what} waiting in the outbox.`);
  if (worker) log(`${aliveSays} is running without SMTP_URL either, so it cannot send them.`);
  else if (!redis)
    log("no worker can be running: REDIS_URL is not set and npm start's Redis is not recorded.");
  else if (!found?.reachable)
    log(`no worker can be running: Redis at ${displayUrl(redis.url)} does not answer.`);
  else log(`no worker is running (no heartbeat in Redis at ${displayUrl(redis.url)}).`);
  log(
    "they are sent when a worker with SMTP_URL runs (npm start, or npm run worker), or now: SMTP_URL=smtp://… npm run jobs -- run send",
  );
}

const db = createDb();
try {
  const started = Date.now();
  const result = await runJob(db);
  if (result) {
    log(runSummary(job, { date, period: option("--period") }, result, Date.now() - started));
    const where =
      base.source === "APP_URL"
        ? "APP_URL"
        : base.source === "recorded"
          ? `the web server's record ${base.record.at ? `of ${base.record.at} ` : ""}in the data folder`
          : "PORT; no web server has recorded its address in the data folder";
    log(`links in these emails start with ${base.url} (from ${where})`);
  }
  await send(db, result?.emailIds);
} finally {
  await db.$disconnect();
}

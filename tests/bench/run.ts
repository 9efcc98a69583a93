// npm run bench -- [--db data/bench/bench.db] [--duration 10] [--connections 16] [--web-processes <cores>]
//                  [--worker-processes <cores>] [--email-concurrency 16] [--writes-per-second 10]
//                  [--only pages|jobs] [--cpu-prof <dir>] [--smoke]
// --cpu-prof writes a V8 CPU profile of each server and worker process into <dir> (open in Chrome DevTools).
// Starts the built app in production mode on the benchmark database and measures, on loopback:
// pages (requests/s, p50/p99) with autocannon — once as deployed, with the page cache on, and once
// with it off so that every request is rendered — the report form POST, and end to end through
// Redis and a local SMTP sink the daily reminders, the weekly digest and the roll-up build (wall
// time, peak memory, emails/s). Two references from the same run: the ledger query straight on
// the SQLite file, and a bare Node HTTP server returning a page of the same size.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { serviceEnv, WORKER_NODE_FLAGS } from "../../app/cli/process-env.mjs";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { SMTPServer } from "smtp-server";
import { projectRoot } from "../../app/config.server";
import { migrate } from "../../app/db/migrate.server";
import { QUEUE } from "../../jobs/queues";
import { BENCH_PASSWORD } from "./generate";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const smoke = args.includes("--smoke");
const dbFile = path.resolve(opt("db", path.join(projectRoot, "data/bench/bench.db")));
const duration = Number(opt("duration", smoke ? "1" : "10"));
const connections = Number(opt("connections", "16"));
// The worker's parallel SMTP sends (EMAIL_CONCURRENCY); sending is latency-bound, not CPU-bound.
const emailConcurrency = opt("email-concurrency", "16");
// Server processes (WEB_PROCESSES): one per core, as a deployment on this machine would run.
const webProcesses = opt("web-processes", String(os.availableParallelism()));
// Worker processes for the jobs (npm run worker, several may run): one per core by default.
const workerProcesses = Number(opt("worker-processes", String(os.availableParallelism())));
const only = opt("only", "all");
const cpuProfDir = opt("cpu-prof", "");
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

if (!existsSync(dbFile)) {
  console.error(`bench: no database at ${dbFile}; run npm run bench:data first`);
  process.exit(1);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out: ${what}`);
}
function peakRss(pid: number): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
const mb = (bytes: number) =>
  Number.isFinite(bytes) ? `${Math.round(bytes / 1048576)} MB` : "n/a";

type Row = {
  what: string;
  rps?: number;
  p50?: number;
  p99?: number;
  wall?: number;
  peak?: number;
  perSecond?: number;
  note?: string;
};
const rows: Row[] = [];

// --- preparation -----------------------------------------------------------------------------
if (!existsSync(path.join(projectRoot, "build/index.js"))) {
  log("building the app");
  execFileSync(path.join(projectRoot, "node_modules/.bin/remix"), ["build"], {
    cwd: projectRoot,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
// Bring an older benchmark database up to the current migrations (new indexes) first.
migrate(dbFile);
const sqlite = new Database(dbFile);
// A rerun starts clean: the previous run's emails, job runs, reports and sign-in attempts go.
sqlite.exec(
  `DELETE FROM "Email"; DELETE FROM "JobRun"; DELETE FROM "RollupReport"; DELETE FROM "RateLimit"; DELETE FROM "Session";`,
);
// Several reviewers, one after another on each connection: pages are shared by seat, not by person.
const reviewers = sqlite
  .prepare(`SELECT email FROM "User" WHERE role = 'REVIEWER' ORDER BY email LIMIT 8`)
  .all() as Array<{ email: string }>;
// Pages rotate over many units and tasks, as 16 different people would ask, so no figure comes
// from asking for one page again and again: the median-sized unit first, then its neighbours.
const ledgerUnits = sqlite
  .prepare(
    `SELECT unitId FROM "Assignment" GROUP BY unitId ORDER BY count(*) DESC LIMIT 50 OFFSET max(0, (SELECT count(DISTINCT unitId) / 2 - 25 FROM "Assignment"))`,
  )
  .all() as Array<{ unitId: string }>;
const unit = ledgerUnits[25] ?? ledgerUnits[0]!;
const liaison = sqlite
  .prepare(
    `SELECT id, email, unitId FROM "User" WHERE role = 'LIAISON' AND unitId = ? ORDER BY email LIMIT 1`,
  )
  .get(unit.unitId) as { id: string; email: string; unitId: string };
const busyTasks = sqlite
  .prepare(
    `SELECT taskId FROM "AuditEvent" WHERE taskId IS NOT NULL GROUP BY taskId ORDER BY count(*) DESC LIMIT 50`,
  )
  .all() as Array<{ taskId: string }>;
// Open tasks the liaison's unit leads, with its latest report id: each POST files one new report.
const postTargets = sqlite
  .prepare(
    `SELECT a.taskId AS taskId, (SELECT p.id FROM "ProgressReport" p WHERE p.taskId = a.taskId AND p.unitId = a.unitId ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS base
     FROM "Assignment" a JOIN "Task" t ON t.id = a.taskId
     WHERE a.unitId = ? AND a.removedAt IS NULL AND t.status NOT IN ('CLOSED', 'COMPLETED') LIMIT 2000`,
  )
  .all(liaison.unitId) as Array<{ taskId: string; base: string | null }>;
// Reports filed while pages are read (--writes-per-second, default 10): by liaisons of the units
// whose ledgers are read, on tasks their units lead, so that writes land on the pages measured.
const writesPerSecond = Number(opt("writes-per-second", "10"));
// (Not the POST benchmark's unit: its tasks' latest reports must stay as read above.)
const writeTargets = ledgerUnits
  .filter((u) => u.unitId !== liaison.unitId)
  .flatMap((u) => {
    const who = sqlite
      .prepare(
        `SELECT email FROM "User" WHERE role = 'LIAISON' AND unitId = ? ORDER BY email LIMIT 1`,
      )
      .get(u.unitId) as { email: string } | undefined;
    if (!who) return [];
    const tasks = sqlite
      .prepare(
        `SELECT a.taskId AS taskId, (SELECT p.id FROM "ProgressReport" p WHERE p.taskId = a.taskId AND p.unitId = a.unitId ORDER BY p.createdAt DESC, p.id DESC LIMIT 1) AS base
       FROM "Assignment" a JOIN "Task" t ON t.id = a.taskId
       WHERE a.unitId = ? AND a.role = 'LEAD' AND a.removedAt IS NULL AND t.status NOT IN ('CLOSED', 'COMPLETED') LIMIT 40`,
      )
      .all(u.unitId) as Array<{ taskId: string; base: string | null }>;
    return tasks.map((t) => ({ ...t, email: who.email }));
  });
const counts = sqlite
  .prepare(
    `SELECT (SELECT count(*) FROM "Task") AS tasks, (SELECT count(*) FROM "ProgressReport") AS reports, (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Unit") AS units`,
  )
  .get() as Record<string, number>;
log(`database ${dbFile}: ${JSON.stringify(counts)}`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), "duban-bench-"));
const base = { url: "" };
function nodeTsx(script: string, env: Record<string, string>, flags: string[] = []): ChildProcess {
  const prof = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] : [];
  return spawn(process.execPath, [...flags, "--import", "tsx", ...prof, script], {
    cwd: projectRoot,
    env: serviceEnv({ ...process.env, ...env }),
    stdio: ["ignore", "ignore", "inherit"],
  });
}
const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));

/** The built app in production mode, as deployed on this machine; PAGE_CACHE_MB=0 turns its page cache off. */
async function startServer(pageCacheMb: string): Promise<ChildProcess> {
  const port = await freePort();
  base.url = `http://127.0.0.1:${port}`;
  const server = nodeTsx("app/cli/serve.ts", {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${dbFile}`,
    DUBAN_DATA_DIR: dataDir,
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    REDIS_URL: "",
    WEB_PROCESSES: webProcesses,
    PAGE_CACHE_MB: pageCacheMb,
  });
  children.push(server);
  await until(
    () =>
      fetch(`${base.url}/login`).then(
        () => true,
        () => false,
      ),
    30_000,
    "server start",
  );
  return server;
}
async function stopServer(server: ChildProcess) {
  server.kill("SIGTERM");
  await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: BENCH_PASSWORD, redirectTo: "/" }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return cookie;
}

/** Counts the page cache's answers (X-Duban-Page-Cache) of a run. */
const cacheAnswers = { hit: 0, miss: 0 };
function countCache(
  _status: number,
  _body: string,
  _context: unknown,
  headers?: Record<string, string>,
) {
  // autocannon keeps the header names as the server wrote them.
  const answer = headers?.["X-Duban-Page-Cache"] ?? headers?.["x-duban-page-cache"];
  if (answer === "hit" || answer === "miss") cacheAnswers[answer]++;
}

async function load(what: string, opts: autocannon.Options, okStatus = 200): Promise<Row> {
  // Warm up (JIT, SQLite page cache) before measuring. The page cache starts the measured run as
  // the warm-up left it: what it holds then is what 16 people asking in turn would have left.
  const { amount: _amount, ...warm } = opts;
  await autocannon({
    ...warm,
    ...(opts.amount ? { amount: 8 } : { duration: 1 }),
    connections: Math.min(4, connections),
  } as autocannon.Options);
  cacheAnswers.hit = cacheAnswers.miss = 0;
  const r = await autocannon({
    connections,
    ...(opts.amount ? {} : { duration }),
    ...opts,
  } as autocannon.Options);
  const codes = r.statusCodeStats as unknown as Record<string, { count: number }>;
  const ok = codes[String(okStatus)]?.count ?? 0;
  const bad = Object.entries(codes)
    .filter(([c]) => c !== String(okStatus))
    .map(([c, v]) => `${c}×${v.count}`);
  const answered = cacheAnswers.hit + cacheAnswers.miss;
  const cache = answered
    ? `; page cache ${Math.round((cacheAnswers.hit / answered) * 100)}% hits`
    : "";
  const row: Row = {
    what,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    note: `${ok} ok${bad.length ? `, ${bad.join(" ")}` : ""}${r.errors ? `, ${r.errors} errors` : ""}${cache}`,
  };
  rows.push(row);
  log(`${what}: ${Math.round(row.rps!)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms (${row.note})`);
  return row;
}

let bareRow: Row | undefined;
let ledgerHtml = "";
if (only !== "jobs") {
  // --- pages -----------------------------------------------------------------------------------
  /** Each request takes the next path of the list, and the next reviewer's session. */
  const rotate = (paths: string[], cookies: string[]) => {
    let i = 0;
    return [
      {
        setupRequest: (req: autocannon.Request) => {
          const n = i++;
          return {
            ...req,
            path: paths[n % paths.length]!,
            headers: { ...req.headers, cookie: cookies[n % cookies.length]! },
          };
        },
        onResponse: countCache,
      },
    ];
  };
  /** Files reports in the background, `perSecond` a second, until stopped; returns how many went through. */
  let writeNext = 0;
  const fileReports = async (perSecond: number) => {
    const cookieOf = new Map<string, string>();
    for (const email of new Set(writeTargets.map((t) => t.email)))
      cookieOf.set(email, await signIn(email));
    const outcome = { ok: 0, failed: 0 };
    const pending: Promise<void>[] = [];
    const timer = setInterval(() => {
      const t = writeTargets[writeNext++ % writeTargets.length];
      if (!t) return;
      pending.push(
        fetch(`${base.url}/tasks/${t.taskId}/report`, {
          method: "POST",
          redirect: "manual",
          headers: {
            cookie: cookieOf.get(t.email)!,
            origin: base.url,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            period: "2026-11",
            status: "IN_PROGRESS",
            percent: "60",
            progress: "基准测试：读页面时的报送",
            problems: "",
            nextSteps: "",
            coordination: "",
            baseReportId: t.base ?? "",
          }),
        }).then(
          (r) => {
            if (r.status === 302) {
              outcome.ok++;
              t.base = null; // the next report on this task must name the one just filed: not reused
            } else outcome.failed++;
          },
          () => void outcome.failed++,
        ),
      );
    }, 1000 / perSecond);
    return async () => {
      clearInterval(timer);
      await Promise.all(pending);
      return outcome;
    };
  };
  const pages = async (how: string, writes = 0) => {
    const cookies = await Promise.all(reviewers.map((r) => signIn(r.email)));
    const stopWriting = writes > 0 ? await fileReports(writes) : null;
    if (stopWriting) how = `${how}, ${writes} reports/s filed meanwhile`;
    const ledgerPath = `/?unit=${unit.unitId}`;
    ledgerHtml ||= await (
      await fetch(base.url + ledgerPath, { headers: { cookie: cookies[0]! } })
    ).text();
    await load(`ledger filtered by unit (50/page; ${ledgerUnits.length} units in turn), ${how}`, {
      url: base.url + ledgerPath,
      requests: rotate(
        ledgerUnits.map((u) => `/?unit=${u.unitId}`),
        cookies,
      ),
    } as autocannon.Options);
    await load(`reviewer's overdue page, ${how}`, {
      url: `${base.url}/review`,
      requests: rotate(["/review"], cookies),
    } as autocannon.Options);
    await load(`task page with timeline (${busyTasks.length} busiest tasks in turn), ${how}`, {
      url: `${base.url}/tasks/${busyTasks[0]!.taskId}`,
      requests: rotate(
        busyTasks.map((t) => `/tasks/${t.taskId}`),
        cookies,
      ),
    } as autocannon.Options);
    if (stopWriting) {
      const w = await stopWriting();
      log(`reports filed while reading: ${w.ok} ok, ${w.failed} refused or failed`);
      rows[rows.length - 1]!.note += `; ${w.ok} reports filed during the three runs`;
    }
  };

  // As deployed: the page cache on. Then the report POST, on the same server.
  const cached = await startServer("64");
  await pages("page cache on");
  if (writesPerSecond > 0) await pages("page cache on", writesPerSecond);
  const liaisonCookie = await signIn(liaison.email);
  let next = 0;
  await load(
    "report form POST",
    {
      url: `${base.url}/tasks/${postTargets[0]!.taskId}/report`,
      amount: smoke ? Math.min(40, postTargets.length) : Math.min(postTargets.length, 1500),
      method: "POST",
      headers: {
        cookie: liaisonCookie,
        origin: base.url,
        "content-type": "application/x-www-form-urlencoded",
      },
      requests: [
        {
          setupRequest: (req: autocannon.Request) => {
            const t = postTargets[next++ % postTargets.length]!;
            return {
              ...req,
              path: `/tasks/${t.taskId}/report`,
              body: new URLSearchParams({
                period: "2026-11",
                status: "IN_PROGRESS",
                percent: "50",
                progress: "基准测试报送",
                problems: "",
                nextSteps: "",
                coordination: "",
                baseReportId: t.base ?? "",
              }).toString(),
            };
          },
        },
      ],
    } as autocannon.Options,
    302,
  );
  // The warm-up above also posted: those tasks' bases moved on, so their second POST conflicts (409) — counted, not hidden.
  await stopServer(cached);
  // Every request rendered: what the first person to ask for a page after a change waits for.
  const cold = await startServer("0");
  await pages("every request rendered (page cache off)");
  await stopServer(cold);

  // --- references ------------------------------------------------------------------------------
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(ledgerHtml);
  });
  const barePort = await freePort();
  await new Promise<void>((r) => bare.listen(barePort, "127.0.0.1", r));
  bareRow = await load(
    `reference: bare Node HTTP, same page size (${Math.round(Buffer.byteLength(ledgerHtml) / 1024)} KB)`,
    { url: `http://127.0.0.1:${barePort}/` },
  );
  bare.close();

  {
    // The ledger's queries (count + one page of 50 with the unit filter) straight on SQLite.
    const countQ = sqlite.prepare(
      `SELECT count(*) AS n FROM "Task" t WHERE EXISTS (SELECT 1 FROM "Assignment" a WHERE a.taskId = t.id AND a.unitId = ? AND a.removedAt IS NULL)`,
    );
    const pageQ = sqlite.prepare(
      `SELECT t.id, t.ref, t.heading, t.dueDate, t.status, d.slug, d.title FROM "Task" t JOIN "Document" d ON d.id = t.documentId
       WHERE EXISTS (SELECT 1 FROM "Assignment" a WHERE a.taskId = t.id AND a.unitId = ? AND a.removedAt IS NULL)
       ORDER BY d.slug, t.position LIMIT 50`,
    );
    const assignQ = sqlite.prepare(
      `SELECT taskId, role, nameAsWritten, unitId FROM "Assignment" WHERE removedAt IS NULL AND taskId IN (${Array(50).fill("?").join(",")})`,
    );
    const times: number[] = [];
    const end = Date.now() + duration * 1000;
    while (Date.now() < end) {
      const t0 = process.hrtime.bigint();
      countQ.get(unit.unitId);
      const page = pageQ.all(unit.unitId) as Array<{ id: string }>;
      const ids = page.map((p) => p.id);
      assignQ.all(...ids, ...Array(50 - ids.length).fill(""));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(times.length * p))]! * 100) / 100;
    rows.push({
      what: "reference: ledger queries straight on SQLite (1 thread)",
      rps: times.length / duration,
      p50: q(0.5),
      p99: q(0.99),
    });
  }
}

// --- jobs through Redis and a local SMTP sink --------------------------------------------------
let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _s, cb) {
    stream.on("data", () => {});
    stream.on("end", () => {
      received++;
      cb();
    });
  },
});
const sinkPort = await freePort();
await new Promise<void>((r) => sink.listen(sinkPort, "127.0.0.1", r));
const prefix = `duban-bench-${process.pid}`;
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const work = new Queue(QUEUE.work, { connection: redis, prefix });

async function job(what: string, name: string, data: Record<string, unknown>, done: () => boolean) {
  const before = received;
  // Worker processes, as deployed on this machine: the job runs in one, emails go out from all.
  const workers = Array.from({ length: workerProcesses }, () =>
    nodeTsx(
      "jobs/worker.ts",
      {
        DATABASE_URL: `file:${dbFile}`,
        DUBAN_DATA_DIR: dataDir,
        REDIS_URL: redisUrl,
        DUBAN_QUEUE_PREFIX: prefix,
        SMTP_URL: `smtp://127.0.0.1:${sinkPort}`,
        DUBAN_WORKER_SCHEDULES: "0",
        EMAIL_CONCURRENCY: emailConcurrency,
        OUTBOX_SWEEP_MS: "2000",
      },
      WORKER_NODE_FLAGS,
    ),
  );
  children.push(...workers);
  // Ready when every worker has registered with the queue (after loading its task index).
  await until(
    async () => (await work.getWorkersCount()) >= workerProcesses,
    120_000,
    "workers ready",
  );
  const t0 = Date.now();
  await work.add(name, data, { removeOnComplete: true, removeOnFail: true });
  let peak = 0;
  const measure = () => workers.forEach((w) => (peak = Math.max(peak, peakRss(w.pid!) || 0)));
  await until(
    () => {
      measure();
      return done();
    },
    smoke ? 120_000 : 600_000,
    what,
  );
  const wall = (Date.now() - t0) / 1000;
  measure();
  for (const w of workers) {
    w.kill("SIGTERM");
    await new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)));
  }
  const emails = received - before;
  const row: Row = {
    what,
    wall,
    peak,
    perSecond: emails ? emails / wall : undefined,
    note: emails ? `${emails} emails` : undefined,
  };
  rows.push(row);
  log(
    `${what}: ${wall.toFixed(1)} s, peak ${mb(peak)} (largest worker)${emails ? `, ${emails} emails` : ""}`,
  );
}
const allSent = (keyLike: string) => () => {
  const r = sqlite
    .prepare(`SELECT count(*) AS total, sum(status = 'SENT') AS sent FROM "Email" WHERE key LIKE ?`)
    .get(keyLike) as { total: number; sent: number | null };
  return r.total > 0 && r.total === (r.sent ?? 0);
};
const ran = (runKey: string) => () =>
  Boolean(
    (
      sqlite.prepare(`SELECT finishedAt FROM "JobRun" WHERE runKey = ?`).get(runKey) as
        { finishedAt: string | null } | undefined
    )?.finishedAt,
  );

if (only !== "pages") {
  await job(
    "daily reminder run (compute + send)",
    "reminders",
    { date: "2026-11-20" },
    () => ran("reminders:2026-11-20")() && allSent("reminder:%")() && allSent("escalation:%")(),
  );
  await job(
    "weekly digest, all users (compute + send)",
    "digest",
    { date: "2026-11-23" },
    () => ran("digest:2026-W48")() && allSent("digest:%")(),
  );
  const reportId = `bench-${Date.now()}`;
  sqlite
    .prepare(
      `INSERT INTO "RollupReport" (id, period, status, progress, emailMembers, createdAt) VALUES (?, '2026-10', 'QUEUED', 0, 0, ?)`,
    )
    .run(reportId, new Date().toISOString().replace("Z", "+00:00"));
  await job(
    "roll-up build, all tasks (XLSX + DOCX)",
    "rollup",
    { reportId },
    () =>
      (
        sqlite.prepare(`SELECT status FROM "RollupReport" WHERE id = ?`).get(reportId) as {
          status: string;
        }
      ).status === "DONE",
  );
}
// A duplicate check: no idempotency key was sent twice.
const dupes = (
  sqlite
    .prepare(`SELECT count(*) AS n FROM (SELECT key FROM "Email" GROUP BY key HAVING count(*) > 1)`)
    .get() as { n: number }
).n;

await work.obliterate({ force: true }).catch(() => {});
await work.close();
const leftovers = await redis.keys(`${prefix}:*`);
if (leftovers.length) await redis.del(...leftovers);
redis.disconnect();
sink.close();

// --- report ------------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const ratio = (r: Row) =>
  r.rps && bareRow?.rps ? `${Math.round((r.rps / bareRow.rps) * 100)}% of bare` : "";
const lines = [
  `Duban benchmark — ${new Date().toISOString()} — ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
  `data: ${counts.tasks} tasks, ${counts.reports} reports, ${counts.users} users, ${counts.units} units; ${connections} connections, ${duration} s per page, ${webProcesses} web process(es), ${workerProcesses} worker process(es); ${emailConcurrency} parallel SMTP sends${smoke ? " (smoke)" : ""}`,
  "",
  `| what | req/s | p50 ms | p99 ms | wall s | peak mem | emails/s | notes |`,
  `|---|---:|---:|---:|---:|---:|---:|---|`,
  ...rows.map(
    (r) =>
      `| ${r.what} | ${r.rps !== undefined ? Math.round(r.rps) : ""} | ${r.p50 ?? ""} | ${r.p99 ?? ""} | ${r.wall !== undefined ? r.wall.toFixed(1) : ""} | ${r.peak !== undefined ? mb(r.peak) : ""} | ${r.perSecond !== undefined ? Math.round(r.perSecond) : ""} | ${[r.note, ratio(r)].filter(Boolean).join("; ")} |`,
  ),
  "",
  `duplicate emails (same idempotency key twice): ${dupes}`,
];
console.log(lines.join("\n"));
mkdirSync(path.join(projectRoot, "tests/output"), { recursive: true });
writeFileSync(
  path.join(projectRoot, "tests/output", smoke ? "bench-smoke.md" : "bench.md"),
  lines.join("\n") + "\n",
);
process.exit(0);

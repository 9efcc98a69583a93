// `npm run jobs` run on its own, beside a running app: its emails link to the port the web server
// serves, and it says who sends them — and they are sent — when a worker is running.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readHeartbeat } from "../../jobs/redis";
import { seededDatabase } from "../helpers/fixtures";
import { startServer } from "../helpers/server";
import { startSmtp, waitFor } from "../helpers/smtp";
import {
  queuePrefix,
  REDIS_URL,
  requireRedis,
  startWorker as startWorkerProcess,
  testQueues,
} from "../helpers/worker";

// Every worker started here is stopped at the end, even after a test that timed out.
const started: Array<ReturnType<typeof startWorkerProcess>> = [];
const startWorker = (env: Record<string, string>) => {
  const w = startWorkerProcess(env);
  started.push(w);
  return w;
};
afterAll(() =>
  started.forEach((w) => w.child.exitCode === null && !w.child.signalCode && w.kill("SIGKILL")),
);

const root = path.resolve(__dirname, "../..");

/** What a shell that did not start the app has: none of the settings npm start passes its children. */
function cleanEnv(extra: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const k of ["APP_URL", "PORT", "HOST", "REDIS_URL", "SMTP_URL", "DUBAN_QUEUE_PREFIX"])
    delete env[k];
  return { ...env, ...extra };
}

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/cli.ts", ...args], {
      cwd: root,
      env: cleanEnv(env) as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (out += String(d)));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe("npm run jobs beside a running app", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let web: { base: string; server: ChildProcess };
  beforeAll(async () => {
    await requireRedis();
    f = await seededDatabase();
    await f.user("LIAISON", "省药监局");
    await f.user("LIAISON", "财政厅");
    await f.user("REVIEWER", "商务厅");
    // The web server on a port of its own, as `PORT=… npm start` runs it.
    web = await startServer(f.file, f.dir, { APP_URL: "" });
  });
  afterAll(async () => {
    web?.server.kill("SIGTERM");
    await f.cleanup();
  });
  const data = () => ({ DATABASE_URL: `file:${f.file}`, DUBAN_DATA_DIR: f.dir });
  const bodies = (date: string) =>
    f.db.email.findMany({
      where: { key: { endsWith: `:${date}` } },
      include: { body: true },
    });

  it("links to the web server's port, read from the data folder; says nothing is sent without a worker", async () => {
    const r = await runCli(["run", "reminders", "--date", "2026-11-20"], {
      ...data(),
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    });
    expect(r.code, r.out).toBe(0);
    const emails = await bodies("2026-11-20");
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) {
      expect(e.body.text).toContain(`${web.base}/tasks/`);
      expect(e.body.text).not.toContain("localhost:3000");
    }
    expect(r.out).toContain(`links in these emails start with ${web.base}`);
    expect(r.out).toMatch(/SMTP_URL is not set: \d+ of its \d+ emails are waiting in the outbox/);
    expect(r.out).toContain("does not answer");
    expect(emails.every((e) => e.status === "PENDING")).toBe(true);
  }, 60_000);

  it("hands the emails to a running worker, which sends them (with the same links)", async () => {
    const smtp = await startSmtp();
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    // A worker started on its own too (no APP_URL, no PORT): it reads the same record.
    const w = startWorker({
      ...data(),
      DUBAN_QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      APP_URL: "",
      PORT: "",
    });
    try {
      await waitFor(() => w.output.join("").includes("connected to Redis"), 20_000, "worker");
      await waitFor(
        async () => Boolean((await readHeartbeat(REDIS_URL, prefix)).heartbeat),
        20_000,
        "heartbeat",
      );
      // Reminders of another day, made now by the CLI (the first test's wait in the outbox too).
      const r = await runCli(["run", "reminders", "--date", "2026-11-23"], {
        ...data(),
        REDIS_URL,
        DUBAN_QUEUE_PREFIX: prefix,
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(
        new RegExp(`handing \\d+ of its \\d+ emails to the worker \\(pid ${w.child.pid}`),
      );
      expect(r.out).toMatch(/the worker sent them \(\d+ sent\)/);
      const made = await bodies("2026-11-23");
      expect(made.length).toBeGreaterThan(0);
      for (const m of made) expect(m.body.text).toContain(`${web.base}/tasks/`);
      await waitFor(
        async () => (await f.db.email.count({ where: { status: "PENDING" } })) === 0,
        20_000,
        "outbox empty",
      );
      const received = smtp.received.filter((m) => m.text.includes("/tasks/"));
      expect(received.length).toBeGreaterThan(0);
      for (const m of received) {
        expect(m.text).toContain(`${web.base}/tasks/`);
        expect(m.text).not.toContain("localhost:3000");
      }
    } finally {
      w.kill("SIGTERM");
      await w.exited;
      await q.cleanup();
      await smtp.close();
    }
  }, 90_000);

  it("says so when the running worker cannot send either", async () => {
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    const w = startWorker({ ...data(), DUBAN_QUEUE_PREFIX: prefix, SMTP_URL: "" });
    try {
      await waitFor(
        async () => Boolean((await readHeartbeat(REDIS_URL, prefix)).heartbeat),
        20_000,
        "heartbeat",
      );
      const r = await runCli(["run", "reminders", "--date", "2026-11-24"], {
        ...data(),
        REDIS_URL,
        DUBAN_QUEUE_PREFIX: prefix,
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain(`the worker (pid ${w.child.pid}`);
      expect(r.out).toContain("is running without SMTP_URL either, so it cannot send them");
    } finally {
      w.kill("SIGTERM");
      await w.exited;
      await q.cleanup();
    }
  }, 90_000);

  it("for --no-send, says that the running worker sends them, and when", async () => {
    const smtp = await startSmtp();
    const prefix2 = queuePrefix();
    const q2 = testQueues(prefix2);
    const w2 = startWorker({
      ...data(),
      DUBAN_QUEUE_PREFIX: prefix2,
      SMTP_URL: smtp.url,
      OUTBOX_SWEEP_MS: "60000",
    });
    try {
      await waitFor(
        async () => Boolean((await readHeartbeat(REDIS_URL, prefix2)).heartbeat),
        20_000,
        "heartbeat",
      );
      const r = await runCli(["run", "reminders", "--date", "2026-11-25", "--no-send"], {
        ...data(),
        REDIS_URL,
        DUBAN_QUEUE_PREFIX: prefix2,
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(
        new RegExp(
          `--no-send: .* in the outbox; the worker \\(pid ${w2.child.pid}, alive \\d+ s ago\\) sends them within 60 s`,
        ),
      );
    } finally {
      w2.kill("SIGTERM");
      await w2.exited;
      await q2.cleanup();
      await smtp.close();
    }
  }, 90_000);
});

// The worker through a real Redis and a real SMTP server: nothing sent twice, nothing lost.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToOutbox, OUTBOX, sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { seededDatabase } from "../helpers/fixtures";
import { tempDatabase } from "../helpers/db";
import { startSmtp, waitFor } from "../helpers/smtp";
import { queuePrefix, requireRedis, startWorker, testQueues } from "../helpers/worker";

beforeAll(() => requireRedis());

async function outboxBatch(
  db: Awaited<ReturnType<typeof seededDatabase>>["db"],
  n: number,
  tag: string,
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await addToOutbox(db, {
      key: `${tag}:${i}`,
      kind: "URGE",
      to: `u${i}@example.test`,
      subject: `【催办】测试 ${i}`,
      text: `第 ${i} 封`,
      html: `<p>第 ${i} 封</p>`,
    });
    ids.push(id);
  }
  return ids;
}
const sentCount = (db: Awaited<ReturnType<typeof seededDatabase>>["db"], tag: string) =>
  db.email.count({ where: { key: { startsWith: `${tag}:` }, status: "SENT" } });

describe("worker", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    await f.user("LIAISON", "省药监局");
    await f.user("LIAISON", "财政厅");
    await f.user("REVIEWER", "商务厅");
  });
  afterAll(() => f.cleanup());
  const env = (prefix: string, smtpUrl: string) => ({
    DATABASE_URL: `file:${f.file}`,
    DUBAN_DATA_DIR: f.dir,
    DUBAN_QUEUE_PREFIX: prefix,
    SMTP_URL: smtpUrl,
  });

  it("runs a reminders job from the queue and sends each email once, even when the job is added twice", async () => {
    const smtp = await startSmtp();
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    const w = startWorker(env(prefix, smtp.url));
    try {
      await q.work.add("reminders", { date: "2026-11-20" }, { jobId: "first" });
      await q.work.add("reminders", { date: "2026-11-20" }, { jobId: "second" });
      // The day's reminders (财政厅's carrying this week's escalation), and the reviewer's escalation.
      const expected = async () =>
        f.db.email.count({
          where: {
            OR: [{ key: { endsWith: ":2026-11-20" } }, { key: { startsWith: "escalation:" } }],
          },
        });
      await waitFor(
        async () => (await expected()) > 0 && smtp.received.length === (await expected()),
        20_000,
        "reminders sent",
      );
      await new Promise((r) => setTimeout(r, 800)); // give a duplicate the chance to appear
      expect(smtp.received).toHaveLength(await expected());
      // A job computes as of the moment it runs (here, the real clock): 财政厅's reminder (its
      // long-overdue tasks escalated inside it), others as the day has them, and one escalation
      // to the reviewer.
      const subjects = smtp.received.map((m) => m.subject.slice(0, 6));
      expect(subjects.filter((s) => s === "【督办升级】")).toHaveLength(1);
      expect(subjects.filter((s) => s === "【督办提醒】").length).toBeGreaterThanOrEqual(1);
      expect(
        smtp.received.find((m) => m.subject.startsWith("【督办提醒】财政厅"))?.subject,
      ).toMatch(/\d+项逾期超过14天已升级督办$/);
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(smtp.received.length);
    } finally {
      w.kill("SIGTERM");
      await w.exited;
      await q.cleanup();
      await smtp.close();
    }
  });

  it("a worker killed mid-batch (SIGKILL) and restarted sends every email exactly once", async () => {
    const smtp = await startSmtp({ delayMs: 25 }); // slow server: the kill lands mid-send
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    const ids = await outboxBatch(f.db, 60, "kill");
    const first = startWorker({ ...env(prefix, smtp.url), EMAIL_CONCURRENCY: "4" });
    try {
      await waitFor(() => smtp.received.length >= 12, 20_000, "a dozen emails");
      first.kill("SIGKILL");
      await first.exited;
      const inFlight = await f.db.email.count({
        where: { id: { in: ids }, status: { in: ["SENDING", "PENDING"] } },
      });
      expect(inFlight).toBeGreaterThan(0);
      const second = startWorker({ ...env(prefix, smtp.url), EMAIL_CONCURRENCY: "4" });
      try {
        await waitFor(
          async () => (await sentCount(f.db, "kill")) === 60,
          30_000,
          "all 60 SENT",
        ).catch(async (e: Error) => {
          const stuck = await f.db.email.findMany({
            where: { id: { in: ids }, status: { not: "SENT" } },
            select: {
              status: true,
              attempts: true,
              lastError: true,
              nextAttemptAt: true,
              claimedAt: true,
            },
          });
          throw new Error(`${e.message}\n${JSON.stringify(stuck)}\n${second.output.join("")}`);
        });
        await waitFor(
          () => smtp.received.filter((m) => m.subject.startsWith("【催办】测试")).length >= 60,
          10_000,
          "60 received",
        );
        await new Promise((r) => setTimeout(r, 800));
        const got = smtp.received.filter((m) => m.subject.startsWith("【催办】测试"));
        expect(got).toHaveLength(60);
        expect(new Set(got.map((m) => m.subject)).size).toBe(60);
        expect(new Set(got.map((m) => m.messageId)).size).toBe(60);
      } finally {
        second.kill("SIGTERM");
        await second.exited;
      }
    } finally {
      await q.cleanup();
      await smtp.close();
    }
  }, 60_000);

  it("keeps retrying with backoff while SMTP refuses connections, and delivers once it is back", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    const ids = await outboxBatch(f.db, 5, "down");
    // Enough attempts, with a short cap on the backoff, to outlast the outage on a slow machine.
    const w = startWorker({
      ...env(prefix, `smtp://127.0.0.1:${port}`),
      EMAIL_MAX_ATTEMPTS: "50",
      EMAIL_RETRY_MAX_MS: "800",
    });
    let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;
    try {
      await waitFor(
        async () =>
          (await f.db.email.count({
            where: { id: { in: ids }, attempts: { gte: 2 }, status: "PENDING" },
          })) === 5,
        20_000,
        "two failed attempts each",
      ).catch((e: Error) => {
        throw new Error(`${e.message}\n${w.output.join("")}`);
      });
      const row = await f.db.email.findFirstOrThrow({ where: { id: ids[0] } });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(row.updatedAt.getTime()); // backed off
      smtp = await startSmtp({ port });
      await waitFor(
        async () => (await sentCount(f.db, "down")) === 5,
        20_000,
        "delivered after recovery",
      ).catch(async (e: Error) => {
        const rows = await f.db.email.findMany({
          where: { id: { in: ids } },
          select: { status: true, attempts: true, nextAttemptAt: true, lastError: true },
        });
        throw new Error(`${e.message}\n${JSON.stringify(rows)}\n${w.output.join("")}`);
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.received.filter((m) => m.subject.startsWith("【催办】测试"))).toHaveLength(5);
    } finally {
      w.kill("SIGTERM");
      await w.exited;
      await q.cleanup();
      await smtp?.close();
    }
  }, 60_000);

  it("marks an email FAILED after the last retry, and an admin's resend delivers it", async () => {
    const { id } = await addToOutbox(f.db, {
      key: "fail:1",
      kind: "URGE",
      to: "x@example.test",
      subject: "失败测试",
      text: "t",
      html: "<p>t</p>",
    });
    const saved = { ...OUTBOX };
    Object.assign(OUTBOX, { maxAttempts: 2, retryBaseMs: 0 });
    try {
      const dead = smtpConfig("smtp://127.0.0.1:1");
      expect(await sendOutboxEmail(f.db, id, dead)).toBe("RETRY");
      expect(await sendOutboxEmail(f.db, id, dead)).toBe("FAILED");
      expect(await sendOutboxEmail(f.db, id, dead)).toBe("SKIPPED"); // FAILED waits for a person
      const admin = await f.user("ADMIN", null);
      const { resendEmail } = await import("~/email/outbox.server");
      await resendEmail(f.db, id, admin.id);
      const smtp = await startSmtp();
      try {
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SENT");
        expect(smtp.received.map((m) => m.subject)).toEqual(["失败测试"]);
      } finally {
        await smtp.close();
      }
    } finally {
      Object.assign(OUTBOX, saved);
    }
  });

  it("on SIGTERM finishes the email it is sending, then exits", async () => {
    const smtp = await startSmtp({ delayMs: 1500 });
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    const [id] = await outboxBatch(f.db, 1, "graceful");
    const w = startWorker(env(prefix, smtp.url));
    try {
      await waitFor(
        async () => (await f.db.email.findUniqueOrThrow({ where: { id } })).status !== "PENDING",
        10_000,
        "send started",
      );
      w.kill("SIGTERM");
      expect(await w.exited).toBe(0);
      const row = await f.db.email.findUniqueOrThrow({ where: { id } });
      expect({
        status: row.status,
        lastError: row.lastError,
        output: row.status === "SENT" ? "" : w.output.join(""),
      }).toMatchObject({ status: "SENT" });
      expect(smtp.received.filter((m) => m.subject === "【催办】测试 0")).toHaveLength(1);
    } finally {
      await q.cleanup();
      await smtp.close();
    }
  }, 30_000);
});

describe("schedules", () => {
  it("registers the job schedulers once in Asia/Shanghai, however often the worker starts", async () => {
    const t = tempDatabase();
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    try {
      // A schedule left in Redis by an earlier version is removed when the worker starts.
      await q.work.upsertJobScheduler(
        "outbox-sweep",
        { every: 60_000 },
        { name: "sweep", data: {} },
      );
      for (let i = 0; i < 2; i++) {
        const w = startWorker({
          DATABASE_URL: `file:${t.file}`,
          DUBAN_DATA_DIR: t.dir,
          DUBAN_QUEUE_PREFIX: prefix,
          SMTP_URL: "smtp://127.0.0.1:1",
          DUBAN_WORKER_SCHEDULES: "1",
        });
        await waitFor(
          async () => (await q.work.getJobSchedulersCount()) === 4,
          15_000,
          "schedulers",
        );
        w.kill("SIGTERM");
        await w.exited;
      }
      const schedulers = await q.work.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
        ["digest-weekly", "30 8 * * 1", "Asia/Shanghai"],
        ["escalation-daily", "10 8 * * *", "Asia/Shanghai"],
        ["reminders-daily", "0 8 * * *", "Asia/Shanghai"],
        ["rollup-monthly", "0 9 1 * *", "Asia/Shanghai"],
      ]);
    } finally {
      await q.cleanup();
      await t.cleanup();
    }
  }, 40_000);
});

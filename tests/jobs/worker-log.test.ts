// The worker's log while Redis comes and goes: one line per change of state (unreachable,
// connected, lost, reconnected), never a line or a stack trace per reconnect attempt; one line per
// run of a job; and SIGTERM stops it even while Redis is away.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAppUrl } from "~/cli/app-url.mjs";
import { seededDatabase } from "../helpers/fixtures";
import { freePort } from "../helpers/server";
import { waitFor } from "../helpers/smtp";
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

/** A TCP proxy to the test Redis that can be taken away (every connection cut) and brought back. */
function redisProxy(port: number) {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    up: () =>
      new Promise<void>((resolve) => {
        server = net.createServer((client) => {
          const upstream = net.connect(Number(target.port || 6379), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("close", () => sockets.delete(s));
            s.on("error", () => {});
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (server) server.close(() => resolve());
        else resolve();
        server = null;
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("worker log", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    await requireRedis();
    f = await seededDatabase();
    await f.user("LIAISON", "省药监局");
    await f.user("LIAISON", "财政厅");
  });
  afterAll(() => f.cleanup());

  it("says once that Redis is unreachable, then connected, lost and reconnected; one line per run", async () => {
    const proxy = redisProxy(await freePort());
    const prefix = queuePrefix();
    const q = testQueues(prefix);
    // What a web server on port 4999 left in the data folder: the worker, started on its own
    // without APP_URL or PORT, links there too.
    recordAppUrl(f.dir, "http://127.0.0.1:4999", "web");
    const w = startWorker({
      APP_URL: "",
      PORT: "",
      DATABASE_URL: `file:${f.file}`,
      DUBAN_DATA_DIR: f.dir,
      DUBAN_QUEUE_PREFIX: prefix,
      REDIS_URL: proxy.url,
      SMTP_URL: "",
    });
    const lines = () => w.output.join("").split("\n").filter(Boolean);
    const count = (re: RegExp) => lines().filter((l) => re.test(l)).length;
    try {
      // Unreachable for a while: a dozen reconnect attempts, each failing on every connection.
      await waitFor(() => count(/cannot reach Redis/) > 0, 20_000, "unreachable");
      await sleep(5000);
      await proxy.up();
      await waitFor(() => count(/connected to Redis at .* after \d+ s/) > 0, 20_000, "connected");
      await sleep(1000);
      await proxy.down();
      await waitFor(() => count(/lost the connection to Redis/) > 0, 20_000, "lost");
      await sleep(5000);
      await proxy.up();
      await waitFor(() => count(/reconnected to Redis at .* after \d+ s/) > 0, 20_000, "back");

      await q.work.add("reminders", { date: "2026-11-20" });
      await waitFor(() => count(/ran reminders for 2026-11-20/) > 0, 30_000, "run line");
      const made = await f.db.email.findMany({
        where: { key: { endsWith: ":2026-11-20" } },
        include: { body: true },
      });
      expect(made.length).toBeGreaterThan(0);
      for (const m of made) expect(m.body.text).toContain("http://127.0.0.1:4999/tasks/");
      await q.work.add("reminders", { date: "2026-11-20" });
      await waitFor(() => count(/skipped, reminders:2026-11-20 already ran/) > 0, 30_000, "skip");

      const out = lines();
      const detail = out.join("\n");
      expect(count(/cannot reach Redis/), detail).toBe(1);
      expect(count(/worker: connected to Redis/), detail).toBe(1);
      expect(count(/lost the connection to Redis/), detail).toBe(1);
      expect(count(/reconnected to Redis/), detail).toBe(1);
      expect(count(/^\s+at /), detail).toBe(0); // no stack traces
      expect(count(/ECONNREFUSED|ECONNRESET|Connection is closed/), detail).toBe(1); // the first
      expect(
        out.find((l) => l.includes("ran reminders")),
        detail,
      ).toMatch(/^worker: ran reminders for 2026-11-20: \d+ emails? \(\d+ reminders?; \d+ carry/);
      expect(out.length, detail).toBeLessThan(16);

      // SIGTERM while Redis is away again: the worker stops (it used to wait for Redis forever).
      await proxy.down();
      await waitFor(() => count(/lost the connection to Redis/) === 2, 20_000, "lost again");
      const stopped = Date.now();
      w.kill("SIGTERM");
      expect(await w.exited).toBe(0);
      expect(Date.now() - stopped).toBeLessThan(8000);
      expect(lines().join("\n")).toContain("Redis is unreachable; stopping without waiting");
    } finally {
      w.kill("SIGKILL");
      await proxy.down();
      await q.cleanup();
    }
  }, 120_000);
});

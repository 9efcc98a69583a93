// Two processes writing to one SQLite file at once: the worker beside the web server, or several
// web processes (WEB_PROCESSES). Real processes, because one process's connections cannot wait
// for each other (better-sqlite3 waits for a lock synchronously). The steps are ordered through
// the helpers' stdin/stdout, so each outcome is certain, not a race.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDatabase } from "./helpers/db";

const t = tempDatabase();
afterAll(() => t.cleanup());

type Writer = {
  child: ChildProcessWithoutNullStreams;
  line: () => Promise<string>;
  result: Promise<{ ok: boolean; error?: string }>;
};

function writer(key: string, how: "hold" | "once", mode: "write-first" | "deferred"): Writer {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/helpers/tx-writer.ts", t.file, key, how, mode],
    { cwd: path.resolve(__dirname, "..") },
  );
  const lines: string[] = [];
  const waiting: Array<(l: string) => void> = [];
  let buffer = "";
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const l = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  const line = () =>
    new Promise<string>((resolve) =>
      lines.length ? resolve(lines.shift()!) : waiting.push(resolve),
    );
  const result = new Promise<{ ok: boolean; error?: string }>((resolve, reject) => {
    child.on("exit", () =>
      lines.length ? resolve(JSON.parse(lines.pop()!)) : reject(new Error(`${key}: no result`)),
    );
  });
  return { child, line, result };
}

describe("write transactions across processes", () => {
  it("a deferred transaction that read before another process committed cannot write (why writeTransaction exists)", async () => {
    const a = writer("deferred-a", "hold", "deferred");
    expect(await a.line()).toBe("ready"); // a has read: its snapshot predates b's commit
    expect(await writer("deferred-b", "once", "deferred").result).toEqual({ ok: true });
    a.child.stdin.write("go\n");
    const r = await a.result;
    expect(r.ok).toBe(false);
    // Prisma reports SQLite's SQLITE_BUSY(_SNAPSHOT) here as "Operation has timed out".
    expect(r.error).toMatch(/busy|locked|snapshot|timed out/i);
    expect(await t.db.setting.count({ where: { key: "deferred-a" } })).toBe(0);
  }, 30_000);

  it("writeTransaction takes the write lock before reading: the other process waits, and both commit", async () => {
    const a = writer("first-a", "hold", "write-first");
    expect(await a.line()).toBe("ready"); // a holds the write lock
    const b = writer("first-b", "once", "write-first");
    await new Promise((r) => setTimeout(r, 500)); // b is now waiting for the lock
    expect(await t.db.setting.count({ where: { key: "first-b" } })).toBe(0);
    a.child.stdin.write("go\n");
    expect(await a.result).toEqual({ ok: true });
    expect(await b.result).toEqual({ ok: true });
    const rows = await t.db.setting.findMany({
      where: { key: { startsWith: "first-" } },
      orderBy: { key: "asc" },
    });
    // b read after a committed: it counted a's row.
    expect(rows.map((r) => r.key)).toEqual(["first-a", "first-b"]);
    expect(Number(rows[1]!.value)).toBe(Number(rows[0]!.value) + 1);
  }, 30_000);
});

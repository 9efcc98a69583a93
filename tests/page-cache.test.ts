// The page cache in the real server: a page is sent again to anyone in the same seat while
// nothing it shows has changed, and rendered afresh as soon as something has — whoever wrote the
// change (this server, another connection) and whatever it was (a report, an urge, a rename, a
// setting). Seats never see each other's pages.
import type { ChildProcess } from "node:child_process";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-cache-tests";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
const cookies: Record<string, string> = {};
let taskId = "";
let customsId = "";

// Each response carries its own CSP nonce; apart from it, a hit is the page as it was rendered.
const nonceless = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

async function get(path: string, who: string) {
  const res = await fetch(base + path, { headers: { cookie: cookies[who]! }, redirect: "manual" });
  return {
    status: res.status,
    cache: res.headers.get("x-duban-page-cache"),
    html: await res.text(),
  };
}

beforeAll(async () => {
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (email: string, name: string, role: string, unit: string | null, code = "SC") =>
    f.db.user.create({
      data: {
        email,
        name,
        role,
        passwordHash,
        unitId: unit ? (await f.unit(unit, code)).id : null,
      },
    });
  await mk("reviewer-a@cache.test", "审核员甲", "REVIEWER", "商务厅");
  await mk("reviewer-b@cache.test", "审核员乙", "REVIEWER", "商务厅");
  await mk("lead@cache.test", "牵头联络员", "LIAISON", "商务厅");
  await mk("customs@cache.test", "海关联络员", "LIAISON", "成都海关");
  await mk("other@cache.test", "天津联络员", "LIAISON", "市商务局", "TJ");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads
  customsId = (await f.unit("成都海关")).id;
  // No Redis: an urge's emails stay in the outbox (no worker runs here).
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["reviewer-a", "reviewer-b", "lead", "customs", "other"])
    cookies[who] = await signIn(base, `${who}@cache.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("page cache", () => {
  it("sends a page again, byte for byte, to another person in the same seat — and no person's name or email is in it", async () => {
    const first = await get(`/?unit=${customsId}`, "reviewer-a");
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    const again = await get(`/?unit=${customsId}`, "reviewer-b");
    expect(again.cache).toBe("hit");
    expect(nonceless(again.html)).toBe(nonceless(first.html));
    expect(first.html).toContain("商务厅 · 督办审核员");
    for (const personal of ["审核员甲", "reviewer-a@cache.test"])
      expect(first.html).not.toContain(personal);
  });

  it("keeps seats apart: a liaison gets their own unit's ledger, not the reviewer's", async () => {
    const reviewer = await get("/", "reviewer-a");
    const customs = await get("/", "customs");
    expect(customs.cache).toBe("miss");
    expect(Number(customs.html.match(/共 (\d+) 项任务/)![1])).toBeLessThan(
      Number(reviewer.html.match(/共 (\d+) 项任务/)![1]),
    );
    expect(customs.html).toContain("成都海关 · 联络员");
  });

  it("renders afresh after a report filed through the app, then shares the new page", async () => {
    const before = await get(`/tasks/${taskId}`, "reviewer-a");
    expect((await get(`/tasks/${taskId}`, "reviewer-b")).cache).toBe("hit");
    const form = await fetch(`${base}/tasks/${taskId}/report`, {
      headers: { cookie: cookies.lead! },
    }).then((r) => r.text());
    const baseReportId = form.match(/name="baseReportId" value="([^"]*)"/)?.[1] ?? "";
    const post = await fetch(`${base}/tasks/${taskId}/report`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: cookies.lead!,
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: "40",
        progress: "缓存测试：第一批项目已开工。",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId,
      }),
    });
    expect(post.status).toBe(302);
    const after = await get(`/tasks/${taskId}`, "reviewer-b");
    expect(after.cache).toBe("miss");
    expect(after.html).toContain("缓存测试：第一批项目已开工。");
    expect(before.html).not.toContain("缓存测试");
    expect((await get(`/tasks/${taskId}`, "reviewer-a")).cache).toBe("hit");
  });

  it("shares a liaison's landing page within their unit, and renders it afresh after a report", async () => {
    const second = "lead-2@cache.test";
    await f.db.user.create({
      data: {
        email: second,
        name: "牵头联络员二",
        role: "LIAISON",
        passwordHash: await hashPassword(PASSWORD),
        unitId: (await f.unit("商务厅")).id,
      },
    });
    cookies["lead-2"] = await signIn(base, second, PASSWORD);
    const first = await get("/my", "lead");
    expect(first.status).toBe(200);
    expect(first.html).not.toContain("受阻");
    const again = await get("/my", "lead-2");
    expect(again.cache).toBe("hit");
    expect(nonceless(again.html)).toBe(nonceless(first.html));
    expect((await get("/my", "customs")).cache).toBe("miss"); // another unit, another page
    const other = new Database(f.file);
    other.prepare(`UPDATE "Task" SET status = 'BLOCKED' WHERE id = ?`).run(taskId);
    other.close();
    const after = await get("/my", "lead-2");
    expect(after.cache).toBe("miss");
    expect(after.html).toContain("受阻");
  });

  it("renders afresh after a change written by another connection (another process, a seed run)", async () => {
    const ledgerPath = `/?document=sc-2023-trade-power-draft`;
    await get(ledgerPath, "reviewer-a");
    expect((await get(ledgerPath, "reviewer-a")).cache).toBe("hit");
    const other = new Database(f.file);
    other.prepare(`UPDATE "Task" SET heading = ? WHERE id = ?`).run("另一进程改写的标题", taskId);
    other.close();
    const after = await get(ledgerPath, "reviewer-a");
    expect(after.cache).toBe("miss");
    expect(after.html).toContain("另一进程改写的标题");
  });

  it("keeps a ledger page whose rows and total did not change when another task changed", async () => {
    const elsewhere = await f.task("sc-2020-trade-bases", "三.(一)");
    const page = `/?document=sc-2016-processing-trade`;
    await get(page, "reviewer-a");
    const other = new Database(f.file);
    other.prepare(`UPDATE "Task" SET heading = heading || '（改）' WHERE id = ?`).run(elsewhere.id);
    other.close();
    expect((await get(page, "reviewer-a")).cache).toBe("hit");
    expect((await get(`/?document=sc-2020-trade-bases`, "reviewer-a")).html).toContain("（改）");
  });

  it("shows an urge (a timeline entry alone) and a renamed actor at once", async () => {
    await get(`/tasks/${taskId}`, "reviewer-a");
    const urge = await fetch(`${base}/tasks/${taskId}?index`, {
      method: "POST",
      headers: {
        cookie: cookies["reviewer-a"]!,
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ intent: "urge", message: "请于本周内报送缓存测试进展" }),
    });
    expect(urge.status).toBe(200);
    const urged = await get(`/tasks/${taskId}`, "reviewer-b");
    expect(urged.cache).toBe("miss");
    expect(urged.html).toContain("请于本周内报送缓存测试进展");
    expect(urged.html).toContain("审核员甲");

    const other = new Database(f.file);
    other
      .prepare(`UPDATE "User" SET name = ? WHERE email = ?`)
      .run("审核员甲（改名）", "reviewer-a@cache.test");
    other.close();
    const renamed = await get(`/tasks/${taskId}`, "reviewer-b");
    expect(renamed.cache).toBe("miss");
    expect(renamed.html).toContain("审核员甲（改名）");
  });

  it("shows a leader's instruction (领导批示) and its answer at once, on the task page and the lead's /my", async () => {
    await get(`/tasks/${taskId}`, "reviewer-a");
    await get("/my", "lead");
    expect((await get("/my", "lead")).cache).toBe("hit");
    // Written by another connection, the instruction row alone (no timeline entry with it).
    const other = new Database(f.file);
    const leader = other
      .prepare(`SELECT id, unitId FROM "User" WHERE email = ?`)
      .get("reviewer-a@cache.test") as { id: string; unitId: string };
    other
      .prepare(
        `INSERT INTO "Instruction" (id, taskId, leaderId, unitId, text, createdAt) VALUES ('ins-cache', ?, ?, ?, ?, ?)`,
      )
      .run(taskId, leader.id, leader.unitId, "缓存测试批示", new Date().toISOString());
    other.close();
    const page = await get(`/tasks/${taskId}`, "reviewer-a");
    expect(page.cache).toBe("miss");
    expect(page.html).toContain("缓存测试批示");
    const my = await get("/my", "lead");
    expect(my.cache).toBe("miss");
    expect(my.html).toContain("缓存测试批示");
    const report = await f.db.progressReport.findFirstOrThrow({ where: { taskId } });
    const again = new Database(f.file);
    again
      .prepare(
        `INSERT INTO "InstructionAnswer" (id, instructionId, reportId, taskId, unitId, text, createdAt) VALUES ('ans-cache', 'ins-cache', ?, ?, ?, ?, ?)`,
      )
      .run(report.id, taskId, report.unitId, "缓存测试落实情况", new Date().toISOString());
    again.close();
    const answered = await get(`/tasks/${taskId}`, "reviewer-a");
    expect(answered.cache).toBe("miss");
    expect(answered.html).toContain("缓存测试落实情况");
    expect((await get("/my", "lead")).html).not.toContain("缓存测试批示");
  });

  it("signing in again does not count as a change", async () => {
    await get(`/tasks/${taskId}`, "reviewer-a");
    cookies["reviewer-a"] = await signIn(base, "reviewer-a@cache.test", PASSWORD);
    expect((await get(`/tasks/${taskId}`, "reviewer-a")).cache).toBe("hit");
  });

  it("the review board follows the reporting calendar", async () => {
    await get("/review", "reviewer-a");
    expect((await get("/review", "reviewer-b")).cache).toBe("hit");
    const other = new Database(f.file);
    other
      .prepare(
        `INSERT INTO "Setting" (key, value, updatedAt) VALUES ('reportingCalendar', '{"cycle":"MONTHLY","reportDay":10}', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      )
      .run(new Date().toISOString());
    other.close();
    const after = await get("/review", "reviewer-b");
    expect(after.cache).toBe("miss");
    expect(after.html.replaceAll("<!-- -->", "")).toMatch(/\d+月10日截止/);
  });

  it("never keeps refusals, redirects or people who are not signed in", async () => {
    const refused = await get(`/tasks/${taskId}`, "other");
    expect(refused.status).toBe(403);
    expect((await get(`/tasks/${taskId}`, "other")).status).toBe(403);
    const other = await f.db.user.findUniqueOrThrow({ where: { email: "other@cache.test" } });
    // Both attempts reached the access check and were logged (one row a minute, counting them).
    const denials = await f.db.auditEvent.findMany({
      where: { type: "access.denied", actorId: other.id },
    });
    expect(denials.reduce((n, d) => n + Number(JSON.parse(d.payload).count), 0)).toBe(2);
    const anonymous = await fetch(`${base}/`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("x-duban-page-cache")).toBeNull();
    // A liaison is refused the review board, every time.
    expect((await get("/review", "customs")).status).toBe(403);
  });
});

describe("what cached pages may show", () => {
  // A cached page is fresh only if every change to what it shows reaches a change log. Every
  // table is either tracked here (by triggers on the listed statements) or declared not to be
  // shown on shared pages; a new table fails this test until someone decides which it is.
  const TRACKED: Record<string, string[]> = {
    Task: ["INSERT", "UPDATE", "DELETE"],
    Assignment: ["INSERT", "UPDATE", "DELETE"],
    Unit: ["INSERT", "UPDATE", "DELETE"],
    Jurisdiction: ["INSERT", "UPDATE", "DELETE"],
    User: ["INSERT", "UPDATE", "DELETE"],
    Setting: ["INSERT", "UPDATE", "DELETE"],
    UnitMembership: ["INSERT", "DELETE"], // rows are added and removed, never changed
    Document: ["UPDATE", "DELETE"], // a new document shows with its tasks, whose inserts are logged
    ProgressReport: ["INSERT"], // append-only
    AuditEvent: ["INSERT"], // append-only
    Supervision: ["INSERT", "UPDATE", "DELETE"], // who reviews what: the board, ledger, task pages
    Adoption: ["INSERT", "UPDATE", "DELETE"],
    MeasureLink: ["INSERT", "UPDATE", "DELETE"], // a national task's carriers, a carrier's national task
    // Lights, deadlines and slots (issue 15 §7–§8): overrides and reopened slots are a task's;
    // thresholds, cycles and the working calendar are settings.
    LightOverride: ["INSERT"], // append-only
    SlotReopen: ["INSERT"], // append-only
    ReportingCycle: ["INSERT"], // append-only
    LightSettings: ["INSERT", "UPDATE", "DELETE"],
    CalendarYear: ["INSERT", "UPDATE", "DELETE"],
    CalendarDay: ["INSERT", "DELETE"], // a day is added or removed, never changed
    // The supervision cycle (issue 15 §1–§4): each row changes its task's page and the board.
    SendBack: ["INSERT"], // append-only
    Acknowledgement: ["INSERT"], // append-only
    ExtensionRequest: ["INSERT", "UPDATE"], // a request, then its decision
    Milestone: ["INSERT", "UPDATE"], // removed by a mark, never deleted
    // 领导批示 (issue 15 §9): on the task page, the lead's /my and report form.
    Instruction: ["INSERT"], // append-only
    InstructionAnswer: ["INSERT"], // append-only
  };
  const NOT_SHOWN = new Set([
    "AuthToken", // invitation and reset links
    "CapturedEmail", // the local mail sink, on the admin's mailbox page
    "Email", // the outbox, on the admin's outbox page
    "EmailBody",
    "JobRun",
    "RateLimit", // sign-in limits
    "Session", // on 个人设置, which is not cached
    "RollupReport", // on the reports pages, which are not cached
    "UnitAlias", // names matched while seeding and importing; shown on unit pages, not cached
    "ImportDraft", // on the import pages, which are not cached
    "PackFile", // a pack's files, on the reports pages
    "PackSnapshot", // frozen packs, on the reports pages
    // A meeting: on /meetings and in packs; its decisions are tasks of its document (tracked as tasks).
    "Meeting",
    "ConferenceMember", // the conference's member list, on /meetings; read when a pack is emailed
    // Written in the transaction of the report they belong to, whose insert is logged.
    "ReportMilestone",
    "EvidenceFile",
    // Written with the task's audit event (logged) in one transaction; append-only.
    "Escalation",
    "EscalationStep", // the ladder, on its admin page, which is not cached
    "TaskChange",
    "PageChange",
    "_prisma_migrations",
  ]);
  it("every table is tracked by a change log or declared not shown", () => {
    const sqlite = new Database(f.file, { readonly: true });
    const tables = (
      sqlite
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'TaskSearch%'`,
        )
        .all() as Array<{ name: string }>
    ).map((r) => r.name);
    const triggers = sqlite
      .prepare(`SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`)
      .all() as Array<{ tbl_name: string; sql: string }>;
    sqlite.close();
    expect(tables.filter((t) => !(t in TRACKED) && !NOT_SHOWN.has(t))).toEqual([]);
    for (const [table, events] of Object.entries(TRACKED)) {
      const logged = triggers.filter(
        (t) => t.tbl_name === table && /INSERT INTO "(TaskChange|PageChange)"/.test(t.sql),
      );
      for (const event of events)
        expect(
          logged.some((t) => new RegExp(`AFTER ${event}\\b`).test(t.sql)),
          `${table}: ${event} is logged`,
        ).toBe(true);
    }
  });
});

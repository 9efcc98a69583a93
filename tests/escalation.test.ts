// The escalation ladder: its triggers with explicit counts (refused extensions among them), the
// consecutive missed reports of standing.ts, and the daily run on a real database: working days
// only, each step once per task however often and however concurrently it runs, every step an
// audit event, its emails in the outbox, a 督办函 in the official format attached.
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepsDue, triggered, type LadderStep } from "~/models/escalation";
import { refusedExtensionCounts, takeStep } from "~/models/escalation.server";
import { consecutiveMissedPeriods, standingRules, type TaskFacts } from "~/models/standing";
import { DEFAULT_CALENDAR } from "~/models/reporting-period";
import { taskIndex } from "~/models/task-index.server";
import { runEscalation } from "../jobs/escalation";
import { seededDatabase } from "./helpers/fixtures";

const step = (over: Partial<LadderStep>): LadderStep => ({
  id: "s",
  position: 1,
  kind: "URGE",
  trigger: "DAYS_OVERDUE",
  threshold: 1,
  recipients: ["LIAISONS"],
  active: true,
  ...over,
});

describe("triggers", () => {
  const none = { daysOverdue: 0, missedReports: 0, refusedExtensions: 0 };
  it("fire at their threshold, each on its own fact", () => {
    const refused = step({ trigger: "REFUSED_EXTENSIONS", threshold: 2 });
    expect(triggered(refused, { ...none, refusedExtensions: 1 })).toBe(false);
    expect(triggered(refused, { ...none, refusedExtensions: 2 })).toBe(true);
    expect(triggered(refused, { ...none, daysOverdue: 99, missedReports: 9 })).toBe(false);
    const missed = step({ trigger: "MISSED_REPORTS", threshold: 3 });
    expect(triggered(missed, { ...none, missedReports: 2 })).toBe(false);
    expect(triggered(missed, { ...none, missedReports: 3 })).toBe(true);
    expect(triggered(step({ threshold: 30 }), { ...none, daysOverdue: 30 })).toBe(true);
    expect(triggered(step({ threshold: 30, active: false }), { ...none, daysOverdue: 31 })).toBe(
      false,
    );
  });
  it("give the steps due in ladder order, without those taken", () => {
    const steps = [
      step({ id: "c", position: 3, kind: "LETTER", threshold: 30 }),
      step({ id: "a", position: 1, kind: "REMIND", threshold: 1 }),
      step({ id: "b", position: 2, kind: "URGE", threshold: 15 }),
      step({ id: "d", position: 4, kind: "LISTED", threshold: 60 }),
    ];
    const facts = { ...none, daysOverdue: 40 };
    expect(stepsDue(steps, facts, new Set()).map((s) => s.id)).toEqual(["a", "b", "c"]);
    expect(stepsDue(steps, facts, new Set(["a", "c"])).map((s) => s.id)).toEqual(["b"]);
  });
});

describe("consecutive missed reports", () => {
  const rules = standingRules(DEFAULT_CALENDAR);
  const now = new Date("2026-11-30T10:00:00+08:00");
  const facts = (filed: Record<string, string>, over: Partial<TaskFacts> = {}): TaskFacts => ({
    status: "IN_PROGRESS",
    dueDate: null,
    leadSince: new Date("2026-08-01T00:00:00+08:00"),
    filedAt: (p) => (filed[p] ? new Date(filed[p]) : null),
    ...over,
  });
  it("counts back from the last closed period to the first filed on time or not owed", () => {
    expect(consecutiveMissedPeriods(facts({}), now, rules)).toBe(4); // 08, 09, 10, 11
    expect(consecutiveMissedPeriods(facts({ "2026-09": "2026-09-20" }), now, rules)).toBe(2);
    expect(consecutiveMissedPeriods(facts({ "2026-11": "2026-11-20" }), now, rules)).toBe(0);
    expect(consecutiveMissedPeriods(facts({}, { status: "COMPLETED" }), now, rules)).toBe(0);
    expect(consecutiveMissedPeriods(facts({}, { leadSince: null }), now, rules)).toBe(0);
  });
});

describe("the daily run", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let taskId = "";
  const NOW = new Date("2026-11-30T08:10:00+08:00"); // a Monday
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
    await f.user("LIAISON", "商务厅");
    await f.user("REVIEWER", "商务厅");
    const task = await f.task("sc-2023-trade-power-draft", "二.2");
    taskId = task.id;
    await f.db.task.update({
      where: { id: taskId },
      data: { dueDate: new Date("2026-10-20T23:59:59+08:00") }, // 41 days overdue
    });
  });
  afterAll(async () => {
    delete process.env.DUBAN_DATA_DIR;
    await f.cleanup();
  });

  it("does nothing on a day that is not a working day", async () => {
    expect(await runEscalation(f.db, "2026-11-28", { now: NOW })).toEqual({
      date: "2026-11-28",
      skipped: "not a working day",
    });
    expect(await runEscalation(f.db, "2026-10-01", { now: NOW })).toMatchObject({
      skipped: "not a working day",
    });
    expect(await f.db.escalation.count()).toBe(0);
  });

  it("takes each step reached once per task, even when two runs race", async () => {
    const [a, b] = await Promise.all([
      runEscalation(f.db, "2026-11-30", { now: NOW }),
      runEscalation(f.db, "2026-11-30", { now: NOW }),
    ]);
    const taken = ("taken" in a ? a.taken : 0) + ("taken" in b ? b.taken : 0);
    const rows = await f.db.escalation.findMany({ select: { onceKey: true, taskId: true } });
    expect(taken).toBe(rows.length);
    expect(new Set(rows.map((r) => r.onceKey)).size).toBe(rows.length);
    const mine = await f.db.escalation.findMany({
      where: { taskId },
      orderBy: { createdAt: "asc" },
    });
    // 41 days overdue: 提醒 (≥1), 催办 (≥15), 督办函 (≥30); not 挂牌督办 (≥60).
    expect(mine.map((e) => e.kind).sort()).toEqual(["LETTER", "REMIND", "URGE"]);
    // A later run, or a worker restarted mid-way, finds every step taken.
    const again = await runEscalation(f.db, "2026-11-30", { now: NOW });
    expect(again).toMatchObject({ taken: 0, emailIds: [] });
    const index = taskIndex(f.db);
    const step = await f.db.escalationStep.findFirstOrThrow({ where: { kind: "LETTER" } });
    expect(
      await takeStep(f.db, index, {
        task: index.get(taskId)!,
        step: { ...step, kind: "LETTER", trigger: "DAYS_OVERDUE", recipients: [] },
        facts: { daysOverdue: 41, missedReports: 1, refusedExtensions: 0 },
        now: NOW,
      }),
    ).toBeNull();
  }, 60_000);

  it("puts every step on the task's timeline and its emails in the outbox, once", async () => {
    const events = await f.db.auditEvent.findMany({
      where: { taskId, type: { startsWith: "escalation." } },
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      "escalation.letter",
      "escalation.remind",
      "escalation.urge",
    ]);
    const letter = await f.db.escalation.findFirstOrThrow({ where: { taskId, kind: "LETTER" } });
    const emails = await f.db.email.findMany({
      where: { key: { startsWith: `escalation-step:${letter.id}:` } },
      include: { body: true },
    });
    // The lead unit's liaison and the supervising unit's reviewer (no leaders on main yet).
    expect(emails).toHaveLength(2);
    expect(emails[0]!.body.subject).toContain("【督办函】");
    const attachments = JSON.parse(emails[0]!.attachments) as Array<{ path: string }>;
    expect(attachments).toHaveLength(1);
    const file = path.resolve(f.dir, attachments[0]!.path);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const doc = await zip.file("word/document.xml")!.async("string");
    expect(doc).toContain('w:w="11906"');
    expect(doc).toMatch(/w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1985"[^>]*w:left="1588"/);
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc).toMatch(/w:line="560" w:lineRule="exact"/);
    expect(doc).toContain("已超过完成时限41天");
    expect(doc).toContain("商务厅、省经济合作局：");
    const footer = Object.keys(zip.files).find((n) => /word\/footer\d*\.xml/.test(n))!;
    expect(await zip.file(footer)!.async("string")).toMatch(/— .*PAGE.* —/s);
  });

  it("counts refused extensions from their one query (0 until branch flow's table is here)", async () => {
    expect((await refusedExtensionCounts(f.db)).size).toBe(0);
  });
});

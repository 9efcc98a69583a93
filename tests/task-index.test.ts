// The task index (the in-memory read model behind the ledger and the review board) stays equal to
// the database whatever writes it: this process through Prisma, another connection, a pruned log.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import { assignUnit, closeOut, reviewBoard } from "~/models/review.server";
import { closeTaskIndex, pruneTaskChanges, taskIndex, TaskIndex } from "~/models/task-index.server";
import { ledger } from "~/models/task.server";
import { seededDatabase } from "./helpers/fixtures";

const now = new Date("2026-11-21T04:00:00Z");
const ALL = { kind: "all" } as const;

/** What the index should hold, read straight from SQLite. */
function fromDatabase(file: string) {
  const sqlite = new Database(file, { readonly: true });
  const tasks = sqlite
    .prepare(
      `SELECT t.id, t.status, t.heading, t.dueDate, t.jurisdictionId, d.slug,
         (SELECT min(a.createdAt) FROM "Assignment" a WHERE a.taskId = t.id AND a.role = 'LEAD' AND a.removedAt IS NULL) AS leadSince,
         (SELECT min(p.createdAt) FROM "ProgressReport" p WHERE p.taskId = t.id AND p.period = '2026-11' AND p.consolidated = 1) AS filed
       FROM "Task" t JOIN "Document" d ON d.id = t.documentId ORDER BY d.slug, t.jurisdictionId, t.position`,
    )
    .all() as Array<{
    id: string;
    status: string;
    heading: string;
    dueDate: string | null;
    jurisdictionId: string;
    slug: string;
    leadSince: string | null;
    filed: string | null;
  }>;
  const assignments = sqlite
    .prepare(
      `SELECT taskId, unitId, role FROM "Assignment" WHERE removedAt IS NULL ORDER BY taskId, role DESC, position`,
    )
    .all() as Array<{ taskId: string; unitId: string; role: string }>;
  sqlite.close();
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return tasks.map((t) => ({
    id: t.id,
    status: t.status,
    heading: t.heading,
    dueDate: iso(t.dueDate),
    jurisdictionId: t.jurisdictionId,
    slug: t.slug,
    units: assignments.filter((a) => a.taskId === t.id).map((a) => `${a.role}:${a.unitId}`),
    leadSince: iso(t.leadSince),
    filed: iso(t.filed),
  }));
}

function fromIndex(index: TaskIndex) {
  return index.ordered().map((t) => ({
    id: t.id,
    status: t.status,
    heading: t.heading,
    dueDate: t.dueDate ? t.dueDate.toISOString() : null,
    jurisdictionId: t.jurisdictionId,
    slug: t.document.slug,
    units: t.assignments.map((a) => `${a.role}:${a.unitId}`),
    leadSince: t.leadSince ? t.leadSince.toISOString() : null,
    filed: index.filedFor("2026-11").has(t.id)
      ? new Date(index.filedFor("2026-11").get(t.id)!).toISOString()
      : null,
  }));
}

describe("task index", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let reviewer: string;
  beforeAll(async () => {
    f = await seededDatabase();
    reviewer = (await f.user("REVIEWER", "商务厅")).id;
  });
  afterAll(async () => {
    closeTaskIndex(f.file);
    await f.cleanup();
  });

  it("holds every task of the seeded documents with its active assignments, in ledger order", () => {
    const index = taskIndex(f.db);
    // 国发〔2016〕4号's 30 measures once for each jurisdiction that adopted it (四川省, 天津市).
    expect(index.ordered()).toHaveLength(20 + 30 * 2 + 22 + 9 + 24);
    expect(fromIndex(index)).toEqual(fromDatabase(f.file));
  });

  it("sees this process's writes on the next read: reports, assignments, close-out", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "四.8");
    const commerce = await f.unit("商务厅");
    const liaison = await f.user("LIAISON", "商务厅");
    const lightBefore = (await reviewBoard(f.db, {}, ALL, now)).all.find((r) => r.id === task.id)!;
    expect(lightBefore.report).toBe("MISSING");
    const r = await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.id,
      authorId: liaison.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 40,
        progress: "推进中",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      now,
    });
    expect(r.ok).toBe(true);
    const after = (await reviewBoard(f.db, {}, ALL, now)).all.find((r) => r.id === task.id)!;
    expect(after.report).toBe("FILED");
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.lastReportAt?.toISOString()).toBe(now.toISOString());

    const customs = await f.unit("成都海关");
    await assignUnit(f.db, task.id, customs.id, "CO", reviewer);
    const ledgerPage = await ledger(f.db, { unit: customs.id }, ALL);
    expect(ledgerPage.tasks.map((t) => t.id)).toContain(task.id);

    await closeOut(f.db, task.id, "已被新文件替代", reviewer);
    expect(taskIndex(f.db).get(task.id)?.status).toBe("CLOSED");
    expect(fromIndex(taskIndex(f.db))).toEqual(fromDatabase(f.file));
  });

  it("sees writes made by another connection (another process) once they commit", () => {
    const index = taskIndex(f.db);
    const other = new Database(f.file);
    const task = index.ordered()[5]!;
    other.prepare(`UPDATE "Task" SET heading = ? WHERE id = ?`).run("另一进程修改的标题", task.id);
    const unit = other.prepare(`SELECT id FROM "Unit" WHERE name = '成都海关'`).get() as {
      id: string;
    };
    other
      .prepare(`UPDATE "Assignment" SET removedAt = ? WHERE taskId = ? AND role = 'CO'`)
      .run(now.toISOString(), task.id);
    other
      .prepare(
        `INSERT INTO "Assignment" (id, taskId, unitId, role, position, nameAsWritten, source, createdAt) VALUES (?, ?, ?, 'CO', 9, '成都海关', 'MANUAL', ?)`,
      )
      .run(`other-${Date.now()}`, task.id, unit.id, now.toISOString());
    other.close();
    const synced = taskIndex(f.db).get(task.id)!;
    expect(synced.heading).toBe("另一进程修改的标题");
    expect(synced.assignments.filter((a) => a.role === "CO").map((a) => a.unitId)).toEqual([
      unit.id,
    ]);
    expect(fromIndex(taskIndex(f.db))).toEqual(fromDatabase(f.file));
  });

  it("reloads whole when units change (a rename reaches every task it leads)", async () => {
    const econOld = await f.db.unit.findFirstOrThrow({ where: { name: "省经济和信息化委" } });
    const board = await reviewBoard(f.db, {}, ALL, now);
    const led = board.all.find(
      (r) => r.ref === "二.(二).1" && r.leadUnit?.name === "经济和信息化厅",
    )!;
    const today = await f.db.unit.findFirstOrThrow({ where: { name: "经济和信息化厅" } });
    await f.db.unit.update({
      where: { id: today.id },
      data: { name: "经济和信息化厅（测试更名）" },
    });
    const after = (await reviewBoard(f.db, {}, ALL, now)).all.find((r) => r.id === led.id)!;
    expect(after.leadUnit?.name).toBe("经济和信息化厅（测试更名）");
    expect(taskIndex(f.db).currentUnit(econOld.id)?.name).toBe("经济和信息化厅（测试更名）");
    await f.db.unit.update({ where: { id: today.id }, data: { name: "经济和信息化厅" } });
  });

  it("reloads whole when the log was pruned past what it had read", async () => {
    const index = taskIndex(f.db);
    const versionBefore = index.version;
    const [a, b] = index.ordered();
    await f.db.task.update({ where: { id: a!.id }, data: { heading: "日志已剪除的修改" } });
    await f.db.task.update({ where: { id: b!.id }, data: { heading: "日志仍在的修改" } });
    // Both entries are older than the window; only the newest (b's) survives the prune, so a's
    // change can only be seen by reloading everything.
    const removed = await pruneTaskChanges(f.db, 0, new Date(Date.now() + 60_000));
    expect(removed).toBeGreaterThan(0);
    expect(taskIndex(f.db).get(a!.id)?.heading).toBe("日志已剪除的修改");
    expect(taskIndex(f.db).get(b!.id)?.heading).toBe("日志仍在的修改");
    expect(taskIndex(f.db).version).toBeGreaterThan(versionBefore);
    expect(fromIndex(taskIndex(f.db))).toEqual(fromDatabase(f.file));
  });

  it("answers unit filters like the database does (successors, collectives)", async () => {
    const chengdu = await f.unit("成都市人民政府");
    const viaIndex = (await ledger(f.db, { unit: chengdu.id }, ALL)).total;
    const sqlite = new Database(f.file, { readonly: true });
    // 成都市人民政府 itself, or 各市（州）人民政府 of which it is a member.
    const expected = (
      sqlite
        .prepare(
          `SELECT count(DISTINCT a.taskId) AS n FROM "Assignment" a WHERE a.removedAt IS NULL AND (a.unitId = ? OR a.unitId IN (SELECT collectiveId FROM "UnitMembership" WHERE memberId = ?))`,
        )
        .get(chengdu.id, chengdu.id) as { n: number }
    ).n;
    sqlite.close();
    expect(expected).toBeGreaterThan(0);
    expect(viaIndex).toBe(expected);
  });
});

// Seeding the real seed documents into a real SQLite file, twice, and what people did in between.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentUnit, responsibleUnitIds } from "~/models/unit.server";
import { seedAll, SeedError } from "~/seed/seed.server";
import { tempDatabase } from "./helpers/db";

const seedsDir = path.resolve(__dirname, "../seeds");

describe("seeding", () => {
  const t = tempDatabase();
  afterAll(() => t.cleanup());

  it("creates every unit, document, task and assignment on the first run", async () => {
    const s = await seedAll(t.db, seedsDir);
    expect(s.documents.created).toBe(5);
    expect(s.tasks.created).toBe(20 + 30 + 22 + 9 + 24);
    expect(s.unrecognizedUnits).toEqual([]);
    expect(await t.db.task.count()).toBe(105);
    const unassigned = await t.db.task.count({
      where: { assignments: { none: { role: "LEAD" } } },
    });
    expect(unassigned).toBe(30 + 9 + 3);
  });

  it("keeps the name the document used and resolves today's unit", async () => {
    const task = await t.db.task.findFirstOrThrow({
      where: { ref: "二.(二).1", document: { slug: "sc-2016-processing-trade" } },
      include: { assignments: { include: { unit: true } } },
    });
    const lead = task.assignments.find((a) => a.role === "LEAD")!;
    expect(lead.nameAsWritten).toBe("省经济和信息化委");
    expect((await currentUnit(t.db, lead.unitId)).name).toBe("经济和信息化厅");
    const ciq = task.assignments.find((a) => a.nameAsWritten === "四川出入境检验检疫局");
    expect(ciq).toBeUndefined(); // not in this measure's note
    const m1 = await t.db.task.findFirstOrThrow({
      where: { ref: "二.(一).1", document: { slug: "sc-2016-processing-trade" } },
      include: { assignments: true },
    });
    const inspection = m1.assignments.find((a) => a.nameAsWritten === "四川出入境检验检疫局")!;
    expect((await currentUnit(t.db, inspection.unitId)).name).toBe("成都海关");
  });

  it("resolves aliases and collectives: 人行成都分行, 各市（州）人民政府 ∋ 成都市人民政府", async () => {
    const sc = await t.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
    const pboc = await t.db.unit.findUniqueOrThrow({
      where: { jurisdictionId_name: { jurisdictionId: sc.id, name: "中国人民银行成都分行" } },
    });
    const viaAlias = await t.db.assignment.findFirst({ where: { nameAsWritten: "人行成都分行" } });
    expect(viaAlias?.unitId).toBe(pboc.id);
    expect((await currentUnit(t.db, pboc.id)).name).toBe("中国人民银行四川省分行");
    const chengdu = await t.db.unit.findUniqueOrThrow({
      where: { jurisdictionId_name: { jurisdictionId: sc.id, name: "成都市人民政府" } },
    });
    const cities = await t.db.unit.findUniqueOrThrow({
      where: { jurisdictionId_name: { jurisdictionId: sc.id, name: "各市（州）人民政府" } },
      include: { members: true },
    });
    expect(cities.members).toHaveLength(21);
    expect(await responsibleUnitIds(t.db, chengdu.id)).toContain(cities.id);
    // Tianjin's 市商务委 is not Sichuan's 商务厅.
    const tj = await t.db.jurisdiction.findUniqueOrThrow({ where: { code: "TJ" } });
    expect(
      await t.db.unit.findFirst({ where: { jurisdictionId: tj.id, name: "商务厅" } }),
    ).toBeNull();
  });

  it("a second run creates and changes nothing, and leaves people's work alone", async () => {
    const task = await t.db.task.findFirstOrThrow({
      where: { ref: "二.1", document: { slug: "sc-2023-trade-power-draft" } },
      include: { assignments: true },
    });
    const reviewer = await t.db.user.create({
      data: { email: "r@example.test", name: "审核员", role: "REVIEWER" },
    });
    // A person removes a seeded co-unit, adds one, and a unit reports progress.
    const removed = task.assignments.find((a) => a.role === "CO")!;
    await t.db.assignment.update({
      where: { id: removed.id },
      data: { removedAt: new Date(), removedById: reviewer.id },
    });
    const extra = await t.db.unit.findFirstOrThrow({ where: { name: "司法厅" } });
    await t.db.assignment.create({
      data: {
        taskId: task.id,
        unitId: extra.id,
        role: "CO",
        position: 99,
        nameAsWritten: "司法厅",
        source: "MANUAL",
        createdById: reviewer.id,
      },
    });
    await t.db.progressReport.create({
      data: {
        taskId: task.id,
        unitId: task.assignments[0]!.unitId,
        authorId: reviewer.id,
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 40,
        progress: "进展",
        problems: "",
        nextSteps: "",
        coordination: "",
      },
    });
    const before = {
      units: await t.db.unit.count(),
      tasks: await t.db.task.count(),
      assignments: await t.db.assignment.count(),
      events: await t.db.auditEvent.count(),
    };

    const s = await seedAll(t.db, seedsDir);
    expect(s.documents).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(s.tasks.created + s.tasks.updated).toBe(0);
    expect(s.assignments).toEqual({ created: 0, updated: 0, removed: 0 });
    expect(s.units.created).toBe(0);
    expect({
      units: await t.db.unit.count(),
      tasks: await t.db.task.count(),
      assignments: await t.db.assignment.count(),
      events: await t.db.auditEvent.count(),
    }).toEqual(before);
    expect(
      (await t.db.assignment.findUniqueOrThrow({ where: { id: removed.id } })).removedAt,
    ).not.toBeNull();
    expect(await t.db.progressReport.count()).toBe(1);
  });
});

describe("seeding a changed document", () => {
  const t = tempDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), "duban-seeds-"));
  beforeAll(() => cpSync(seedsDir, dir, { recursive: true }));
  afterAll(() => t.cleanup());

  it("updates tasks in place by document and ref, keeping ids, reports and manual assignments", async () => {
    await seedAll(t.db, dir);
    const slug = "tj-2017-processing-trade";
    const before = await t.db.task.findFirstOrThrow({
      where: { ref: "三.(一).2", document: { slug } },
      include: { assignments: true },
    });
    const file = path.join(dir, "documents/002_351b0464e987a5eb.txt");
    const text = readFileSync(file, "utf8")
      .replace(
        "（市商务委、市市场监管委按职责分工负责）",
        "（市商务委、市市场监管委、市新设局按职责分工负责）",
      )
      .replace("全力打造加工贸易品牌发展战略。", "全力打造加工贸易品牌发展战略（修订）。");
    writeFileSync(file, text);

    const s = await seedAll(t.db, dir);
    expect(s.documents.updated).toBe(1);
    expect(s.tasks.updated).toBe(1);
    expect(s.tasks.created).toBe(0);
    expect(s.assignments.created).toBe(1);
    // The new name is not in the directory: kept, flagged, reported.
    expect(s.unrecognizedUnits).toEqual([`${slug} 三.(一).2: 市新设局`]);
    const after = await t.db.task.findFirstOrThrow({
      where: { ref: "三.(一).2", document: { slug } },
      include: { assignments: { include: { unit: true } } },
    });
    expect(after.id).toBe(before.id);
    expect(after.heading).toBe("全力打造加工贸易品牌发展战略（修订）");
    const flagged = after.assignments.find((a) => a.nameAsWritten === "市新设局")!;
    expect(flagged).toMatchObject({ role: "CO", unit: { recognized: false } });
    const events = await t.db.auditEvent.findMany({
      where: { taskId: after.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["task.seeded", "task.updated_from_document"]);
  });

  it("refuses a malformed document before writing anything", async () => {
    const file = path.join(dir, "documents/001_a3ac0543a92897ed.txt");
    writeFileSync(file, Buffer.from([0xd2, 0xbb, 0xa1, 0xa2]));
    const tasks = await t.db.task.count();
    await expect(seedAll(t.db, dir)).rejects.toThrow(SeedError);
    await expect(seedAll(t.db, dir)).rejects.toThrow(/cn-2016-processing-trade: .*not UTF-8/);
    expect(await t.db.task.count()).toBe(tasks);
  });
});

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
    // 国发〔2016〕4号's 30 measures once for each jurisdiction that adopts it (四川省, 天津市).
    expect(s.tasks.created).toBe(20 + 30 * 2 + 22 + 9 + 24);
    expect(s.unrecognizedUnits).toEqual([]);
    expect(await t.db.task.count()).toBe(135);
    const unassigned = await t.db.task.count({
      where: { assignments: { none: { role: "LEAD" } } },
    });
    expect(unassigned).toBe(30 * 2 + 9 + 3);
  });

  it("records who supervises what, and which jurisdictions adopt the national document, as the seeds say", async () => {
    const supervision = await t.db.supervision.findMany({
      include: { unit: true, jurisdiction: true },
    });
    expect(supervision.map((s) => `${s.unit.name}→${s.jurisdiction.code}`).sort()).toEqual([
      "商务厅→SC",
      "市商务局→TJ",
    ]);
    const national = await t.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
      include: { adoptions: { include: { jurisdiction: true, viaDocument: true } } },
    });
    expect(
      national.adoptions.map((a) => [a.jurisdiction.code, a.viaDocument?.slug]).sort(),
    ).toEqual([
      ["SC", "sc-2016-processing-trade"],
      ["TJ", "tj-2017-processing-trade"],
    ]);
    expect(national.adoptions.find((a) => a.jurisdiction.code === "SC")!.evidence).toMatch(
      /^根据《国务院关于促进加工贸易创新发展的若干意见》（国发〔2016〕4号）精神/,
    );
    // Its tasks belong to the adopters, none to 国务院 (which has no units to assign).
    const byJurisdiction = await t.db.task.groupBy({
      by: ["jurisdictionId"],
      where: { documentId: national.id },
      _count: { _all: true },
    });
    const codes = await t.db.jurisdiction.findMany();
    const code = (id: string) => codes.find((c) => c.id === id)!.code;
    expect(byJurisdiction.map((b) => [code(b.jurisdictionId), b._count._all]).sort()).toEqual([
      ["SC", 30],
      ["TJ", 30],
    ]);
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
    expect(s.tasks.unchanged).toBe(135);
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

  it("moves a national document's tasks made before its adoption was recorded to the adopter, history and all", async () => {
    // A database from before adoption: 国发〔2016〕4号's tasks under 国务院, none for 天津市.
    const doc = await t.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
    });
    const [cn, sc] = await Promise.all(
      ["CN", "SC"].map((code) => t.db.jurisdiction.findUniqueOrThrow({ where: { code } })),
    );
    await t.db.task.deleteMany({ where: { documentId: doc.id, jurisdictionId: { not: sc!.id } } });
    await t.db.task.updateMany({ where: { documentId: doc.id }, data: { jurisdictionId: cn!.id } });
    await t.db.adoption.deleteMany({ where: { documentId: doc.id } });
    const old = await t.db.task.findMany({ where: { documentId: doc.id }, select: { id: true } });
    expect(old).toHaveLength(30);

    await seedAll(t.db, dir);
    const after = await t.db.task.findMany({
      where: { documentId: doc.id },
      include: { jurisdiction: true },
    });
    expect(after).toHaveLength(60);
    expect(
      after
        .filter((a) => a.jurisdiction.code === "SC")
        .map((a) => a.id)
        .sort(),
    ).toEqual(old.map((o) => o.id).sort());
    expect(after.filter((a) => a.jurisdiction.code === "TJ")).toHaveLength(30);
    expect(await t.db.adoption.count({ where: { documentId: doc.id } })).toBe(2);
  });

  it("refuses an adoption whose evidence the adopting document does not contain", async () => {
    const manifest = path.join(dir, "documents.json");
    const original = readFileSync(manifest, "utf8");
    writeFileSync(manifest, original.replace("为贯彻落实《国务院关于", "为认真落实《国务院关于"));
    try {
      await expect(seedAll(t.db, dir)).rejects.toThrow(
        /adopted by TJ via tj-2017-processing-trade, whose text does not contain the evidence/,
      );
    } finally {
      writeFileSync(manifest, original);
    }
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

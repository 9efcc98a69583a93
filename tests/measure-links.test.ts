// National measures and the provinces that carry them (app/models/measure-link.server.ts) on a
// seeded SQLite file: a document marked as implementing a national one (an Adoption, and the
// adopter's tasks), measure links and what they refuse, the task index after them, a re-seed that
// keeps what reviewers recorded, and the roll-up of a national document measure by measure.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollupData } from "../jobs/rollup";
import {
  carriersOf,
  citedIn,
  findImplementedDocuments,
  LinkError,
  linkMeasure,
  nationalRollup,
  recordImplementation,
  unlinkMeasure,
} from "~/models/measure-link.server";
import { submitReport } from "~/models/report.server";
import { rulesOf, supervisionScope } from "~/models/standing.server";
import { taskIndex } from "~/models/task-index.server";
import { seedAll } from "~/seed/seed.server";
import { seededDatabase } from "./helpers/fixtures";

const NOW = new Date("2026-11-20T02:00:00Z");
let f: Awaited<ReturnType<typeof seededDatabase>>;
let reviewer = "";

const national = (ref: string, code = "SC") =>
  f.db.task.findFirstOrThrow({
    where: { ref, document: { slug: "cn-2016-processing-trade" }, jurisdiction: { code } },
  });

async function refusal(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LinkError) return [error.field, error.message];
    throw error;
  }
  throw new Error("expected a LinkError");
}

beforeAll(async () => {
  f = await seededDatabase();
  reviewer = (await f.user("REVIEWER", "商务厅")).id;
});
afterAll(() => f?.cleanup());

describe("a document implementing a national one", () => {
  it("finds the cited document by its number, else by its title", async () => {
    const found = await findImplementedDocuments(f.db, [
      { title: "国务院关于促进加工贸易创新发展的若干意见", number: "国发〔2016〕4号" },
      { title: "国务院关于促进加工贸易创新发展的若干意见", number: null },
      { title: "没有的文件", number: "国发〔2099〕1号" },
    ]);
    expect(found.map((d) => d.slug)).toEqual(["cn-2016-processing-trade"]);
  });

  it("finds the sentence of a text that cites a candidate", () => {
    const [hit] = citedIn(
      "为贯彻落实《国务院关于某事的意见》（国发〔2016〕4号）精神，现提出如下意见。一、总体要求",
      [
        { id: "a", title: "国务院关于某事的意见", number: "国发〔2016〕4号" },
        { id: "b", title: "别的文件", number: null },
      ],
    );
    expect(hit).toEqual({
      id: "a",
      evidence: "为贯彻落实《国务院关于某事的意见》（国发〔2016〕4号）精神，现提出如下意见",
    });
  });

  it("records an adoption for a new jurisdiction and gives it an unassigned task of every national measure", async () => {
    const cq = await f.db.jurisdiction.create({
      data: { code: "CQ", name: "重庆市", level: "MUNICIPALITY" },
    });
    const doc = await f.db.document.create({
      data: {
        slug: "cq-2016-processing-trade",
        title: "重庆市人民政府关于促进加工贸易创新发展的实施意见",
        status: "IN_FORCE",
        jurisdictionId: cq.id,
        sourceText: "根据《国务院关于促进加工贸易创新发展的若干意见》（国发〔2016〕4号）精神……",
        sourceHash: "x",
      },
    });
    const cn = await f.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
    });
    const r = await recordImplementation(
      f.db,
      {
        documentId: doc.id,
        implementsId: cn.id,
        evidence: "根据《国务院关于促进加工贸易创新发展的若干意见》（国发〔2016〕4号）精神",
      },
      reviewer,
    );
    expect(r).toEqual({ created: 30, alreadyRecorded: false });
    const adoption = await f.db.adoption.findUniqueOrThrow({
      where: { documentId_jurisdictionId: { documentId: cn.id, jurisdictionId: cq.id } },
    });
    expect(adoption).toMatchObject({ viaDocumentId: doc.id, source: "MANUAL" });
    const tasks = await f.db.task.findMany({
      where: { documentId: cn.id, jurisdictionId: cq.id },
      include: { assignments: true },
    });
    expect(tasks).toHaveLength(30);
    expect(tasks.every((t) => t.assignments.length === 0)).toBe(true);
    // Again: nothing more.
    expect(
      await recordImplementation(
        f.db,
        { documentId: doc.id, implementsId: cn.id, evidence: "同上" },
        reviewer,
      ),
    ).toEqual({ created: 0, alreadyRecorded: true });
    // The index knows the new tasks, as tasks of 重庆市.
    expect(taskIndex(f.db).tasksOfJurisdictions([cq.id])).toHaveLength(30);
  });

  it("a re-seed keeps the adoption a reviewer recorded and the tasks it gave", async () => {
    const cn = await f.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
    });
    const before = await f.db.task.count({ where: { documentId: cn.id } });
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-seeds-"));
    cpSync(path.resolve(__dirname, "../seeds"), dir, { recursive: true });
    try {
      await seedAll(f.db, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await f.db.adoption.count({ where: { documentId: cn.id } })).toBe(3);
    expect(await f.db.task.count({ where: { documentId: cn.id } })).toBe(before);
  });

  it("refuses a second document of a jurisdiction for the same national one, itself, and its own jurisdiction's", async () => {
    const draft = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const cn = await f.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
    });
    const bases = await f.db.document.findUniqueOrThrow({ where: { slug: "sc-2020-trade-bases" } });
    expect(
      await refusal(
        recordImplementation(
          f.db,
          { documentId: draft.id, implementsId: cn.id, evidence: "依据" },
          reviewer,
        ),
      ),
    ).toEqual(["implementsId", "四川省已通过另一份文件贯彻落实该文件"]);
    expect(
      (
        await refusal(
          recordImplementation(
            f.db,
            { documentId: draft.id, implementsId: bases.id, evidence: "依据" },
            reviewer,
          ),
        )
      )[1],
    ).toBe("只能贯彻落实上级（其他地区）的文件");
    expect(
      (
        await refusal(
          recordImplementation(
            f.db,
            { documentId: draft.id, implementsId: cn.id, evidence: " " },
            reviewer,
          ),
        )
      )[0],
    ).toBe("evidence");
  });
});

describe("measure links", () => {
  it("links a Sichuan measure to Sichuan's task of the national measure; both timelines say so; the index knows", async () => {
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3"); // 加快发展总部经济
    const target = await national("二.(五)"); // 促进产业融合升级 …发展总部经济
    const link = await linkMeasure(
      f.db,
      { taskId: carrier.id, implementsTaskId: target.id, score: 0.097 },
      reviewer,
    );
    expect(link.score).toBe(0.097);
    const again = await linkMeasure(
      f.db,
      { taskId: carrier.id, implementsTaskId: target.id },
      reviewer,
    );
    expect(again.id).toBe(link.id);
    for (const taskId of [carrier.id, target.id])
      expect(await f.db.auditEvent.count({ where: { taskId, type: "task.linked" } })).toBe(1);
    const index = taskIndex(f.db);
    expect(index.carriersOfTask(target.id)).toEqual([carrier.id]);
    expect(index.implementedTasks(carrier.id)).toEqual([target.id]);
  });

  it("refuses Tianjin's copy of the national measure, a measure of the same document, and a national copy as the carrier", async () => {
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const tianjin = await national("二.(五)", "TJ");
    expect(
      await refusal(
        linkMeasure(f.db, { taskId: carrier.id, implementsTaskId: tianjin.id }, reviewer),
      ),
    ).toEqual(["implementsTaskId", "只能关联本地区贯彻落实的上级措施"]);
    const sibling = await f.task("sc-2016-processing-trade", "二.(二).2");
    expect(
      (
        await refusal(
          linkMeasure(f.db, { taskId: carrier.id, implementsTaskId: sibling.id }, reviewer),
        )
      )[1],
    ).toBe("不能关联同一文件的措施");
    const a = await national("二.(四)");
    const b = await national("二.(五)");
    expect(
      (await refusal(linkMeasure(f.db, { taskId: a.id, implementsTaskId: b.id }, reviewer)))[1],
    ).toBe("不能关联同一文件的措施");
    // A Sichuan measure may not carry out a national measure Sichuan's index does not hold.
    const draft = await f.task("sc-2023-trade-power-draft", "二.2");
    const cq = await national("二.(五)", "CQ");
    expect(
      (
        await refusal(linkMeasure(f.db, { taskId: draft.id, implementsTaskId: cq.id }, reviewer))
      )[1],
    ).toBe("只能关联本地区贯彻落实的上级措施");
  });

  it("the national task's carriers come with their light, lead and latest progress; a report moves them", async () => {
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const target = await national("二.(五)");
    const rules = rulesOf(f.db);
    const [before] = carriersOf(f.db, taskIndex(f.db), target.id, NOW, rules);
    expect(before).toMatchObject({
      id: carrier.id,
      ref: "二.(二).3",
      lead: "省经济合作局",
      progress: null,
    });
    expect(before!.light).toBe("RED"); // due 2020: overdue, as the board has it
    const lead = await f.user("LIAISON", "省经济合作局");
    await submitReport(f.db, {
      taskId: carrier.id,
      unitId: lead.unitId!,
      authorId: lead.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 60,
        progress: "已引进三家区域总部",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      now: new Date("2026-11-19T02:00:00Z"),
    });
    const [after] = carriersOf(f.db, taskIndex(f.db), target.id, NOW, rules);
    expect(after!.progress).toMatchObject({
      period: "2026-11",
      percent: 60,
      progress: "已引进三家区域总部",
    });
  });

  it("the roll-up of the national document lists, measure by measure, the tasks carrying it and their figures", async () => {
    const cn = await f.db.document.findUniqueOrThrow({
      where: { slug: "cn-2016-processing-trade" },
    });
    const commerce = await f.unit("商务厅");
    const index = taskIndex(f.db);
    const rows = nationalRollup(
      f.db,
      cn.id,
      supervisionScope(index, commerce.id),
      NOW,
      rulesOf(f.db),
    );
    expect(rows).toHaveLength(30);
    expect(rows[0]!.ref).toBe("二.(四)");
    const merged = rows.find((r) => r.ref === "二.(五)")!;
    expect(merged.jurisdictions.map((j) => j.jurisdiction)).toEqual(["四川省"]); // 商务厅's scope
    expect(merged.jurisdictions[0]!.carriers).toEqual([
      expect.objectContaining({
        ref: "二.(二).3",
        light: "红灯",
        percent: 60,
        progress: "已引进三家区域总部",
      }),
    ]);
    expect(merged.figures).toMatchObject({ tasks: 1, red: 1, overdue: 1 });
    expect(rows.find((r) => r.ref === "二.(四)")!.figures.tasks).toBe(0);
    // Every jurisdiction for an admin: 四川省, 天津市 and 重庆市 each have their copy.
    const all = nationalRollup(f.db, cn.id, { kind: "all" }, NOW, rulesOf(f.db));
    expect(all.find((r) => r.ref === "二.(五)")!.jurisdictions).toHaveLength(3);
    // In the roll-up's data, for a national document only.
    const data = await rollupData(f.db, cn.id, "2026-11", undefined, {
      scope: supervisionScope(index, commerce.id),
      asOf: NOW,
    });
    expect(data.national?.find((r) => r.ref === "二.(五)")?.figures.tasks).toBe(1);
    const own = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2016-processing-trade" },
    });
    expect(
      (await rollupData(f.db, own.id, "2026-11", undefined, { asOf: NOW })).national,
    ).toBeUndefined();
  });

  it("removes a link, keeping the row; both timelines say so", async () => {
    const carrier = await f.task("sc-2016-processing-trade", "二.(二).3");
    const target = await national("二.(五)");
    const link = await f.db.measureLink.findFirstOrThrow({ where: { taskId: carrier.id } });
    await unlinkMeasure(f.db, link.id, reviewer);
    expect(
      (await f.db.measureLink.findUniqueOrThrow({ where: { id: link.id } })).removedAt,
    ).not.toBeNull();
    expect(taskIndex(f.db).carriersOfTask(target.id)).toEqual([]);
    expect(
      await f.db.auditEvent.count({ where: { taskId: target.id, type: "task.unlinked" } }),
    ).toBe(1);
    expect((await refusal(unlinkMeasure(f.db, link.id, reviewer)))[0]).toBe("linkId");
  });
});

// A pack's snapshot is frozen: a later report changes the next pack, not the snapshot; the next
// pack of the same scope opens with 自上次联席会议以来, from the difference of the two snapshots.
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import { TASK_STATUS } from "~/ui/labels";
import { diffSnapshots, type Snapshot } from "~/reports/snapshot";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";

const FIRST = new Date("2026-11-10T02:00:00Z");
const SECOND = new Date("2026-12-01T01:00:00Z");

describe("snapshots", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir;
  });
  afterAll(() => f.cleanup());

  it("freezes what a pack showed, and the next pack says what changed since", async () => {
    const first = await f.db.rollupReport.create({ data: { period: "2026-10" } });
    await buildRollup(f.db, first.id, undefined, { now: FIRST });
    const frozen = await f.db.packSnapshot.findUniqueOrThrow({ where: { reportId: first.id } });
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    const before = (JSON.parse(frozen.data) as Snapshot).tasks.find((t) => t.id === task.id)!;
    expect(before).toMatchObject({ status: "未启动", progress: "" });

    const commerce = await f.user("LIAISON", "商务厅");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "COMPLETED",
        percent: 100,
        progress: "跨境电商产业园已建成",
        problems: "",
        nextSteps: "",
        coordination: "需协调海关设立监管场所",
        baseReportId: "",
      },
      now: new Date("2026-11-18T03:00:00Z"),
    });
    // Nothing may change a snapshot in place.
    await expect(
      f.db.$executeRawUnsafe(`UPDATE "PackSnapshot" SET "data" = '{}' WHERE "id" = ?`, frozen.id),
    ).rejects.toThrow(/immutable/);
    await expect(
      f.db.packSnapshot.update({ where: { id: frozen.id }, data: { data: "{}" } }),
    ).rejects.toThrow();

    const second = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    await buildRollup(f.db, second.id, undefined, { now: SECOND });
    const still = await f.db.packSnapshot.findUniqueOrThrow({ where: { reportId: first.id } });
    expect(still.data).toBe(frozen.data);

    const built = await f.db.rollupReport.findUniqueOrThrow({ where: { id: second.id } });
    const since = JSON.parse(built.data!).since;
    expect(since.previousReportId).toBe(first.id);
    expect(since.completed).toContainEqual({
      document: "关于加快建设贸易强省的实施意见",
      ref: "四.6",
      heading: task.heading,
      from: "未启动",
      to: TASK_STATUS.COMPLETED,
    });
    expect(since.newAgenda.map((a: { item: string }) => a.item)).toEqual([
      "需协调海关设立监管场所",
    ]);
    const zip = await JSZip.loadAsync(readFileSync(path.join(f.dir, built.docxFile!)));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("一、自上次联席会议以来");
    expect(xml).toMatch(/完成或销号 [1-9]\d* 项/);
  });

  it("tells newly overdue tasks and changed lights apart from completed ones", () => {
    const t = (over: Partial<Snapshot["tasks"][number]>) => ({
      id: "a",
      document: "文件",
      ref: "1",
      heading: "措施",
      status: "推进中",
      light: "绿灯",
      daysOverdue: 0,
      percent: null,
      progress: "",
      ...over,
    });
    const snap = (tasks: Snapshot["tasks"], takenAt: string): Snapshot => ({
      takenAt,
      title: "t",
      period: "2026-11",
      overview: {} as Snapshot["overview"],
      tasks,
      agenda: [],
      decisions: [],
    });
    const d = diffSnapshots(
      snap([t({}), t({ id: "b", light: "黄灯" }), t({ id: "c" })], "2026-11-01"),
      snap(
        [
          t({ light: "红灯", daysOverdue: 3 }),
          t({ id: "b", light: "—", status: "已销号" }),
          t({ id: "c" }),
        ],
        "2026-12-01",
      ),
    );
    expect(d.newlyOverdue.map((c) => [c.ref, c.to])).toEqual([["1", "逾期 3 天"]]);
    expect(d.lights.map((c) => [c.from, c.to])).toEqual([["绿灯", "红灯"]]);
    expect(d.completed.map((c) => [c.from, c.to])).toEqual([["推进中", "已销号"]]);
  });
});

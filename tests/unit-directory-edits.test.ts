// The unit directory kept by people (app/models/unit-directory.server.ts) on a seeded SQLite file:
// each edit, what it refuses, its audit event, the task index after it — and a re-seed from
// seeds/units.json, which must never undo what people changed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "~/db/db.server";
import { taskIndex } from "~/models/task-index.server";
import {
  addAlias,
  createUnit,
  deactivateUnit,
  DirectoryEditError,
  mergeUnits,
  removeAlias,
  renameUnit,
  setMembers,
  setSuccessor,
  updateUnit,
} from "~/models/unit-directory.server";
import { currentUnit, responsibleUnitIds } from "~/models/unit.server";
import { seedAll } from "~/seed/seed.server";
import { seededDatabase } from "./helpers/fixtures";

const seedsDir = path.resolve(__dirname, "../seeds");

let f: Awaited<ReturnType<typeof seededDatabase>>;
let sc = "";
let tj = "";
let actor = "";

beforeAll(async () => {
  f = await seededDatabase();
  sc = (await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } })).id;
  tj = (await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "TJ" } })).id;
  actor = (await f.user("REVIEWER", "商务厅")).id;
});
afterAll(() => f?.cleanup());

/** The refusal's field and message, or a failure if it was not refused. */
async function refusal(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (error) {
    if (error instanceof DirectoryEditError) return [error.field, error.message];
    throw error;
  }
  throw new Error("expected a DirectoryEditError");
}

const events = (unitId: string) =>
  f.db.auditEvent.findMany({ where: { unitId }, orderBy: { createdAt: "asc" } });

describe("createUnit and addAlias (what an import calls)", () => {
  it("creates a unit of a jurisdiction with an audit event, and refuses a name or alias already taken", async () => {
    const unit = await createUnit(
      f.db,
      { jurisdictionId: sc, name: "省 口岸 物流 协调 中心", kind: "AGENCY" },
      actor,
    );
    expect(unit.name).toBe("省口岸物流协调中心");
    expect(unit.recognized).toBe(true);
    expect((await events(unit.id)).map((e) => e.type)).toEqual(["unit.created"]);
    const before = await f.db.unit.count();
    expect(
      await refusal(
        createUnit(f.db, { jurisdictionId: sc, name: "商务厅", kind: "DEPARTMENT" }, actor),
      ),
    ).toEqual(["name", "本地区已有单位「商务厅」"]);
    expect(
      await refusal(
        createUnit(f.db, { jurisdictionId: sc, name: "四川省商务厅", kind: "DEPARTMENT" }, actor),
      ),
    ).toEqual(["name", "「四川省商务厅」已是「商务厅」的别称"]);
    expect(
      (
        await refusal(
          createUnit(f.db, { jurisdictionId: sc, name: " ", kind: "DEPARTMENT" }, actor),
        )
      )[0],
    ).toBe("name");
    expect(
      (
        await refusal(createUnit(f.db, { jurisdictionId: sc, name: "某局", kind: "NOPE" }, actor))
      )[0],
    ).toBe("kind");
    // The same name in another jurisdiction is another unit.
    await createUnit(
      f.db,
      { jurisdictionId: tj, name: "省口岸物流协调中心", kind: "AGENCY" },
      actor,
    );
    expect(await f.db.unit.count()).toBe(before + 1);
  });

  it("adds an alias or abbreviation once (asking twice changes nothing) and refuses another unit's", async () => {
    const ndrc = await f.unit("省发展改革委");
    const first = await addAlias(
      f.db,
      { unitId: ndrc.id, alias: "四川省发改委", kind: "ABBREVIATION" },
      actor,
    );
    const again = await addAlias(
      f.db,
      { unitId: ndrc.id, alias: "四川省发改委", kind: "ABBREVIATION" },
      actor,
    );
    expect(again.id).toBe(first.id);
    expect((await events(ndrc.id)).filter((e) => e.type === "unit.alias_added")).toHaveLength(1);
    const commerce = await f.unit("商务厅");
    expect(
      await refusal(addAlias(f.db, { unitId: commerce.id, alias: "四川省发改委" }, actor)),
    ).toEqual(["alias", "「四川省发改委」已是「省发展改革委」的别称"]);
    expect(
      (await refusal(addAlias(f.db, { unitId: commerce.id, alias: "财政厅" }, actor)))[1],
    ).toMatch(/另一单位的名称/);
    expect(
      (await refusal(addAlias(f.db, { unitId: commerce.id, alias: "商务厅" }, actor)))[1],
    ).toBe("这是该单位自己的名称");
  });

  it("writes inside the caller's transaction: when the caller's commit fails, neither unit nor alias is left", async () => {
    const before = { units: await f.db.unit.count(), aliases: await f.db.unitAlias.count() };
    await expect(
      writeTransaction(f.db, async (tx) => {
        const unit = await createUnit(
          tx,
          { jurisdictionId: sc, name: "省会展办", kind: "AGENCY" },
          actor,
        );
        await addAlias(tx, { unitId: unit.id, alias: "四川省会展办", kind: "ALIAS" }, actor);
        throw new Error("the import's commit failed");
      }),
    ).rejects.toThrow("the import's commit failed");
    expect({ units: await f.db.unit.count(), aliases: await f.db.unitAlias.count() }).toEqual(
      before,
    );
  });

  it("a removed alias stays removed in the database and can be given again, to any unit", async () => {
    const commerce = await f.unit("商务厅");
    const row = await f.db.unitAlias.findFirstOrThrow({ where: { alias: "省商务厅" } });
    await removeAlias(f.db, row.id, actor);
    const removed = await f.db.unitAlias.findUniqueOrThrow({ where: { id: row.id } });
    expect(removed.removedAt).not.toBeNull();
    expect(removed.source).toBe("MANUAL");
    const back = await addAlias(f.db, { unitId: commerce.id, alias: "省商务厅" }, actor);
    expect(back.id).toBe(row.id);
    expect(back.removedAt).toBeNull();
  });
});

describe("renaming, successors, collectives", () => {
  it("renames a unit; its old name stays an alias and the task index shows the new name", async () => {
    const unit = await f.unit("省贸促会");
    await renameUnit(f.db, unit.id, "四川省贸促会", actor);
    const after = await f.db.unit.findUniqueOrThrow({
      where: { id: unit.id },
      include: { aliases: true },
    });
    expect(after.name).toBe("四川省贸促会");
    const active = after.aliases.filter((a) => !a.removedAt).map((a) => a.alias);
    expect(active).toContain("省贸促会"); // the old name
    expect(active).not.toContain("四川省贸促会"); // was an alias, is the name now
    expect(taskIndex(f.db).unit(unit.id)?.name).toBe("四川省贸促会");
    const [e] = await events(unit.id);
    expect(JSON.parse(e!.payload)).toEqual({ from: "省贸促会", to: "四川省贸促会" });
    expect(e!.actorId).toBe(actor);
    expect((await refusal(renameUnit(f.db, unit.id, "财政厅", actor)))[1]).toMatch(/已有单位/);
  });

  it("sets a successor with its day; refuses a cycle, another jurisdiction, itself", async () => {
    const old = await f.unit("省政府口岸物流办");
    const next = await f.unit("省经济合作局");
    await setSuccessor(f.db, old.id, { successorId: next.id, date: "2024-03-01" }, actor);
    const u = await f.db.unit.findUniqueOrThrow({ where: { id: old.id } });
    expect(u.successionYear).toBe(2024);
    expect(u.succeededOn?.toISOString()).toBe("2024-02-29T16:00:00.000Z");
    expect((await currentUnit(f.db, old.id)).name).toBe("省经济合作局");
    expect(taskIndex(f.db).currentUnit(old.id)?.name).toBe("省经济合作局");
    expect(await responsibleUnitIds(f.db, next.id)).toContain(old.id);
    expect(
      await refusal(setSuccessor(f.db, next.id, { successorId: old.id, year: 2025 }, actor)),
    ).toEqual(["successorId", "「省政府口岸物流办」已由该单位承接，不能互为承接单位"]);
    const tjUnit = await f.unit("市商务局", "TJ");
    expect(
      (await refusal(setSuccessor(f.db, old.id, { successorId: tjUnit.id, year: 2025 }, actor)))[1],
    ).toBe("承接单位须为本地区的单位");
    expect(
      (await refusal(setSuccessor(f.db, old.id, { successorId: old.id, year: 2025 }, actor)))[0],
    ).toBe("successorId");
    expect((await refusal(setSuccessor(f.db, old.id, { successorId: next.id }, actor)))[0]).toBe(
      "year",
    );
  });

  it("changes a collective's members (only units of its jurisdiction)", async () => {
    const cities = await f.unit("各市（州）人民政府");
    const members = await f.db.unitMembership.findMany({ where: { collectiveId: cities.id } });
    const chengdu = await f.unit("成都市人民政府");
    const keep = members.map((m) => m.memberId).filter((id) => id !== chengdu.id);
    await setMembers(f.db, cities.id, keep, actor);
    expect(await f.db.unitMembership.count({ where: { collectiveId: cities.id } })).toBe(20);
    expect(await responsibleUnitIds(f.db, chengdu.id)).not.toContain(cities.id);
    expect(taskIndex(f.db).responsibleUnitIds(chengdu.id)).not.toContain(cities.id);
    const e = (await events(cities.id)).at(-1)!;
    expect(JSON.parse(e.payload)).toEqual({ added: [], removed: ["成都市人民政府"] });
    const tjUnit = await f.unit("市商务局", "TJ");
    expect((await refusal(setMembers(f.db, cities.id, [...keep, tjUnit.id], actor)))[1]).toBe(
      "成员须为本地区的单位",
    );
    const commerce = await f.unit("商务厅");
    expect((await refusal(setMembers(f.db, commerce.id, [], actor)))[1]).toBe(
      "只有集合类单位才有成员",
    );
  });
});

describe("deactivating", () => {
  it("refuses a unit with open tasks unless its successor is named; then the successor answers for them", async () => {
    const customs = await f.unit("成都海关");
    const open = taskIndex(f.db).tasksOfUnits([customs.id]).length;
    expect(open).toBeGreaterThan(0);
    const [field, message] = await refusal(deactivateUnit(f.db, customs.id, {}, actor));
    expect(field).toBe("successorId");
    expect(message).toMatch(/^该单位还有 \d+ 项未办结的任务，请指定承接单位$/);
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: customs.id } })).active).toBe(true);

    const successor = await createUnit(
      f.db,
      { jurisdictionId: sc, name: "成都海关（新）", kind: "CENTRAL_BRANCH" },
      actor,
    );
    await deactivateUnit(
      f.db,
      customs.id,
      { successorId: successor.id, date: "2026-01-01" },
      actor,
    );
    const after = await f.db.unit.findUniqueOrThrow({ where: { id: customs.id } });
    expect(after.active).toBe(false);
    expect(after.successorId).toBe(successor.id);
    const index = taskIndex(f.db);
    expect(index.assignableUnits(sc).map((u) => u.id)).not.toContain(customs.id);
    expect(index.assignableUnits(sc).map((u) => u.id)).toContain(successor.id);
    expect(
      index.tasksOfUnits(index.responsibleUnitIds(successor.id)).length,
    ).toBeGreaterThanOrEqual(open);
    expect((await events(customs.id)).map((e) => e.type)).toEqual(["unit.deactivated"]);
  });

  it("deactivates a unit without open tasks with no successor", async () => {
    const unit = await createUnit(
      f.db,
      { jurisdictionId: sc, name: "临时工作专班", kind: "OTHER" },
      actor,
    );
    await deactivateUnit(f.db, unit.id, {}, actor);
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(false);
    expect((await refusal(deactivateUnit(f.db, unit.id, {}, actor)))[1]).toBe("该单位已撤销");
  });
});

describe("merging a duplicate", () => {
  it("moves assignments, aliases and people; keeps the duplicate's reports and its name as an alias", async () => {
    // An unknown name a document used, with an assignment, a report and a liaison.
    const task = await f.task("sc-2023-trade-power-draft", "二.2");
    const stray = await f.db.unit.create({
      data: { jurisdictionId: sc, name: "省发改", kind: "UNKNOWN", recognized: false },
    });
    const liaison = await f.db.user.create({
      data: { email: "stray@example.test", name: "联络员", role: "LIAISON", unitId: stray.id },
    });
    await f.db.assignment.create({
      data: { taskId: task.id, unitId: stray.id, role: "CO", position: 5, nameAsWritten: "省发改" },
    });
    const report = await f.db.progressReport.create({
      data: {
        taskId: task.id,
        unitId: stray.id,
        authorId: liaison.id,
        period: "2026-11",
        status: "IN_PROGRESS",
        percent: 10,
        progress: "重复条目报送的进展",
        problems: "",
        nextSteps: "",
        coordination: "",
      },
    });
    const ndrc = await f.unit("省发展改革委");
    const result = await mergeUnits(f.db, { fromId: stray.id, intoId: ndrc.id }, actor);
    expect(result).toMatchObject({ tasks: 1, people: 1 });

    const moved = await f.db.assignment.findUniqueOrThrow({
      where: { taskId_unitId: { taskId: task.id, unitId: ndrc.id } },
    });
    expect(moved.nameAsWritten).toBe("省发改");
    expect(moved.removedAt).toBeNull();
    expect((await f.db.progressReport.findUniqueOrThrow({ where: { id: report.id } })).unitId).toBe(
      stray.id,
    );
    expect((await f.db.user.findUniqueOrThrow({ where: { id: liaison.id } })).unitId).toBe(ndrc.id);
    const alias = await f.db.unitAlias.findUniqueOrThrow({
      where: { jurisdictionId_alias: { jurisdictionId: sc, alias: "省发改" } },
    });
    expect(alias.unitId).toBe(ndrc.id);
    const old = await f.db.unit.findUniqueOrThrow({ where: { id: stray.id } });
    expect(old).toMatchObject({ active: false, successorId: ndrc.id });
    expect(old.mergedAt).not.toBeNull();
    // The task's timeline says so, and the index counts the task as 省发展改革委's.
    const timeline = await f.db.auditEvent.findMany({
      where: { taskId: task.id, type: "assignment.merged" },
    });
    expect(JSON.parse(timeline[0]!.payload)).toEqual({ from: "省发改", into: "省发展改革委" });
    const index = taskIndex(f.db);
    expect(index.tasksOfUnits([ndrc.id]).map((t) => t.id)).toContain(task.id);
    expect(index.unitsOf(index.get(task.id)!).cos).toContain(ndrc.id);
    expect((await events(ndrc.id)).at(-1)!.type).toBe("unit.merged");
    expect((await events(stray.id)).at(-1)!.type).toBe("unit.merged_away");
    expect((await refusal(mergeUnits(f.db, { fromId: stray.id, intoId: ndrc.id }, actor)))[1]).toBe(
      "该单位已合并到其他单位",
    );
  });

  it("where both were assigned, the kept assignment leads if either led; the duplicate's is marked removed", async () => {
    const task = await f.task("sc-2023-trade-power-draft", "二.2"); // 商务厅 leads
    const commerce = await f.unit("商务厅");
    const dup = await f.db.unit.create({
      data: { jurisdictionId: sc, name: "四川商务厅", kind: "UNKNOWN", recognized: false },
    });
    const dupRow = await f.db.assignment.create({
      data: {
        taskId: task.id,
        unitId: dup.id,
        role: "CO",
        position: 9,
        nameAsWritten: "四川商务厅",
      },
    });
    await mergeUnits(f.db, { fromId: dup.id, intoId: commerce.id }, actor);
    const kept = await f.db.assignment.findUniqueOrThrow({
      where: { taskId_unitId: { taskId: task.id, unitId: commerce.id } },
    });
    expect(kept.role).toBe("LEAD");
    expect(
      (await f.db.assignment.findUniqueOrThrow({ where: { id: dupRow.id } })).removedAt,
    ).not.toBeNull();
  });

  it("refuses merging across jurisdictions or into itself", async () => {
    const a = await f.unit("司法厅");
    const b = await f.unit("市财政局", "TJ");
    expect((await refusal(mergeUnits(f.db, { fromId: a.id, intoId: b.id }, actor)))[1]).toBe(
      "只能合并本地区的单位",
    );
    expect((await refusal(mergeUnits(f.db, { fromId: a.id, intoId: a.id }, actor)))[1]).toBe(
      "不能与自身合并",
    );
  });
});

describe("re-seeding after people edited the directory", () => {
  it("keeps every edit and still brings the file's changes to fields nobody touched", async () => {
    // People's edits so far (above) and a few more.
    const finance = await f.unit("财政厅");
    await updateUnit(f.db, finance.id, { note: "人工备注：预算处对接" }, actor);
    const before = await f.db.unit.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true,
        name: true,
        kind: true,
        note: true,
        active: true,
        successorId: true,
        successionYear: true,
      },
    });
    const memberships = await f.db.unitMembership.count();
    const aliases = await f.db.unitAlias.findMany({
      orderBy: { id: "asc" },
      select: { id: true, unitId: true, alias: true, removedAt: true, kind: true },
    });
    const supervision = await f.db.supervision.findMany();

    // The file changes too: a note on an edited unit and on an untouched one, a new alias of a
    // renamed unit, the collective's member list as it was.
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-seeds-"));
    cpSync(seedsDir, dir, { recursive: true });
    const file = path.join(dir, "units.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const entry = (name: string) => json.units.find((u: { name: string }) => u.name === name);
    entry("财政厅").note = "文件中的备注";
    entry("教育厅").note = "文件中的新备注";
    entry("省贸促会").aliases.push("四川省国际贸易促进委员会");
    writeFileSync(file, JSON.stringify(json));
    try {
      const s = await seedAll(f.db, dir);
      expect(s.units.created).toBe(0);
      expect(s.units.keptEdits).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const after = await f.db.unit.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true,
        name: true,
        kind: true,
        note: true,
        active: true,
        successorId: true,
        successionYear: true,
      },
    });
    const education = (await f.unit("教育厅")).id;
    // Only 教育厅's note moved, as the file says: nobody had touched it.
    expect(after.filter((u) => u.id !== education)).toEqual(
      before.filter((u) => u.id !== education),
    );
    expect(after.find((u) => u.id === education)!.note).toBe("文件中的新备注");
    expect((await f.db.unit.findUniqueOrThrow({ where: { id: finance.id } })).note).toBe(
      "人工备注：预算处对接",
    );
    // No renamed unit came back under its old name; the removed member stayed removed.
    expect(await f.db.unit.count({ where: { name: "省贸促会" } })).toBe(0);
    expect(await f.db.unitMembership.count()).toBe(memberships);
    // Aliases: as people left them, plus the file's new one on the renamed unit.
    const now = await f.db.unitAlias.findMany({
      orderBy: { id: "asc" },
      select: { id: true, unitId: true, alias: true, removedAt: true, kind: true },
    });
    const added = now.filter((a) => !aliases.some((b) => b.id === a.id));
    expect(added.map((a) => a.alias)).toEqual(["四川省国际贸易促进委员会"]);
    expect(added[0]!.unitId).toBe(
      (await f.db.unit.findFirstOrThrow({ where: { name: "四川省贸促会" } })).id,
    );
    expect(now.filter((a) => aliases.some((b) => b.id === a.id))).toEqual(aliases);
    expect(await f.db.supervision.findMany()).toEqual(supervision);
  });

  it("re-resolving a document's names follows a merge: a merged duplicate's name goes to the unit it is now", async () => {
    // A document whose text changed is resolved again; its note names 省发改 (merged above).
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-seeds-"));
    cpSync(seedsDir, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, "documents.json"), "utf8"));
    const entry = manifest.documents.find(
      (d: { slug: string }) => d.slug === "sc-2023-trade-power-draft",
    );
    const file = path.join(dir, entry.file);
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "（责任单位：商务厅，省发展改革委、财政厅、",
        "（责任单位：商务厅，省发改、财政厅、",
      ),
    );
    try {
      const s = await seedAll(f.db, dir);
      expect(s.unrecognizedUnits).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const stray = await f.db.unit.findFirstOrThrow({ where: { name: "省发改" } });
    expect(await f.db.assignment.count({ where: { unitId: stray.id, removedAt: null } })).toBe(0);
    const ndrc = await f.unit("省发展改革委");
    const rows = await f.db.assignment.findMany({
      where: {
        unitId: ndrc.id,
        nameAsWritten: "省发改",
        task: { document: { slug: "sc-2023-trade-power-draft" } },
      },
    });
    expect(rows.length).toBeGreaterThan(0);
  });
});

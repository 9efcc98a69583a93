// Importing documents into a seeded database: preview, unit resolution, commit, re-import of a
// newer version, refusals that write nothing, and two commits of the same document at once.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UPLOAD_LIMIT } from "~/http/body-limit.server";
import {
  commitDraft,
  createDraft,
  findDraft,
  ImportError,
  previewDraft,
  rereadColumns,
  setReplaces,
  updateEdits,
} from "~/models/import.server";
import { authorizeTask } from "~/models/access.server";
import { assignUnit } from "~/models/review.server";
import { taskIndex } from "~/models/task-index.server";
import { seedAll } from "~/seed/seed.server";
import { seededDatabase } from "../helpers/fixtures";
import { png, scannedPdf, xlsxOf } from "../ingest/fixtures";
import { fingerprint, utf8, V1, V2 } from "./documents";

let f: Awaited<ReturnType<typeof seededDatabase>>;
let sc = "";
let reviewer = "";

beforeAll(async () => {
  f = await seededDatabase();
  sc = (await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } })).id;
  reviewer = (await f.user("REVIEWER", "商务厅")).id;
}, 60_000);

afterAll(async () => {
  await f?.cleanup();
});

const fromText = (lines: string[], fileName = "v.txt") =>
  createDraft(f.db, {
    source: { kind: "file", bytes: utf8(lines), fileName },
    jurisdictionId: sc,
    userId: reviewer,
  });

async function preview(id: string) {
  return previewDraft(f.db, (await findDraft(f.db, id))!);
}

async function refusal(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ImportError) return error.reasons;
    throw error;
  }
  throw new Error("expected a refusal");
}

const unit = (name: string) => f.unit(name);

describe("import: preview, commit, re-import", () => {
  let documentId = "";
  let taskIds: Record<string, string> = {};

  it("previews every measure with its units resolved, and refuses to commit an unknown name", async () => {
    const { id } = await fromText(V1);
    const { preview: p } = await preview(id);
    expect(p.header).toMatchObject({
      title: "四川省人民政府办公厅关于推进外贸新业态发展的实施意见",
      number: "川办发〔2031〕12号",
      date: "2031-05-01",
      implements: "《国务院办公厅关于加快发展外贸新业态新模式的意见》（国办发〔2021〕24号）",
    });
    expect(p.measures.map((m) => m.ref)).toEqual([
      "一.(一)",
      "一.(二)",
      "一.(三)",
      "二.(四)",
      "二.(五)",
    ]);
    expect(p.measures[4]).toMatchObject({ leader: "李某某", due: "2033-06-30" });
    const kinds = Object.fromEntries(p.names.map((n) => [n.name, n.resolution.kind]));
    expect(kinds).toMatchObject({
      商务厅: "EXACT",
      省发改委: "ALIAS",
      成都海关: "EXACT",
      省经济合作局: "EXACT",
      "各市（州）人民政府": "COLLECTIVE",
      人行成都分行: "SUCCESSOR",
      四川金融监管局: "ALIAS",
      有关部门: "GENERIC",
      省航天推进办: "UNKNOWN",
    });
    expect(p.problems.join("\n")).toContain("省航天推进办");
    const before = fingerprint(f.file);
    const reasons = await refusal(commitDraft(f.db, id, reviewer));
    expect(reasons.join("\n")).toContain("「省航天推进办」不在四川省的单位名录中");
    expect(fingerprint(f.file)).toEqual(before);
  });

  it("commits the document, its tasks and assignments; the ledger lists them; 责任领导 is kept", async () => {
    const { id } = await fromText(V1);
    await updateEdits(f.db, id, (e) => ({
      ...e,
      names: { 省航天推进办: { action: "CREATE", name: "省航天推进办", kind: "AGENCY" } },
    }));
    expect((await preview(id)).preview.problems).toEqual([]);
    const result = await commitDraft(f.db, id, reviewer);
    expect(result.created).toBe(true);
    expect(result.counts.tasks.created).toBe(5);
    expect(result.counts.unitsCreated).toBe(1);
    documentId = result.document.id;
    expect(result.document.slug).toMatch(/^sc-2031-/);
    const tasks = await f.db.task.findMany({
      where: { documentId },
      include: {
        assignments: { include: { unit: true }, orderBy: [{ role: "desc" }, { position: "asc" }] },
      },
      orderBy: { position: "asc" },
    });
    taskIds = Object.fromEntries(tasks.map((t) => [t.ref, t.id]));
    expect(tasks.map((t) => t.ref)).toEqual([
      "一.(一)",
      "一.(二)",
      "一.(三)",
      "二.(四)",
      "二.(五)",
    ]);
    const units = (ref: string) =>
      tasks
        .find((t) => t.ref === ref)!
        .assignments.map((a) => `${a.role}:${a.unit.name}:${a.nameAsWritten}`);
    expect(units("一.(一)")).toEqual([
      "LEAD:商务厅:商务厅",
      "CO:省发展改革委:省发改委",
      "CO:成都海关:成都海关",
    ]);
    // A renamed unit's name is kept as written, on the unit it names; 有关部门 is nobody.
    expect(units("二.(四)")).toContain("LEAD:中国人民银行成都分行:人行成都分行");
    expect(units("二.(五)")).toEqual(["LEAD:经济和信息化厅:经济和信息化厅", "CO:商务厅:商务厅"]);
    expect(tasks[4]!.leader).toBe("李某某");
    expect(tasks[0]!.dueDateText).toBe("2032年底前");
    const created = await f.db.unit.findFirstOrThrow({ where: { name: "省航天推进办" } });
    expect(created).toMatchObject({ recognized: true, kind: "AGENCY", jurisdictionId: sc });
    // The ledger (the task index) has them, for the reviewer's scope.
    const index = taskIndex(f.db);
    const listed = index.tasksOfJurisdictions([sc]).filter((t) => t.documentId === documentId);
    expect(listed.map((t) => t.ref)).toEqual([
      "一.(一)",
      "一.(二)",
      "一.(三)",
      "二.(四)",
      "二.(五)",
    ]);
    const doc = await f.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc).toMatchObject({
      version: 1,
      implementsCitation: expect.stringContaining("国办发"),
    });
    expect(doc.importedAt).not.toBeNull();
    // The draft is done with.
    expect((await f.db.importDraft.findUniqueOrThrow({ where: { id } })).status).toBe("COMMITTED");
    await expect(commitDraft(f.db, id, reviewer)).rejects.toThrow("已提交");
  });

  it("re-import of a newer version: a diff, reports and manual assignments kept, a removed measure archived", async () => {
    const liaison = await f.user("LIAISON", "商务厅");
    await f.db.progressReport.create({
      data: {
        taskId: taskIds["一.(一)"]!,
        unitId: (await unit("商务厅")).id,
        authorId: liaison.id,
        period: "2031-06",
        status: "IN_PROGRESS",
        percent: 20,
        progress: "综试区方案已报批。",
        problems: "",
        nextSteps: "",
        coordination: "",
        consolidated: true,
      },
    });
    await assignUnit(f.db, taskIds["一.(二)"]!, (await unit("财政厅")).id, "CO", reviewer);

    const { id } = await fromText(V2);
    const draft = (await findDraft(f.db, id))!;
    expect(draft.replacesId).toBe(documentId); // the same number
    const { preview: p } = await preview(id);
    const diff = p.diff!;
    expect(diff.added.map((a) => a.ref)).toEqual(["一.(二)"]);
    expect(diff.removed.map((r) => r.ref)).toEqual(["一.(三)"]);
    const changed = Object.fromEntries(diff.changed.map((c) => [c.ref, c]));
    expect(changed["一.(一)"]).toMatchObject({ fromRef: "一.(一)", text: true, reports: 1 });
    expect(changed["一.(三)"]).toMatchObject({ fromRef: "一.(二)", by: "TEXT", text: false });
    expect(changed["二.(四)"]!.units).toEqual({
      added: ["省地方金融监管局（配合）"],
      removed: ["四川金融监管局（配合）"],
    });
    expect(diff.unchanged).toBe(1);
    expect(diff.kept).toEqual({ reports: 1, manualAssignments: 1 });

    const result = await commitDraft(f.db, id, reviewer);
    expect(result).toMatchObject({ created: false, document: { id: documentId, version: 2 } });
    expect(result.counts.archived).toBe(1);
    const tasks = await f.db.task.findMany({
      where: { documentId },
      include: {
        _count: { select: { reports: true } },
        assignments: { where: { removedAt: null } },
      },
    });
    const byRef = new Map(tasks.map((t) => [t.ref, t]));
    // The reworded measure is the same task, its report kept.
    expect(byRef.get("一.(一)")!.id).toBe(taskIds["一.(一)"]);
    expect(byRef.get("一.(一)")!._count.reports).toBe(1);
    expect(byRef.get("一.(一)")!.text).toContain("30家");
    // The renumbered one too, with the reviewer's manual assignment.
    expect(byRef.get("一.(三)")!.id).toBe(taskIds["一.(二)"]);
    expect(byRef.get("一.(三)")!.assignments.some((a) => a.source === "MANUAL")).toBe(true);
    // The inserted one is new; the removed one archived, not deleted.
    expect(Object.values(taskIds)).not.toContain(byRef.get("一.(二)")!.id);
    const gone = tasks.find((t) => t.id === taskIds["一.(三)"])!;
    expect(gone.archivedAt).not.toBeNull();
    expect(gone.ref).toBe("一.(三)（旧）");
    const index = taskIndex(f.db);
    expect(index.get(gone.id)?.archived).toBe(true);
    expect(index.ordered().some((t) => t.id === gone.id)).toBe(false);
    expect(index.tasksOfUnits([(await unit("商务厅")).id]).some((t) => t.id === gone.id)).toBe(
      false,
    );
    // Still readable; no longer reported on.
    const liaisonUser = { ...liaison, sessionId: "test" };
    const request = new Request("http://duban.test/tasks/x/report", { method: "POST" });
    await expect(authorizeTask(f.db, request, liaisonUser, gone.id, "read")).resolves.toBeTruthy();
    const refused = await authorizeTask(f.db, request, liaisonUser, gone.id, "report").catch(
      (r: Response) => r,
    );
    expect((refused as Response).status).toBe(409);
    expect(await (refused as Response).text()).toContain("已归档");
    const events = await f.db.auditEvent.findMany({ where: { taskId: gone.id } });
    expect(events.map((e) => e.type)).toContain("task.archived");
    const renumbered = await f.db.auditEvent.findFirstOrThrow({
      where: { taskId: taskIds["一.(二)"]!, type: "task.updated_from_document" },
    });
    expect(JSON.parse(renumbered.payload)).toMatchObject({ from: "一.(二)", to: "一.(三)" });
  });

  it("a measure that comes back in a later version gets its archived task back", async () => {
    const { id } = await fromText(V1);
    await updateEdits(f.db, id, (e) => ({ ...e }));
    const result = await commitDraft(f.db, id, reviewer);
    expect(result.counts.tasks.restored).toBe(1);
    const back = await f.db.task.findUniqueOrThrow({ where: { id: taskIds["一.(三)"]! } });
    expect(back).toMatchObject({ archivedAt: null, ref: "一.(三)" });
  });
});

describe("unit resolution on commit", () => {
  it("an unknown name mapped to a unit becomes its alias in the jurisdiction", async () => {
    const lines = [
      "四川省商务厅关于开展外贸新业态调研的通知",
      "川商发〔2031〕77号",
      "一、开展调研",
      "（一）摸清底数。对全省外贸新业态企业开展摸底调查。（责任单位：省新业态推进办，商务厅）",
    ];
    const { id } = await fromText(lines);
    const target = await unit("省政府口岸物流办");
    await updateEdits(f.db, id, (e) => ({
      ...e,
      names: { 省新业态推进办: { action: "MAP", unitId: target.id } },
    }));
    const result = await commitDraft(f.db, id, reviewer);
    const alias = await f.db.unitAlias.findUniqueOrThrow({
      where: { jurisdictionId_alias: { jurisdictionId: sc, alias: "省新业态推进办" } },
    });
    expect(alias.unitId).toBe(target.id);
    const task = await f.db.task.findFirstOrThrow({
      where: { documentId: result.document.id },
      include: { assignments: true },
    });
    expect(task.assignments.find((a) => a.role === "LEAD")).toMatchObject({
      unitId: target.id,
      nameAsWritten: "省新业态推进办",
    });
    // The next document that writes it resolves it as an alias.
    const again = await fromText([...lines.slice(0, 1), "川商发〔2031〕78号", ...lines.slice(2)]);
    const names = (await preview(again.id)).preview.names;
    expect(names.find((n) => n.name === "省新业态推进办")!.resolution).toMatchObject({
      kind: "ALIAS",
      unit: { name: "省政府口岸物流办" },
    });
  });
});

describe("a name seeding kept as unrecognized", () => {
  it("mapped to a unit: merged into it, its work moved, its name the unit's alias", async () => {
    const stray = await f.db.unit.create({
      data: { jurisdictionId: sc, name: "省外贸工作专班", kind: "UNKNOWN", recognized: false },
    });
    const { id } = await fromText([
      "四川省商务厅关于组建外贸工作专班的通知",
      "川商发〔2031〕81号",
      "一、组建专班",
      "（一）明确专班职责。统筹推进全省外贸稳增长工作。（责任单位：省外贸工作专班，商务厅）",
    ]);
    const name = (await preview(id)).preview.names.find((n) => n.name === "省外贸工作专班")!;
    expect(name.resolution).toMatchObject({ recorded: { id: stray.id } });
    const into = await unit("商务厅");
    await updateEdits(f.db, id, (e) => ({
      ...e,
      names: { 省外贸工作专班: { action: "MAP", unitId: into.id } },
    }));
    await commitDraft(f.db, id, reviewer);
    const merged = await f.db.unit.findUniqueOrThrow({ where: { id: stray.id } });
    expect(merged).toMatchObject({ successorId: into.id });
    expect(merged.mergedAt).not.toBeNull();
    const again = await fromText([
      "四川省商务厅关于外贸工作专班例会的通知",
      "川商发〔2031〕82号",
      "一、例会",
      "（一）召开例会。每月召开一次专班例会。（责任单位：省外贸工作专班）",
    ]);
    const names = (await preview(again.id)).preview.names;
    expect(names[0]!.resolution).toMatchObject({ kind: "ALIAS", unit: { id: into.id } });
  });
});

describe("bad input writes nothing", () => {
  const OLE = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(512),
    Buffer.from("WordDocument", "utf16le"),
  ]);
  const cases: Array<[string, () => Promise<Buffer> | Buffer, string, RegExp]> = [
    ["an old .doc", () => OLE, "a.doc", /另存为 \.docx/],
    ["a scanned PDF", () => scannedPdf(), "s.pdf", /OCR|文字识别/],
    ["an image", () => png(32, 32), "p.png", /图片/],
    ["an empty file", () => Buffer.alloc(0), "e.txt", /空/],
    [
      "a binary file",
      () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
      "b.bin",
      /./,
    ],
    ["a file over the limit", () => Buffer.alloc(UPLOAD_LIMIT + 1, 0x41), "big.txt", /上限/],
    [
      "a text with no measures",
      () => utf8(["关于某事的说明", "这是一段说明文字。"]),
      "n.txt",
      /没有找到/,
    ],
  ];
  for (const [what, bytes, fileName, message] of cases)
    it(`${what}: a Chinese message, the database unchanged`, async () => {
      const before = fingerprint(f.file);
      const reasons = await refusal(
        createDraft(f.db, {
          source: { kind: "file", bytes: await bytes(), fileName },
          jurisdictionId: sc,
          userId: reviewer,
        }),
      );
      expect(reasons.join("")).toMatch(message);
      expect(reasons.join("")).toMatch(/[\u4e00-\u9fa5]/);
      expect(fingerprint(f.file)).toEqual(before);
    });

  it("pasted text that is empty", async () => {
    const before = fingerprint(f.file);
    const reasons = await refusal(
      createDraft(f.db, {
        source: { kind: "text", text: "  \n " },
        jurisdictionId: sc,
        userId: reviewer,
      }),
    );
    expect(reasons).toEqual(["粘贴的内容是空的"]);
    expect(fingerprint(f.file)).toEqual(before);
  });
});

describe("an Excel 台账", () => {
  it("proposes a column mapping, reads again with the reviewer's, and commits", async () => {
    const rows = [
      ["外贸新业态重点任务台账"],
      ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
      [1, "跨境电商", "建设跨境电商综合试验区。", "商务厅", "成都海关", "2032年底前"],
      [2, "海外仓", "支持企业布局海外仓。", "商务厅", "省经济合作局", null],
    ];
    const { id } = await createDraft(f.db, {
      source: { kind: "file", bytes: await xlsxOf(rows), fileName: "台账.xlsx" },
      jurisdictionId: sc,
      userId: reviewer,
    });
    let p = await preview(id);
    const ledger = "ledger" in p.stored.source ? p.stored.source.ledger! : null;
    expect(ledger?.proposed).toMatchObject({ ref: 0, task: 1, measure: 2, lead: 3, co: 4, due: 5 });
    expect(p.preview.measures[0]).toMatchObject({
      lead: [{ name: "商务厅" }],
      co: [{ name: "成都海关" }],
    });
    // The reviewer swaps the unit columns and reads again.
    await rereadColumns(f.db, id, { lead: 4, co: 3 });
    p = await preview(id);
    expect(p.preview.measures[0]).toMatchObject({
      lead: [{ name: "成都海关" }],
      co: [{ name: "商务厅" }],
    });
    expect(p.edits.columns).toEqual({ lead: 4, co: 3 });
    await updateEdits(f.db, id, (e) => ({ ...e, header: { title: "外贸新业态重点任务台账" } }));
    const result = await commitDraft(f.db, id, reviewer);
    expect(result.counts.tasks.created).toBe(2);
    expect((await f.db.importDraft.findUniqueOrThrow({ where: { id } })).fileBytes).toBeNull();
  });
});

describe("two imports of the same document at once", () => {
  /** A commit in a process of its own (as two server processes would), started at the signal. */
  function committer(draftId: string) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tests/helpers/import-commit.ts", f.file, draftId, reviewer],
      { cwd: path.resolve(__dirname, "../..") },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const ready = new Promise<void>((resolve) => {
      const check = () => (out.includes("ready") ? resolve() : setTimeout(check, 20));
      check();
    });
    const result = new Promise<{ ok: boolean; reasons?: string[] }>((resolve, reject) =>
      child.on("exit", () => {
        const last = out.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(last));
        } catch {
          reject(new Error(`commit of ${draftId} printed ${out}`));
        }
      }),
    );
    return { child, ready, result };
  }

  async function race(a: string, b: string) {
    const both = [committer(a), committer(b)];
    await Promise.all(both.map((c) => c.ready));
    for (const c of both) c.child.stdin.write("go\n");
    const results = await Promise.all(both.map((c) => c.result));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.filter((r) => !r.ok);
    expect(lost).toHaveLength(1);
    return lost[0]!.reasons!.join("\n");
  }

  const doc = (number: string, extra = "") => [
    "四川省商务厅关于加强外贸企业服务的通知",
    number,
    "一、加强服务",
    `（一）建立服务专员制度。为重点外贸企业配备服务专员${extra}。（责任单位：商务厅）`,
  ];

  it("two drafts of a new document: one is committed, the other is told it is there now", async () => {
    const a = await fromText(doc("川商发〔2031〕90号"));
    const b = await fromText(doc("川商发〔2031〕90号"));
    const message = await race(a.id, b.id);
    expect(message).toContain("川商发〔2031〕90号");
    expect(message).toContain("已在系统中");
    expect(await f.db.document.count({ where: { number: "川商发〔2031〕90号" } })).toBe(1);
    // The loser's draft is still open, to be compared with what won.
    const loser = (
      await f.db.importDraft.findMany({ where: { id: { in: [a.id, b.id] }, status: "OPEN" } })
    )[0]!;
    const won = await f.db.document.findFirstOrThrow({ where: { number: "川商发〔2031〕90号" } });
    await setReplaces(f.db, loser.id, won.id);
    expect((await preview(loser.id)).preview.diff?.unchanged).toBe(1);
  });

  it("two re-imports of the same version: one is committed, the other is told to compare again", async () => {
    const a = await fromText(doc("川商发〔2031〕90号", "，每月走访一次"));
    const b = await fromText(doc("川商发〔2031〕90号", "，每季度走访一次"));
    const message = await race(a.id, b.id);
    expect(message).toContain("已被另一次导入更新");
    const docRow = await f.db.document.findFirstOrThrow({
      where: { number: "川商发〔2031〕90号" },
    });
    expect(docRow.version).toBe(2);
  });
});

describe("seeding and imports", () => {
  it("a seeded document a reviewer re-imported is left as imported by the next seed run", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    await f.db.document.update({
      where: { id: doc.id },
      data: {
        title: "导入的新版本标题",
        sourceHash: "imported",
        importedAt: new Date(),
        version: 1,
      },
    });
    const summary = await seedAll(f.db, path.resolve(__dirname, "../../seeds"));
    expect(summary.warnings.join("\n")).toContain("sc-2023-trade-power-draft: imported");
    const after = await f.db.document.findUniqueOrThrow({ where: { id: doc.id } });
    expect(after).toMatchObject({ title: "导入的新版本标题", sourceHash: "imported" });
  });
});

describe("the document it implements", () => {
  it("a confirmed citation of a document in Duban records the adoption, with this jurisdiction's tasks of it", async () => {
    const cn = await f.db.jurisdiction.findUniqueOrThrow({ where: { code: "CN" } });
    const national = [
      "国务院办公厅关于推动外贸保稳提质的意见",
      "国办发〔2031〕9号",
      "一、稳定外贸主体",
      "（一）支持企业抓订单。组织企业参加境内外展会。（商务部、贸促会负责）",
      "（二）加大金融支持。扩大出口信用保险覆盖面。（财政部、金融监管总局按职责分工负责）",
    ].join("\n");
    const higher = await f.db.document.create({
      data: {
        slug: "cn-2031-wmbwtz",
        title: "国务院办公厅关于推动外贸保稳提质的意见",
        number: "国办发〔2031〕9号",
        status: "IN_FORCE",
        jurisdictionId: cn.id,
        sourceText: national,
        sourceHash: "x",
      },
    });
    const { id } = await fromText([
      "四川省人民政府办公厅关于推动外贸保稳提质的实施意见",
      "川办发〔2031〕40号",
      "根据《国务院办公厅关于推动外贸保稳提质的意见》（国办发〔2031〕9号）精神，提出以下意见。",
      "一、稳定外贸主体",
      "（一）支持企业抓订单。组织省内企业参加重点展会。（责任单位：商务厅，省贸促会）",
    ]);
    const p = await preview(id);
    expect(p.implemented.map((d) => d.id)).toEqual([higher.id]);
    const result = await commitDraft(f.db, id, reviewer);
    expect(result.counts.implements).toEqual(["cn-2031-wmbwtz"]);
    const adoption = await f.db.adoption.findUniqueOrThrow({
      where: { documentId_jurisdictionId: { documentId: higher.id, jurisdictionId: sc } },
    });
    expect(adoption).toMatchObject({ viaDocumentId: result.document.id, source: "MANUAL" });
    expect(adoption.evidence).toContain("根据《国务院办公厅关于推动外贸保稳提质的意见》");
    expect(await f.db.task.count({ where: { documentId: higher.id, jurisdictionId: sc } })).toBe(2);
  });
});

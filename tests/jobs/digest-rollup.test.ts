// The weekly digest's content, and the roll-up report's XLSX and DOCX read back.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { myTasks } from "~/models/my-tasks.server";
import { submitReport } from "~/models/report.server";
import { sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { runDigest } from "../../jobs/digest";
import { startSmtp } from "../helpers/smtp";
import { buildRollup } from "../../jobs/rollup";
import { parseMemberForm } from "~/forms/conference-member-form";
import {
  addConferenceMember,
  conferenceMembers,
  removeConferenceMember,
} from "~/models/conference-member.server";
import { shanghaiTime } from "~/utils/week";
import { seededDatabase } from "../helpers/fixtures";

const ROLLUP_AT = new Date("2026-12-01T01:00:00Z"); // 1 Dec, 09:00 in Shanghai: the monthly run

describe("digest and roll-up", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  let liaison: { id: string; unitId: string | null };
  let reviewer: { id: string };
  beforeAll(async () => {
    f = await seededDatabase();
    process.env.DUBAN_DATA_DIR = f.dir; // reports are written under the data folder
    liaison = await f.user("LIAISON", "省药监局");
    reviewer = await f.user("REVIEWER", "商务厅");
    await f.user("LIAISON", "财政厅", { digest: "NONE" });
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    const commerce = await f.user("LIAISON", "商务厅");
    await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: {
        period: "2026-11",
        status: "BLOCKED",
        percent: 30,
        progress: "跨境电商产业园建设启动",
        problems: "用地指标不足 <紧缺>",
        nextSteps: "",
        coordination: "需联席会议协调自然资源部门保障用地",
        baseReportId: "",
      },
      now: new Date("2026-11-18T03:00:00Z"),
    });
  });
  afterAll(() => f.cleanup());

  it("sends a weekly digest to each user who wants one, with their unit's tasks", async () => {
    const r = await runDigest(f.db, "2026-11-23", { now: shanghaiTime("2026-11-23", 8, 30) });
    expect(r.week).toBe("2026-W48");
    expect(r.digests).toBe(3); // 省药监局 and 商务厅 liaisons, the reviewer; 财政厅 chose NONE
    const mine = await f.db.email.findFirstOrThrow({
      where: { toUserId: liaison.id, kind: "DIGEST" },
      include: { body: true },
    });
    expect(mine.key).toBe(`digest:${liaison.id}:2026-W48`);
    expect(mine.body.subject).toMatch(/^【督办周报】省药监局 2026-W48：红灯\d+项、黄灯\d+项$/);
    expect(mine.body.text).toContain("四.6");
    // Last week (16–23 Nov, 08:30) saw one change on its tasks: the lead's report on 四.6 of the 18th.
    expect(mine.body.text).toContain("上周变化：1条");
  });
  it("gives reviewers the whole picture: per-unit table, newly overdue, items needing coordination", async () => {
    const mail = await f.db.email.findFirstOrThrow({
      where: { toUserId: reviewer.id, kind: "DIGEST" },
      include: { body: true },
    });
    expect(mail.body.text).toContain("单位：牵头｜完成｜逾期｜按时报送率");
    expect(mail.body.text).toContain("需协调事项（1）");
    expect(mail.body.text).toContain("需联席会议协调自然资源部门保障用地");
    expect(mail.body.html).not.toContain("<紧缺>");
    // Running the digest again in the same week adds nothing.
    const again = await runDigest(f.db, "2026-11-24", { now: shanghaiTime("2026-11-24", 8, 30) });
    expect(await f.db.email.count({ where: { kind: "DIGEST" } })).toBe(3);
    expect(again.digests).toBe(3);
  });
  it("a digest made up on a Wednesday counts as of Wednesday, names each task's document, leaves out empty sections and seeding", async () => {
    const wednesday = new Date("2026-12-02T03:00:00Z"); // 11:00 in Shanghai, week W49
    const task = await f.task("sc-2023-trade-power-draft", "四.6");
    const commerce = await f.db.user.findFirstOrThrow({
      where: { role: "LIAISON", unit: { name: "商务厅" } },
    });
    // Tuesday: the lead reports 四.6 back on track (it was 受阻, amber, on Monday).
    await submitReport(f.db, {
      taskId: task.id,
      unitId: commerce.unitId!,
      authorId: commerce.id,
      relation: "LEAD",
      form: {
        period: "2026-12",
        status: "IN_PROGRESS",
        percent: 40,
        progress: "用地已落实",
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: (await f.db.progressReport.findFirstOrThrow({ where: { taskId: task.id } }))
          .id,
      },
      now: new Date("2026-12-01T03:00:00Z"),
    });
    // A re-seed touched a task of 省林草局 on Tuesday: not a change anyone made.
    const forestTask = await f.task("sc-2023-trade-power-draft", "二.1");
    await f.db.auditEvent.create({
      data: {
        taskId: forestTask.id,
        type: "task.updated_from_document",
        createdAt: new Date("2026-12-01T04:00:00Z"),
      },
    });
    const forest = await f.user("LIAISON", "省林草局");
    await runDigest(f.db, "2026-11-30", { now: wednesday });
    const mail = async (userId: string) =>
      (
        await f.db.email.findFirstOrThrow({
          where: { toUserId: userId, key: { endsWith: ":2026-W49" } },
          include: { body: true },
        })
      ).body;
    // The same figures as 省药监局's own page at that moment.
    const drugs = await mail(liaison.id);
    const mine = await myTasks(f.db, liaison.unitId!, wednesday);
    const red = mine.figures.red + mine.coFigures.red;
    const amber = mine.figures.amber + mine.coFigures.amber;
    expect(drugs.subject).toBe(`【督办周报】省药监局 2026-W49：红灯${red}项、黄灯${amber}项`);
    expect(mine.coOwns.find((t) => t.id === task.id)?.light).toBe("GREEN"); // due 2027: not red
    expect(drugs.text).toContain("关于加快建设贸易强省的实施意见 四.6");
    // 省林草局: nothing changed (a re-seed is no change), nothing due this week: those sections
    // are not there at all; its 二.1 still owes November's report, and is flagged red.
    const forestMail = await mail(forest.id);
    for (const part of [forestMail.text, forestMail.html]) {
      expect(part).not.toContain("上周变化");
      expect(part).not.toContain("本周到期");
    }
    expect(forestMail.text).toContain("红灯 关于加快建设贸易强省的实施意见 二.1");
  });

  it("builds the roll-up: every task row in the XLSX ledger and the agenda in both files", async () => {
    const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    const progress: number[] = [];
    await buildRollup(f.db, report.id, async (p) => void progress.push(p), { now: ROLLUP_AT });
    expect(progress.at(-1)).toBe(100);
    const done = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(done).toMatchObject({ status: "DONE", progress: 100 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(f.dir, done.xlsxFile!));
    const ledger = wb.getWorksheet("措施台账")!;
    // Every task: 国发〔2016〕4号's measures once per adopting jurisdiction (四川省, 天津市).
    expect(ledger.rowCount).toBe(1 + 135);
    const refs = new Set<string>();
    ledger.eachRow((row, n) => n > 1 && refs.add(`${row.getCell(1).text}|${row.getCell(2).text}`));
    expect(refs.size).toBe(105);
    const row = ledger
      .getRows(2, 135)!
      .find(
        (r) =>
          r.getCell(2).text === "四.6" && r.getCell(1).text === "关于加快建设贸易强省的实施意见",
      )!;
    expect(row.getCell(4).text).toBe("商务厅");
    expect(row.getCell(9).text).toBe("跨境电商产业园建设启动");
    expect(row.getCell(10).text).toBe("用地指标不足 <紧缺>");
    const agenda = wb.getWorksheet("需协调事项")!;
    expect(agenda.getRow(2).getCell(6).text).toBe("需联席会议协调自然资源部门保障用地");
    expect(wb.getWorksheet("单位")!.rowCount).toBeGreaterThan(10);

    const zip = await JSZip.loadAsync(readFileSync(path.join(f.dir, done.docxFile!)));
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toContain("需联席会议协调事项（会议议题）");
    expect(xml).toContain("需联席会议协调自然资源部门保障用地");
    expect(xml).toContain("用地指标不足 &lt;紧缺&gt;");
    expect(xml).toContain("培育壮大多层次、全链条的外贸主体队伍");
  });
  it("emails the files to the conference members when asked: each member once, with every file of the pack", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: doc.id, emailMembers: true },
    });
    const built = await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    // Every liaison here is of a unit assigned in the draft (省药监局, 商务厅, 财政厅), plus the reviewer.
    const rows = await f.db.email.findMany({
      where: { id: { in: built.emailIds } },
      select: { toUserId: true, attachments: true, kind: true },
    });
    const users = await f.db.user.findMany({
      where: { OR: [{ role: "REVIEWER" }, { role: "LIAISON" }] },
      select: { id: true },
    });
    expect(rows.map((r) => r.toUserId).sort()).toEqual(users.map((u) => u.id).sort());
    const files = [
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.xlsx",
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.docx",
      "督办通报-关于加快建设贸易强省的实施意见-2026-11.docx",
    ];
    expect(JSON.parse(rows[0]!.attachments).map((a: { filename: string }) => a.filename)).toEqual(
      files,
    );
    const smtp = await startSmtp();
    try {
      for (const id of built.emailIds)
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SENT");
      expect(smtp.received).toHaveLength(built.emailIds.length);
      expect(smtp.received[0]!.attachments).toEqual(files);
      expect(smtp.received[0]!.subject).toBe(
        "【联席会议材料】关于加快建设贸易强省的实施意见 落实情况汇总（2026-11）",
      );
    } finally {
      await smtp.close();
    }
    // Building the same report's email again adds nothing.
    expect(await f.db.email.count({ where: { kind: "ROLLUP" } })).toBe(built.emailIds.length);
  });

  it("with a member list kept on /meetings, the pack goes to the member units' liaisons and the named members only", async () => {
    const commerce = await f.unit("商务厅");
    const finance = await f.unit("财政厅");
    const form = (values: Record<string, string>) => {
      const d = new FormData();
      for (const [k, v] of Object.entries(values)) d.set(k, v);
      return parseMemberForm(d);
    };
    // Checked: a unit or a named person with an address, not both, not neither.
    expect(form({ unitId: "", name: "", email: "" })).toMatchObject({ ok: false });
    expect(form({ unitId: "", name: "张三", email: "not-an-address" })).toMatchObject({
      ok: false,
      errors: { email: ["邮箱地址格式不对"] },
    });
    expect(form({ unitId: finance.id, name: "张三", email: "" })).toMatchObject({ ok: false });
    const add = async (values: Record<string, string>) => {
      const p = form(values);
      if (!p.ok) throw new Error(JSON.stringify(p.errors));
      return addConferenceMember(f.db, commerce.id, p.data, null);
    };
    await add({ unitId: finance.id, name: "", email: "" });
    await add({ unitId: "", name: "省政府副秘书长 李四", email: "Li.Si@gov.example" });
    const gone = await add({ unitId: "", name: "已调离", email: "gone@gov.example" });
    await expect(add({ unitId: finance.id, name: "", email: "" })).rejects.toThrow(
      "该单位已在成员名单中",
    );
    expect(await removeConferenceMember(f.db, commerce.id, gone.id)).toBe(true);
    expect(
      (await conferenceMembers(f.db, commerce.id)).map((m) => m.unit?.name ?? m.email),
    ).toEqual(["财政厅", "li.si@gov.example"]);
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", supervisorId: commerce.id, emailMembers: true },
    });
    const built = await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    const financeLiaisons = await f.db.user.findMany({
      where: { role: "LIAISON", unitId: finance.id, active: true },
      select: { email: true },
    });
    expect(financeLiaisons.length).toBeGreaterThan(0);
    const expected = [...financeLiaisons.map((u) => u.email), "li.si@gov.example"].sort();
    const smtp = await startSmtp();
    try {
      for (const id of built.emailIds)
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SENT");
      expect(smtp.received.map((m) => m.to).sort()).toEqual(expected);
      for (const m of smtp.received) {
        expect(m.attachments).toHaveLength(3);
        expect(m.subject).toContain("【联席会议材料】");
      }
    } finally {
      await smtp.close();
    }
  });

  it("a supervising unit's roll-up covers what it supervises", async () => {
    const commerce = await f.unit("商务厅");
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", supervisorId: commerce.id },
    });
    await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    const data = JSON.parse(
      (await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } })).data!,
    );
    expect(data.measureTotal).toBe(20 + 30 + 9 + 24);
    expect(data.scope).toEqual(["四川省"]);
    expect(data.units.map((u: { unit: string }) => u.unit)).not.toContain("市商务局");
  });

  it("a roll-up for one document covers only its measures", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "tj-2017-processing-trade" },
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: doc.id },
    });
    await buildRollup(f.db, report.id, undefined, { now: ROLLUP_AT });
    const data = JSON.parse(
      (await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } })).data!,
    );
    expect(data.measures).toHaveLength(22);
    expect(data.agenda).toHaveLength(0);
    expect(data.title).toContain("天津");
  });
});

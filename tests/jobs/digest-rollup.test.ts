// The weekly digest's content, and the roll-up report's XLSX and DOCX read back.
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitReport } from "~/models/report.server";
import { sendOutboxEmail } from "~/email/outbox.server";
import { smtpConfig } from "~/email/transport.server";
import { runDigest } from "../../jobs/digest";
import { startSmtp } from "../helpers/smtp";
import { buildRollup } from "../../jobs/rollup";
import { seededDatabase } from "../helpers/fixtures";

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
    const r = await runDigest(f.db, "2026-11-23");
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
    const again = await runDigest(f.db, "2026-11-24");
    expect(await f.db.email.count({ where: { kind: "DIGEST" } })).toBe(3);
    expect(again.digests).toBe(3);
  });
  it("builds the roll-up: every task row in the XLSX ledger and the agenda in both files", async () => {
    const report = await f.db.rollupReport.create({ data: { period: "2026-11" } });
    const progress: number[] = [];
    await buildRollup(f.db, report.id, async (p) => void progress.push(p));
    expect(progress.at(-1)).toBe(100);
    const done = await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } });
    expect(done).toMatchObject({ status: "DONE", progress: 100 });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(f.dir, done.xlsxFile!));
    const ledger = wb.getWorksheet("措施台账")!;
    expect(ledger.rowCount).toBe(1 + 105);
    const refs = new Set<string>();
    ledger.eachRow((row, n) => n > 1 && refs.add(`${row.getCell(1).text}|${row.getCell(2).text}`));
    expect(refs.size).toBe(105);
    const row = ledger
      .getRows(2, 105)!
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
  it("emails the files to the conference members when asked: each member once, with both attachments", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: doc.id, emailMembers: true },
    });
    const built = await buildRollup(f.db, report.id);
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
    expect(JSON.parse(rows[0]!.attachments).map((a: { filename: string }) => a.filename)).toEqual([
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.xlsx",
      "督办汇总-关于加快建设贸易强省的实施意见-2026-11.docx",
    ]);
    const smtp = await startSmtp();
    try {
      for (const id of built.emailIds)
        expect(await sendOutboxEmail(f.db, id, smtpConfig(smtp.url))).toBe("SENT");
      expect(smtp.received).toHaveLength(built.emailIds.length);
      expect(smtp.received[0]!.attachments).toEqual([
        "督办汇总-关于加快建设贸易强省的实施意见-2026-11.xlsx",
        "督办汇总-关于加快建设贸易强省的实施意见-2026-11.docx",
      ]);
      expect(smtp.received[0]!.subject).toBe(
        "【联席会议材料】关于加快建设贸易强省的实施意见 落实情况汇总（2026-11）",
      );
    } finally {
      await smtp.close();
    }
    // Building the same report's email again adds nothing.
    expect(await f.db.email.count({ where: { kind: "ROLLUP" } })).toBe(built.emailIds.length);
  });

  it("a roll-up for one document covers only its measures", async () => {
    const doc = await f.db.document.findUniqueOrThrow({
      where: { slug: "tj-2017-processing-trade" },
    });
    const report = await f.db.rollupReport.create({
      data: { period: "2026-11", documentId: doc.id },
    });
    await buildRollup(f.db, report.id);
    const data = JSON.parse(
      (await f.db.rollupReport.findUniqueOrThrow({ where: { id: report.id } })).data!,
    );
    expect(data.measures).toHaveLength(22);
    expect(data.agenda).toHaveLength(0);
    expect(data.title).toContain("天津");
  });
});

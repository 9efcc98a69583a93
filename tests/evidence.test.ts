// 佐证材料 through the real server: files attached to a report (multipart, within the one upload
// limit), stored once per content under the data folder, their type checked by their bytes (a
// mismatch refused in Chinese with the rest of the report kept), served only to those who may read
// the task as a download with its name, listed on the task page, its timeline and the roll-up,
// and never changed or deleted.
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { Document, Packer, Paragraph } from "docx";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { FORM_LIMIT, UPLOAD_LIMIT } from "~/http/body-limit.server";
import { checkEvidence } from "~/models/evidence-type";
import { rollupData } from "../jobs/rollup";
import { seededDatabase } from "./helpers/fixtures";
import { signIn, startServer } from "./helpers/server";

const PASSWORD = "password-for-evidence";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let taskId = "";
const cookies: Record<string, string> = {};

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);
let DOCX: Buffer;
let XLSX: Buffer;

const report = {
  period: "2026-11",
  status: "IN_PROGRESS",
  percent: "40",
  progress: "已召开推进会，形成会议纪要。",
  problems: "",
  nextSteps: "",
  coordination: "",
  baseReportId: "",
};

async function postReport(
  who: string,
  fields: Record<string, string>,
  files: Array<{ name: string; bytes: Buffer; type?: string }>,
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  for (const file of files)
    body.append(
      "evidence",
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }),
      file.name,
    );
  const res = await fetch(`${base}/tasks/${taskId}/report`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookies[who]!, origin: base },
    body,
  });
  return {
    status: res.status,
    location: res.headers.get("location"),
    html: (await res.text()).replaceAll("<!-- -->", ""),
  };
}

async function get(p: string, who: string) {
  return fetch(base + p, { headers: { cookie: cookies[who]! }, redirect: "manual" });
}

const latestBase = async (unitName: string) =>
  (
    await f.db.progressReport.findFirst({
      where: { taskId, unit: { name: unitName } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    })
  )?.id ?? "";

beforeAll(async () => {
  f = await seededDatabase();
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id;
  DOCX = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("纪要")] }] }));
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("台账").addRow(["序号", "事项"]);
  XLSX = Buffer.from(await wb.xlsx.writeBuffer());
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (email: string, role: string, unit: string | null, code = "SC") =>
    f.db.user.create({
      data: {
        email,
        name: email.split("@")[0]!,
        role,
        passwordHash,
        unitId: unit ? (await f.unit(unit, code)).id : null,
      },
    });
  await mk("lead@evidence.test", "LIAISON", "商务厅");
  // A unit of the province with no part in the task.
  await mk("other@evidence.test", "LIAISON", "司法厅");
  await mk("sc@evidence.test", "REVIEWER", "商务厅");
  await mk("tj@evidence.test", "REVIEWER", "市商务局", "TJ");
  ({ base, server } = await startServer(f.file, f.dir, { REDIS_URL: "" }));
  for (const who of ["lead", "other", "sc", "tj"])
    cookies[who] = await signIn(base, `${who}@evidence.test`, PASSWORD);
}, 60_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const blobs = () => {
  const dir = path.join(f.dir, "evidence");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((d) => readdirSync(path.join(dir, d)));
};

describe("the type of a file, by its bytes", () => {
  it("accepts PDF, images, Word and Excel as what their bytes are", async () => {
    expect(await checkEvidence(PDF, "纪要.pdf")).toMatchObject({ ok: true, kind: "PDF" });
    expect(await checkEvidence(PNG, "现场.PNG")).toMatchObject({ ok: true, mime: "image/png" });
    expect(await checkEvidence(DOCX, "方案.docx")).toMatchObject({ ok: true, kind: "WORD" });
    expect(await checkEvidence(XLSX, "台账.xlsx")).toMatchObject({ ok: true, kind: "EXCEL" });
  });
  it("refuses a file whose name and bytes disagree, and files of other kinds", async () => {
    expect(await checkEvidence(PNG, "报告.pdf")).toMatchObject({
      ok: false,
      message: expect.stringContaining("扩展名是 PDF，内容却是 图片"),
    });
    expect(await checkEvidence(DOCX, "台账.xlsx")).toMatchObject({ ok: false });
    expect(await checkEvidence(Buffer.from("<script>alert(1)</script>"), "x.html")).toMatchObject({
      ok: false,
      message: expect.stringContaining("类型不支持"),
    });
    expect(await checkEvidence(Buffer.from("MZ\x90\x00 program"), "台账.xlsx")).toMatchObject({
      ok: false,
      message: expect.stringContaining("不是有效的 Excel"),
    });
  });
});

describe("attaching files to a report", () => {
  it("stores each file under its sha256 in the data folder and records it with the report", async () => {
    const res = await postReport("lead", report, [
      { name: "会议纪要.pdf", bytes: PDF, type: "application/pdf" },
      { name: "现场照片.png", bytes: PNG, type: "image/png" },
      { name: "实施方案.docx", bytes: DOCX },
      { name: "推进台账.xlsx", bytes: XLSX },
    ]);
    expect(res.status).toBe(302);
    const files = await f.db.evidenceFile.findMany({ where: { taskId }, orderBy: { id: "asc" } });
    expect(files.map((x) => x.kind).sort()).toEqual(["EXCEL", "IMAGE", "PDF", "WORD"]);
    expect(new Set(files.map((x) => x.reportId)).size).toBe(1);
    for (const b of [PDF, PNG, DOCX, XLSX]) {
      const file = path.join(f.dir, "evidence", sha(b).slice(0, 2), sha(b));
      expect(readFileSync(file).equals(b)).toBe(true);
    }
  });

  it("stores a file attached again once (dedup by content), with a row per attachment", async () => {
    const before = blobs().length;
    const res = await postReport(
      "lead",
      { ...report, percent: "50", baseReportId: await latestBase("商务厅") },
      [{ name: "现场照片（二）.png", bytes: PNG }],
    );
    expect(res.status).toBe(302);
    expect(blobs().length).toBe(before);
    expect(await f.db.evidenceFile.count({ where: { taskId, sha256: sha(PNG) } })).toBe(2);
  });

  it("refuses a file whose bytes are not what its name says, keeping the rest of the report", async () => {
    const reports = await f.db.progressReport.count({ where: { taskId } });
    const res = await postReport(
      "lead",
      {
        ...report,
        percent: "60",
        progress: "第三次推进会已召开",
        baseReportId: await latestBase("商务厅"),
      },
      [
        { name: "通知.pdf", bytes: PDF },
        { name: "报告.pdf", bytes: PNG, type: "application/pdf" },
      ],
    );
    expect(res.status).toBe(400);
    expect(res.html).toContain("文件“报告.pdf”的扩展名是 PDF，内容却是 图片");
    expect(res.html).toContain("请重新选择附件");
    expect(res.html).toContain("第三次推进会已召开");
    expect(res.html).toMatch(/name="percent"[^>]*value="60"/);
    expect(await f.db.progressReport.count({ where: { taskId } })).toBe(reports);
  });

  it(`refuses files over ${UPLOAD_LIMIT / 1024 / 1024} MB together, and larger bodies before reading them`, async () => {
    const baseReportId = await latestBase("商务厅");
    const half = Buffer.concat([PDF, Buffer.alloc(UPLOAD_LIMIT / 2 + 50 * 1024)]);
    const over = await postReport("lead", { ...report, baseReportId }, [
      { name: "a.pdf", bytes: half },
      { name: "b.pdf", bytes: half },
    ]);
    expect(over.status).toBe(400);
    expect(over.html).toContain("超过上传上限 20.0 MB");
    // A body declared over the upload's bound is refused before it is sent; elsewhere the bound
    // of a form applies, multipart or not.
    const declared = (p: string, length: number) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(base + p);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: p,
            method: "POST",
            headers: {
              cookie: cookies.lead!,
              origin: base,
              "content-type": "multipart/form-data; boundary=x",
              "content-length": length,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        req.write("--x\r\n");
      });
    expect(await declared(`/tasks/${taskId}/report`, UPLOAD_LIMIT + FORM_LIMIT + 1)).toBe(413);
    expect(await declared(`/tasks/${taskId}`, FORM_LIMIT + 1)).toBe(413);
  }, 30_000);
});

describe("serving files", () => {
  it("serves a file as a download with its name, its type by its bytes and nosniff", async () => {
    const file = await f.db.evidenceFile.findFirstOrThrow({ where: { fileName: "会议纪要.pdf" } });
    const res = await get(`/tasks/${taskId}/evidence/${file.id}`, "lead");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="evidence-${file.id}.pdf"; filename*=UTF-8''${encodeURIComponent("会议纪要.pdf")}`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    // The supervising unit's reviewer reads it too.
    expect((await get(`/tasks/${taskId}/evidence/${file.id}`, "sc")).status).toBe(200);
  });

  it("refuses those who may not read the task, and files of another task", async () => {
    const file = await f.db.evidenceFile.findFirstOrThrow({ where: { taskId } });
    expect((await get(`/tasks/${taskId}`, "other")).status).toBe(403);
    expect((await get(`/tasks/${taskId}/evidence/${file.id}`, "other")).status).toBe(403);
    expect((await get(`/tasks/${taskId}/evidence/${file.id}`, "tj")).status).toBe(403);
    const otherTask = await f.task("sc-2023-trade-power-draft", "四.6");
    expect((await get(`/tasks/${otherTask.id}/evidence/${file.id}`, "sc")).status).toBe(404);
    const signedOut = await fetch(`${base}/tasks/${taskId}/evidence/${file.id}`, {
      redirect: "manual",
    });
    expect(signedOut.status).not.toBe(200);
  });
});

describe("where files are listed", () => {
  it("on the task page and its timeline, with links to download", async () => {
    const html = (await (await get(`/tasks/${taskId}`, "sc")).text()).replaceAll("<!-- -->", "");
    expect(html).toContain("佐证材料（5）");
    const file = await f.db.evidenceFile.findFirstOrThrow({ where: { fileName: "推进台账.xlsx" } });
    const links = html.split(`href="/tasks/${taskId}/evidence/${file.id}"`).length - 1;
    expect(links).toBe(2); // the list and the report's timeline entry
    expect(html).toContain("附件：");
  });

  it("in the roll-up's measures", async () => {
    const doc = await f.db.document.findFirstOrThrow({
      where: { slug: "sc-2023-trade-power-draft" },
    });
    const data = await rollupData(f.db, doc.id, "2026-11");
    const row = data.measures.find((m) => m.ref === "二.2")!;
    expect(row.evidence?.split("、").sort()).toEqual(
      [
        "会议纪要.pdf",
        "现场照片.png",
        "实施方案.docx",
        "推进台账.xlsx",
        "现场照片（二）.png",
      ].sort(),
    );
  });

  it("are append-only: the database refuses to change or delete one", async () => {
    const file = await f.db.evidenceFile.findFirstOrThrow({ where: { taskId } });
    await expect(f.db.evidenceFile.delete({ where: { id: file.id } })).rejects.toThrow();
    await expect(
      f.db.evidenceFile.update({ where: { id: file.id }, data: { fileName: "x.pdf" } }),
    ).rejects.toThrow();
  });
});

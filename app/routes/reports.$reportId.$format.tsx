// Downloads of a finished roll-up report: the ledger (xlsx), the briefing (docx), the bulletin.
import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { dataDir } from "~/config.server";
import { db } from "~/db/db.server";
import { requireRollupReader } from "~/models/access.server";
import { attachmentDisposition, rollupAsciiFileName, rollupFileName } from "~/utils/file-names";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: DOCX,
  bulletin: DOCX,
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const format = params.format as keyof typeof TYPES;
  if (!(format in TYPES)) throw new Response("格式应为 xlsx、docx 或 bulletin", { status: 404 });
  const report = await db().rollupReport.findUnique({ where: { id: params.reportId! } });
  await requireRollupReader(db(), request, user, report);
  const bulletin =
    report && format === "bulletin"
      ? await db().packFile.findUnique({
          where: { reportId_kind: { reportId: report.id, kind: "BULLETIN" } },
        })
      : null;
  const rel =
    format === "xlsx" ? report?.xlsxFile : format === "docx" ? report?.docxFile : bulletin?.path;
  const file = rel ? path.resolve(dataDir(), rel) : null;
  if (!report || !file || !file.startsWith(path.resolve(dataDir())) || !existsSync(file))
    throw new Response("文件不存在", { status: 404 });
  const doc = report.documentId
    ? await db().document.findUnique({
        where: { id: report.documentId },
        select: { title: true, slug: true },
      })
    : null;
  const ext = format === "xlsx" ? "xlsx" : "docx";
  const name =
    format === "bulletin"
      ? rollupFileName(doc, report.period, ext, "督办通报")
      : rollupFileName(doc, report.period, ext);
  const ascii =
    format === "bulletin"
      ? rollupAsciiFileName(doc, report.period, ext, "duban-bulletin")
      : rollupAsciiFileName(doc, report.period, ext);
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Length": String(statSync(file).size),
      "Content-Disposition": attachmentDisposition(name, ascii),
    },
  });
}

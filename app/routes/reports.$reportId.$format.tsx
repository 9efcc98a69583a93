// Downloads of a finished roll-up report: xlsx or docx.
import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { dataDir } from "~/config.server";
import { db } from "~/db/db.server";
import { requireRollupReader } from "~/models/access.server";
import { attachmentDisposition, rollupAsciiFileName, rollupFileName } from "~/utils/file-names";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const format = params.format as keyof typeof TYPES;
  if (!(format in TYPES)) throw new Response("格式应为 xlsx 或 docx", { status: 404 });
  const report = await db().rollupReport.findUnique({ where: { id: params.reportId! } });
  await requireRollupReader(db(), request, user, report);
  const rel = format === "xlsx" ? report?.xlsxFile : report?.docxFile;
  const file = rel ? path.resolve(dataDir(), rel) : null;
  if (!report || !file || !file.startsWith(path.resolve(dataDir())) || !existsSync(file))
    throw new Response("文件不存在", { status: 404 });
  const doc = report.documentId
    ? await db().document.findUnique({
        where: { id: report.documentId },
        select: { title: true, slug: true },
      })
    : null;
  const name = rollupFileName(doc, report.period, format);
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Length": String(statSync(file).size),
      "Content-Disposition": attachmentDisposition(
        name,
        rollupAsciiFileName(doc, report.period, format),
      ),
    },
  });
}

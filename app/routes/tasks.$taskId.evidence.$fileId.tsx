// Download of a 佐证材料 file: only for those who may read its task, always as a download (never
// rendered in the app's origin: a crafted file cannot run as a page), with the type its bytes
// showed (nosniff is on every response: app/http/security-headers.server.ts), and the name it was
// uploaded with.
import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { authorizeTask } from "~/models/access.server";
import { evidenceOfTask, evidencePath } from "~/models/evidence.server";
import { attachmentDisposition } from "~/utils/file-names";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await authorizeTask(db(), request, user, params.taskId!, "read");
  const file = await evidenceOfTask(db(), params.taskId!, params.fileId!);
  const stored = file ? evidencePath(file.sha256) : null;
  if (!file || !stored || !existsSync(stored))
    throw new Response("没有这个佐证材料", { status: 404 });
  const ext = file.fileName.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? "";
  return new Response(Readable.toWeb(createReadStream(stored)) as ReadableStream, {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": attachmentDisposition(file.fileName, `evidence-${file.id}${ext}`),
      "Cache-Control": "private, no-store",
    },
  });
}

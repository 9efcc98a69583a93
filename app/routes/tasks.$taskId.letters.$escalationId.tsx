// Download of a 督办函 (DOCX) sent for a task: for those who may read the task, as a download.
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { authorizeTask } from "~/models/access.server";
import { letterOf } from "~/models/escalation.server";
import { attachmentDisposition } from "~/utils/file-names";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await authorizeTask(db(), request, user, params.taskId!, "read");
  const found = await letterOf(db(), params.taskId!, params.escalationId!);
  if (!found) throw new Response("没有这份督办函", { status: 404 });
  const task = await db().task.findUniqueOrThrow({
    where: { id: params.taskId! },
    select: { ref: true },
  });
  return new Response(Readable.toWeb(createReadStream(found.file)) as ReadableStream, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Length": String(statSync(found.file).size),
      "Content-Disposition": attachmentDisposition(
        `督办函-${task.ref}.docx`,
        `supervision-letter-${found.row.id}.docx`,
      ),
      "Cache-Control": "private, no-store",
    },
  });
}

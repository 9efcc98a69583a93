// Download of an attachment of a message in the local mailbox (邮箱), for admins only. Always a
// download (never rendered in the app's origin), with the name it was sent with.
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { attachmentFile } from "~/email/mailbox.server";
import { requireAdmin } from "~/models/access.server";
import { attachmentDisposition } from "~/utils/file-names";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const index = Number(params.index);
  const found =
    Number.isInteger(index) && index >= 0
      ? await attachmentFile(db(), params.mailId!, index)
      : null;
  if (!found) throw new Response("没有这个附件（或接收时未保存其内容）", { status: 404 });
  const ext = found.filename.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? "";
  return new Response(Readable.toWeb(createReadStream(found.file)) as ReadableStream, {
    headers: {
      // The type the sender declared, if it is a plain type/subtype.
      "Content-Type": /^[\w.+-]+\/[\w.+-]+$/.test(found.contentType)
        ? found.contentType
        : "application/octet-stream",
      "Content-Length": String(statSync(found.file).size),
      "Content-Disposition": attachmentDisposition(found.filename, `attachment-${index + 1}${ext}`),
      "Cache-Control": "private, no-store",
    },
  });
}

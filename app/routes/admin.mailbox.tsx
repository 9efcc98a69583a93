// 邮箱: mail captured by the local SMTP sink (when SMTP_URL is not set), so a newcomer sees what
// reminders and digests look like without a mail server. Attachments are listed with their size
// and type, and admins download them (admin.mailbox_.$mailId.attachments.$index.tsx).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { attachmentsOf, formatBytes } from "~/email/mailbox.server";
import { requireAdmin } from "~/models/access.server";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "邮箱 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const id = new URL(request.url).searchParams.get("id");
  const [mails, selected, total] = await Promise.all([
    db().capturedEmail.findMany({
      orderBy: { receivedAt: "desc" },
      take: 100,
      select: { id: true, to: true, subject: true, receivedAt: true, attachments: true },
    }),
    id ? db().capturedEmail.findUnique({ where: { id } }) : null,
    db().capturedEmail.count(),
  ]);
  return json({
    mails: mails.map(({ attachments, ...m }) => ({
      ...m,
      files: attachmentsOf({ attachments }).length,
    })),
    selected: selected
      ? {
          ...selected,
          attachments: attachmentsOf(selected).map((a, i) => ({
            index: i,
            filename: a.filename,
            size: formatBytes(a.size),
            contentType: a.contentType,
            kept: Boolean(a.sha256),
          })),
        }
      : null,
    total,
  });
}

export default function Mailbox() {
  const { mails, selected, total } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>邮箱（本地邮件接收器，共 {total} 封）</h1>
      <p className="muted">
        未配置 SMTP_URL 时，系统发出的邮件由本地接收器保存在这里，不会真正投递。
      </p>
      <div className="columns">
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>收件人</th>
              <th>主题</th>
              <th>附件</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id} className={params.get("id") === m.id ? "selected" : undefined}>
                <td className="date c-top">{shanghaiDateTime(new Date(m.receivedAt))}</td>
                <td className="c-sub">{m.to}</td>
                <td className="c-title">
                  <Link to={`?id=${m.id}`}>{m.subject}</Link>
                </td>
                <td>{m.files > 0 ? `${m.files} 个` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected ? (
          <section className="panel mail-open">
            <h3>{selected.subject}</h3>
            <p className="muted">
              收件人 {selected.to} · 发件人 {selected.from} ·{" "}
              {shanghaiDateTime(new Date(selected.receivedAt))}
            </p>
            {selected.attachments.length > 0 ? (
              <table className="attachments">
                <caption>附件（{selected.attachments.length} 个）</caption>
                <thead>
                  <tr>
                    <th>文件名</th>
                    <th>大小</th>
                    <th>类型</th>
                  </tr>
                </thead>
                <tbody>
                  {selected.attachments.map((a) => (
                    <tr key={a.index}>
                      <td>
                        {a.kept ? (
                          <a
                            href={`/admin/mailbox/${selected.id}/attachments/${a.index}`}
                            download={a.filename}
                          >
                            {a.filename}
                          </a>
                        ) : (
                          <>
                            {a.filename} <span className="muted">（接收时未保存内容）</span>
                          </>
                        )}
                      </td>
                      <td>{a.size}</td>
                      <td lang="en">{a.contentType}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {selected.html ? (
              // The HTML part is shown sandboxed: no scripts, no same-origin access.
              <iframe title="邮件正文" sandbox="" srcDoc={selected.html} className="mail-body" />
            ) : (
              <pre className="fulltext">{selected.text}</pre>
            )}
          </section>
        ) : null}
      </div>
    </>
  );
}

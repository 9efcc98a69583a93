// 发件箱: every email the system wrote, its state, and a resend button for failed ones.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { resendEmail } from "~/email/outbox.server";
import { enqueueEmailSends } from "~/jobs/enqueue.server";
import { requireAdmin } from "~/models/access.server";
import { EMAIL_KIND } from "~/ui/labels";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "发件箱 · 督办" }];

const STATUS: Record<string, string> = {
  PENDING: "待发送",
  SENDING: "发送中",
  SENT: "已发送",
  FAILED: "发送失败",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const [emails, counts] = await Promise.all([
    db().email.findMany({
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      take: 200,
      select: {
        id: true,
        kind: true,
        toAddress: true,
        body: { select: { subject: true } },
        status: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
        nextAttemptAt: true,
      },
    }),
    db().email.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return json({
    emails,
    counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<
      string,
      number
    >,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireAdmin(db(), request, user);
  const parsed = z
    .object({ emailId: z.string().min(1) })
    .safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false }, { status: 400 });
  await resendEmail(db(), parsed.data.emailId, user.id);
  await enqueueEmailSends([parsed.data.emailId]);
  return json({ ok: true });
}

export default function Outbox() {
  const { emails, counts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>发件箱</h1>
      <p className="tags">
        {Object.entries(STATUS).map(([k, v]) => (
          <span key={k} className="tag">
            {v} {counts[k] ?? 0}
          </span>
        ))}
      </p>
      <table>
        <thead>
          <tr>
            <th>状态</th>
            <th>类型</th>
            <th>收件人</th>
            <th>主题</th>
            <th>尝试</th>
            <th>时间</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {emails.map((e) => (
            <tr key={e.id}>
              <td className="c-top">
                {STATUS[e.status] ?? e.status}
                {e.lastError ? (
                  <div className="field-error">
                    最近一次错误：<code lang="en">{e.lastError}</code>
                  </div>
                ) : null}
              </td>
              <td className="c-top">
                <span className="tag">{EMAIL_KIND[e.kind] ?? e.kind}</span>
              </td>
              <td className="c-sub">{e.toAddress}</td>
              <td className="c-title">{e.body.subject}</td>
              <td data-label="尝试">{e.attempts}</td>
              <td className="date" data-label="时间">
                {shanghaiDateTime(new Date(e.sentAt ?? e.createdAt))}
              </td>
              <td className="c-actions">
                {e.status === "FAILED" ? (
                  <Form method="post">
                    <input type="hidden" name="emailId" value={e.id} />
                    <button type="submit">重新发送</button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

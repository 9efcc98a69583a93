// 文件: the documents whose measures are tracked.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db/db.server";
import { listDocuments } from "~/models/task.server";
import { DOCUMENT_STATUS } from "~/ui/labels";
import { shanghaiDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "文件 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Reviewers link measures to the national ones they carry out; admins may look.
  return json({
    documents: await listDocuments(db()),
    showLinks: user.role === "REVIEWER" || user.role === "ADMIN",
  });
}

export default function Documents() {
  const { documents, showLinks } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>文件</h1>
      <table>
        <thead>
          <tr>
            <th>标题</th>
            <th>文号</th>
            <th>发文机关</th>
            <th>成文日期</th>
            <th>地区</th>
            <th>状态</th>
            <th>目标年限</th>
            <th>任务</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.id}>
              <td className="c-title">
                <Link to={`/?document=${d.slug}`}>{d.title}</Link>
                {d.adopts.map((a) => (
                  <div key={a.document.slug} className="muted">
                    贯彻落实 {a.document.number ?? a.document.title}
                  </div>
                ))}
                {showLinks && d.jurisdiction.level !== "NATIONAL" ? (
                  <div>
                    <Link to={`/documents/${d.slug}/links`}>上级措施关联</Link>
                  </div>
                ) : null}
              </td>
              <td data-label="文号">{d.number ?? <span className="muted">—</span>}</td>
              <td data-label="发文机关">{d.issuer ?? <span className="muted">—</span>}</td>
              <td className="date" data-label="成文日期">
                {d.issuedOn ? shanghaiDate(new Date(d.issuedOn)) : <span className="muted">—</span>}
              </td>
              <td className="c-top">{d.jurisdiction.name}</td>
              <td className="c-top">
                <span className={d.status === "DRAFT" ? "tag draft" : "tag"}>
                  {DOCUMENT_STATUS[d.status]}
                </span>
              </td>
              <td className="date" data-label="目标年限">
                {d.targetDate ? shanghaiDate(new Date(d.targetDate)) : "—"}
              </td>
              <td data-label="任务">
                {d._count.tasks}
                {d.unassignedCount > 0 ? (
                  <>
                    {" "}
                    <Link to={`/?document=${d.slug}&unassigned=1`} className="tag unassigned">
                      {d.unassignedCount} 项待分配
                    </Link>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

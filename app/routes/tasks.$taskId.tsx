// A task's page: its full text, its units with their roles and successors, its due date and history.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db/db.server";
import { getTask } from "~/models/task.server";
import { AUDIT_EVENT, DOCUMENT_STATUS, DUE_SOURCE, ROLE, TASK_STATUS } from "~/ui/labels";
import { shanghaiDate, shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.task.ref} ${data.task.heading} · 督办` : "任务 · 督办" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const task = await getTask(db(), params.taskId!);
  if (!task) throw new Response("没有这项任务", { status: 404 });
  return json({ task });
}

export default function TaskPage() {
  const { task } = useLoaderData<typeof loader>();
  const active = task.assignments.filter((a) => !a.removedAt);
  const removed = task.assignments.filter((a) => a.removedAt);
  return (
    <article>
      <p className="muted">
        <Link to={`/?document=${task.document.slug}`}>{task.document.title}</Link>
        {task.sectionPath ? ` · ${task.sectionPath}` : ""}
      </p>
      <h1>
        {task.ref} {task.heading}
      </h1>
      <dl className="facts">
        <dt>状态</dt>
        <dd>{TASK_STATUS[task.status] ?? task.status}</dd>
        <dt>完成时限</dt>
        <dd>
          {task.dueDate ? shanghaiDate(new Date(task.dueDate)) : "未设定"}
          {task.dueDateSource ? (
            <span className="muted">
              {" "}
              （依据：{DUE_SOURCE[task.dueDateSource]}
              {task.dueDateText ? `“${task.dueDateText}”` : ""}）
            </span>
          ) : null}
          {task.recurrence ? <span className="muted">；每年 {task.recurrence.slice(2).replace("-", "月")}日前</span> : null}
        </dd>
        <dt>文件</dt>
        <dd>
          {task.document.title}
          {task.document.number ? `（${task.document.number}）` : ""} · {task.document.jurisdiction.name} ·{" "}
          {DOCUMENT_STATUS[task.document.status]}
        </dd>
      </dl>

      <h2>责任单位</h2>
      {active.length === 0 ? (
        <p>
          <span className="tag unassigned">待分配</span> 原文未列明责任单位，待牵头部门（商务厅）分配。
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>角色</th>
              <th>原文名称</th>
              <th>现单位</th>
            </tr>
          </thead>
          <tbody>
            {active.map((a) => (
              <tr key={a.id}>
                <td>
                  <span className={`role ${a.role}`}>{ROLE[a.role]}</span>
                  {a.role === "LEAD" && a.position === 0 && active.filter((x) => x.role === "LEAD").length > 1 ? (
                    <span className="muted"> 主牵头</span>
                  ) : null}
                </td>
                <td>
                  <Link to={`/units/${a.unit.id}`}>{a.nameAsWritten}</Link>
                  {!a.unit.recognized ? <span className="flag"> ⚠ 不在单位名录中</span> : null}
                </td>
                <td>
                  {a.currentUnit ? (
                    <Link to={`/units/${a.currentUnit.id}`}>{a.currentUnit.name}</Link>
                  ) : (
                    <span className="muted">同左</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removed.length > 0 ? (
        <p className="muted">已移除：{removed.map((a) => `${a.nameAsWritten}（${ROLE[a.role]}）`).join("、")}</p>
      ) : null}

      <h2>措施原文</h2>
      <div className="fulltext">{task.text}</div>

      <h2>办理记录</h2>
      <ul className="timeline">
        {task.auditEvents.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.createdAt).toISOString()}>{shanghaiDateTime(new Date(e.createdAt))}</time>
            {AUDIT_EVENT[e.type] ?? e.type}
            {e.actor ? <span className="muted"> · {e.actor.name}</span> : null}
          </li>
        ))}
      </ul>
    </article>
  );
}

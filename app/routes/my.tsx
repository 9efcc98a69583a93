// 本单位任务: a liaison's tasks — led and co-owned — with lights, due dates and last report.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { homeFor, requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import type { PageCacheKey } from "~/http/page-cache.server";
import { pendingAcknowledgements } from "~/models/acknowledgement.server";
import { myTasks, myTasksVersion } from "~/models/my-tasks.server";
import { openInstructionsForUnits } from "~/models/instruction.server";
import { taskIndex } from "~/models/task-index.server";
import { PendingAcknowledgements } from "~/ui/acknowledgements";
import { formatRate, REPORT_STATE_LABEL } from "~/models/standing";
import { LightBadge } from "~/ui/light";
import { TASK_STATUS } from "~/ui/labels";
import { formatChineseDate, shanghaiDate, shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "本单位任务 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.role !== "LIAISON" || !user.unitId) throw redirect(homeFor(user.role));
  const unit = await db().unit.findUniqueOrThrow({
    where: { id: user.unitId },
    select: { name: true },
  });
  const unitIds = taskIndex(db()).responsibleUnitIds(user.unitId);
  const pending = await pendingAcknowledgements(db(), { unitIds });
  const index = taskIndex(db());
  // 领导批示 on the tasks the unit leads, not yet answered by a report: first on the page.
  const instructions = (await openInstructionsForUnits(db(), unitIds)).map((i) => {
    const t = index.get(i.taskId);
    return {
      id: i.id,
      taskId: i.taskId,
      task: t ? `${t.ref} ${t.heading}` : "",
      text: i.text,
      by: `${i.unitName} ${i.leaderName}`,
      at: shanghaiDateTime(new Date(i.createdAt)),
    };
  });
  return json({ unit, pending, instructions, ...(await myTasks(db(), user.unitId)) });
}

// The same page for every liaison of the unit while its tasks and the minute stay the same.
export const pageCacheKey: PageCacheKey = ({ viewer, db }) =>
  viewer.role === "LIAISON" && viewer.unitId ? myTasksVersion(db, viewer.unitId) : null;

type Row = ReturnType<typeof useLoaderData<typeof loader>>["leads"][number];

function Table({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p className="muted">无</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>灯</th>
          <th>文件</th>
          <th>编号</th>
          <th>任务</th>
          <th>完成时限</th>
          <th>状态</th>
          <th>本期报送</th>
          <th>最近报送</th>
          <th>操作</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id}>
            <td className="c-top">
              <LightBadge light={t.light} />
            </td>
            <td className="muted c-sub">{t.document.title}</td>
            <td className="ref c-top">{t.ref}</td>
            <td className="c-title">
              <Link to={`/tasks/${t.id}`}>{t.heading || t.ref}</Link>
            </td>
            <td className="date" data-label="完成时限">
              {t.dueDate ? shanghaiDate(new Date(t.dueDate)) : "—"}
              {t.daysOverdue > 0 ? <span className="light RED"> 逾期{t.daysOverdue}天</span> : null}
            </td>
            <td data-label="状态">{TASK_STATUS[t.status] ?? t.status}</td>
            <td data-label="本期报送">
              {t.report === "MISSING" ? (
                <span className="light AMBER">{REPORT_STATE_LABEL[t.report]}</span>
              ) : (
                REPORT_STATE_LABEL[t.report]
              )}
              {t.role === "CO" && t.report !== "NOT_OWED" ? (
                <span className="muted">
                  （本单位{t.unitReportedThisPeriod ? "已报送" : "未报送"}）
                </span>
              ) : null}
            </td>
            <td className="date" data-label="最近报送">
              {t.lastReportAt ? shanghaiDate(new Date(t.lastReportAt)) : "从未"}
            </td>
            <td className="c-actions">
              {t.status !== "CLOSED" ? (
                <Link to={`/tasks/${t.id}/report`} className="button secondary">
                  报送进展
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function My() {
  const {
    unit,
    pending,
    instructions,
    info,
    leads,
    coOwns,
    figures: f,
    coFigures: c,
  } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{unit.name} · 本单位任务</h1>
      <p className="summary">
        本期（{info.period}）报送截止：{formatChineseDate(new Date(info.deadline))}
      </p>
      <p className="summary figures">
        牵头 {f.tasks} 项：红灯 {f.red}、黄灯 {f.amber}、绿灯 {f.green}；逾期 {f.overdue}{" "}
        项；本期已报送 {f.reportedThisPeriod}/{f.owedThisPeriod}；{f.lastPeriod}期按时报送率{" "}
        {formatRate(f.onTimeRate)}；完成率 {formatRate(f.completionRate)}
        <br />
        配合 {c.tasks} 项：红灯 {c.red}、黄灯 {c.amber}、绿灯 {c.green}
      </p>
      {instructions.length > 0 ? (
        <section className="panel instructions open" aria-label="待落实的领导批示">
          <h2>待落实的领导批示（{instructions.length}）</h2>
          <p className="muted">请在报送进展时填写“落实批示情况”，报送后批示即为已落实。</p>
          <ul>
            {instructions.map((i) => (
              <li key={i.id}>
                <Link to={`/tasks/${i.taskId}`}>{i.task}</Link>：<strong>{i.text}</strong>
                <span className="muted">
                  {" "}
                  — {i.by} · {i.at}
                </span>{" "}
                <Link to={`/tasks/${i.taskId}/report`} className="button secondary">
                  报送并回复
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {pending.length > 0 ? (
        <section aria-label="待签收">
          <h2>待签收（{pending.length}）</h2>
          <p className="muted">新交办的任务请及时签收，逾期未签收将列入督办提醒（领办逾期）。</p>
          <PendingAcknowledgements rows={pending} canAcknowledge />
        </section>
      ) : null}
      <h2>牵头任务（{leads.length}）</h2>
      <Table rows={leads} />
      <h2>配合任务（{coOwns.length}）</h2>
      <Table rows={coOwns} />
    </>
  );
}

// A unit's page: the tasks it leads and co-owns, including those of units it succeeded and of
// collectives it belongs to.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db/db.server";
import { requireUser } from "~/auth/auth.server";
import { denied } from "~/models/access.server";
import { seesEverything } from "~/models/permissions";
import { taskIndex } from "~/models/task-index.server";
import { getUnitPage, responsibleUnitIds } from "~/models/unit.server";
import { TASK_STATUS, UNIT_KIND } from "~/ui/labels";
import { shanghaiDate } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.unit.name} · 督办` : "单位 · 督办" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // A unit's page lists its tasks: a liaison may open it only for their own unit (or one it
  // succeeded), a reviewer for units of the jurisdictions their unit supervises.
  if (!seesEverything(user.role)) {
    const index = taskIndex(db());
    const unit = index.unit(params.unitId!);
    const supervised =
      user.role === "REVIEWER" && unit && index.supervisedBy(user.unitId).has(unit.jurisdictionId);
    const mine = user.unitId ? await responsibleUnitIds(db(), user.unitId) : [];
    if (!supervised && !mine.includes(params.unitId!))
      await denied(db(), request, user, { unitId: params.unitId, action: "readUnit" });
  }
  const page = await getUnitPage(db(), params.unitId!);
  if (!page) throw new Response("没有这个单位", { status: 404 });
  return json(page);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["leads"][number];

function TaskTable({ rows, unitId }: { rows: Row[]; unitId: string }) {
  if (rows.length === 0) return <p className="muted">无</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>文件</th>
          <th>编号</th>
          <th>任务</th>
          <th>原文名称</th>
          <th>完成时限</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.id}>
            <td className="muted c-sub">{a.task.document.title}</td>
            <td className="ref c-top">{a.task.ref}</td>
            <td className="c-title">
              <Link to={`/tasks/${a.task.id}`}>{a.task.heading || a.task.ref}</Link>
            </td>
            <td className="c-full" data-label="原文名称">
              {a.nameAsWritten}
              {a.unit.id !== unitId ? <span className="muted">（经由 {a.unit.name}）</span> : null}
            </td>
            <td className="date" data-label="完成时限">
              {a.task.dueDate ? shanghaiDate(new Date(a.task.dueDate)) : "—"}
            </td>
            <td data-label="状态">{TASK_STATUS[a.task.status] ?? a.task.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function UnitPage() {
  const { unit, today, leads, coOwns } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="muted">
        <Link to="/units">单位</Link> · {unit.jurisdiction.name}
      </p>
      <h1>
        {unit.name}
        {!unit.recognized ? <span className="flag"> ⚠ 未识别（不在单位名录中）</span> : null}
      </h1>
      <dl className="facts">
        <dt>类别</dt>
        <dd>{UNIT_KIND[unit.kind] ?? unit.kind}</dd>
        {unit.aliases.length > 0 ? (
          <>
            <dt>又称</dt>
            <dd>{unit.aliases.map((a) => a.alias).join("、")}</dd>
          </>
        ) : null}
        {unit.successor ? (
          <>
            <dt>现单位</dt>
            <dd>
              <Link to={`/units/${unit.successor.id}`}>{unit.successor.name}</Link>（
              {unit.succeededOn
                ? shanghaiDate(new Date(unit.succeededOn))
                : `${unit.successionYear}年`}
              {unit.successionVerified ? "" : "，待核实"}）
              {today && today.id !== unit.successor.id ? (
                <>
                  ，今为 <Link to={`/units/${today.id}`}>{today.name}</Link>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {unit.predecessors.length > 0 ? (
          <>
            <dt>前身</dt>
            <dd>
              {unit.predecessors.map((p, i) => (
                <span key={p.id}>
                  {i > 0 ? "、" : ""}
                  <Link to={`/units/${p.id}`}>{p.name}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {unit.memberOf.length > 0 ? (
          <>
            <dt>属于</dt>
            <dd>
              {unit.memberOf.map((m) => (
                <Link key={m.collective.id} to={`/units/${m.collective.id}`}>
                  {m.collective.name}
                </Link>
              ))}
            </dd>
          </>
        ) : null}
        {unit.members.length > 0 ? (
          <>
            <dt>成员（{unit.members.length}）</dt>
            <dd>
              {unit.members.map((m, i) => (
                <span key={m.member.id}>
                  {i > 0 ? "、" : ""}
                  <Link to={`/units/${m.member.id}`}>{m.member.name}</Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {unit.note ? (
          <>
            <dt>备注</dt>
            <dd>{unit.note}</dd>
          </>
        ) : null}
      </dl>
      <h2>牵头任务（{leads.length}）</h2>
      <TaskTable rows={leads} unitId={unit.id} />
      <h2>配合任务（{coOwns.length}）</h2>
      <TaskTable rows={coOwns} unitId={unit.id} />
    </article>
  );
}

// 比较两次会议材料: what changed between the snapshots of two packs (tasks completed or closed,
// newly overdue, lights that changed, new 需协调事项, the last meeting's decisions).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { requireRollupReader } from "~/models/access.server";
import { diffSnapshots, type Snapshot, type TaskChange } from "~/reports/snapshot";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "比较会议材料 · 督办" }];

async function snapshotOf(
  request: Request,
  user: Awaited<ReturnType<typeof requireUser>>,
  id: string,
) {
  const report = await db().rollupReport.findUnique({
    where: { id },
    select: { id: true, supervisorId: true, period: true, snapshot: true },
  });
  await requireRollupReader(db(), request, user, report);
  if (!report?.snapshot) throw new Response("该报告没有快照", { status: 404 });
  return JSON.parse(report.snapshot.data) as Snapshot;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const url = new URL(request.url);
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  if (!from || !to) throw new Response("请指定要比较的两份报告", { status: 404 });
  const [a, b] = [await snapshotOf(request, user, from), await snapshotOf(request, user, to)];
  const [before, after] = a.takenAt <= b.takenAt ? [a, b] : [b, a];
  return json({
    before: { title: before.title, at: shanghaiDateTime(new Date(before.takenAt)) },
    after: { title: after.title, at: shanghaiDateTime(new Date(after.takenAt)) },
    diff: diffSnapshots(before, after),
    to,
  });
}

function Changes({ title, rows }: { title: string; rows: TaskChange[] }) {
  return (
    <>
      <h2>
        {title}（{rows.length}）
      </h2>
      {rows.length === 0 ? (
        <p className="muted">无。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>文件</th>
              <th>编号</th>
              <th>措施</th>
              <th>变化</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={`${c.document}-${c.ref}`}>
                <td className="muted c-sub">{c.document}</td>
                <td className="ref c-top">{c.ref}</td>
                <td className="c-title">{c.heading}</td>
                <td data-label="变化">
                  {c.from} → {c.to}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export default function Compare() {
  const { before, after, diff, to } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="muted">
        <Link to="/reports">汇总报告</Link> · <Link to={`/reports/${to}`}>返回报告</Link>
      </p>
      <h1>比较会议材料</h1>
      <p>
        {before.title}（{before.at}）→ {after.title}（{after.at}）
      </p>
      <Changes title="完成或销号" rows={diff.completed} />
      <Changes title="新增逾期" rows={diff.newlyOverdue} />
      <Changes title="灯色变化" rows={diff.lights} />
      <h2>新提出的需协调事项（{diff.newAgenda.length}）</h2>
      {diff.newAgenda.length === 0 ? (
        <p className="muted">无。</p>
      ) : (
        <ol>
          {diff.newAgenda.map((a, i) => (
            <li key={i}>
              {a.item}（提出单位：{a.unit}；{a.document} {a.ref}）
            </li>
          ))}
        </ol>
      )}
      <h2>上次会议议定事项（{diff.decisions.length}）</h2>
      {diff.decisions.length === 0 ? (
        <p className="muted">无。</p>
      ) : (
        <ol>
          {diff.decisions.map((d) => (
            <li key={`${d.meeting}-${d.ref}`}>
              {d.heading}：{d.status}
              {d.light !== "—" ? `（${d.light}）` : ""}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

// A finished roll-up report in the browser, with its completion chart.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { requireRollupReader } from "~/models/access.server";
import type { SnapshotDiff } from "~/reports/snapshot";
import { shanghaiDateTime } from "~/utils/time";
import { ListedBadge } from "~/ui/escalation-list";
import type { RollupData } from "../../jobs/rollup";

const FILES: Record<string, { label: string; format: string }> = {
  BRIEFING: { label: "汇报材料（DOCX）", format: "docx" },
  BULLETIN: { label: "督办通报（DOCX）", format: "bulletin" },
  LEDGER: { label: "台账（XLSX）", format: "xlsx" },
};

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.data.title} · 督办` : "汇总报告 · 督办" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const report = await db().rollupReport.findUnique({
    where: { id: params.reportId! },
    include: { files: { orderBy: { kind: "asc" } } },
  });
  await requireRollupReader(db(), request, user, report);
  if (!report || report.status !== "DONE" || !report.data)
    throw new Response("报告不存在或尚未生成", { status: 404 });
  return json({
    id: report.id,
    files: report.files.map((f) => ({
      kind: f.kind,
      bytes: f.bytes,
      builtAt: shanghaiDateTime(f.builtAt),
    })),
    data: JSON.parse(report.data) as RollupData & {
      measureTotal?: number;
      charts?: { completion: string; lights: string };
      since?: SnapshotDiff & { previousReportId: string };
    },
  });
}

function CompletionChart({ units }: { units: RollupData["units"] }) {
  const rowH = 22;
  const width = 720;
  const labelW = 200;
  const barW = width - labelW - 60;
  return (
    <svg
      width={width}
      height={units.length * rowH + 10}
      viewBox={`0 0 ${width} ${units.length * rowH + 10}`}
      role="img"
      aria-label="各单位完成率"
    >
      {units.map((u, i) => (
        <g key={u.unit} transform={`translate(0, ${i * rowH + 5})`}>
          <text x={labelW - 8} y={14} textAnchor="end" fontSize="13">
            {u.unit}
          </text>
          <rect x={labelW} y={2} width={barW} height={15} fill="#eef1f4" />
          <rect
            x={labelW}
            y={2}
            width={(barW * u.completionRate) / 100}
            height={15}
            fill="#8fb3d9"
          />
          <text x={labelW + barW + 6} y={14} fontSize="12">
            {u.completionRate}%
          </text>
        </g>
      ))}
    </svg>
  );
}

export default function ReportView() {
  const { id, data, files } = useLoaderData<typeof loader>();
  const o = data.overview;
  return (
    <article>
      <p className="muted">
        <Link to="/reports">汇总报告</Link> · <a href={`/reports/${id}/xlsx`}>下载台账 XLSX</a> ·{" "}
        <a href={`/reports/${id}/docx`}>下载简报 DOCX</a>
      </p>
      <h1>
        {data.title}（{data.period}）
      </h1>
      {files.length > 0 ? (
        <section aria-label="会议材料">
          <h2>会议材料</h2>
          <ul className="pack-files">
            {files.map((f) => (
              <li key={f.kind}>
                <a href={`/reports/${id}/${FILES[f.kind]?.format ?? f.kind}`}>
                  {FILES[f.kind]?.label ?? f.kind}
                </a>{" "}
                <span className="muted">
                  {size(f.bytes)}，{f.builtAt} 生成
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.since ? (
        <section aria-label="自上次联席会议以来">
          <h2>自上次联席会议以来</h2>
          <p>
            自 {shanghaiDateTime(new Date(data.since.from))} 的材料以来：完成或销号{" "}
            {data.since.completed.length} 项，新增逾期 {data.since.newlyOverdue.length} 项，灯色变化{" "}
            {data.since.lights.length} 项，新提出需协调事项 {data.since.newAgenda.length} 项。{" "}
            <Link to={`/reports/compare?from=${data.since.previousReportId}&to=${id}`}>
              逐项比较
            </Link>
          </p>
        </section>
      ) : null}
      {data.decisions && data.decisions.length > 0 ? (
        <section aria-label="历次会议议定事项">
          <h2>历次会议议定事项落实情况（{data.decisions.length}）</h2>
          <table>
            <thead>
              <tr>
                <th>会议</th>
                <th>议定事项</th>
                <th>牵头</th>
                <th>完成时限</th>
                <th>状态</th>
                <th>灯</th>
              </tr>
            </thead>
            <tbody>
              {data.decisions.map((d) => (
                <tr key={`${d.meeting}-${d.ref}`}>
                  <td className="muted c-sub">
                    {d.meeting}（{d.heldOn}）
                  </td>
                  <td className="c-title">
                    {d.ref}. {d.heading}
                  </td>
                  <td data-label="牵头">{d.lead}</td>
                  <td data-label="完成时限">{d.due}</td>
                  <td data-label="状态">{d.status}</td>
                  <td className="c-top">{d.light}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <h2>一、总体情况</h2>
      <p>
        共 {o.total} 项：已完成 {o.completed}，已销号 {o.closed}，推进中 {o.inProgress}，受阻{" "}
        {o.blocked}，未启动 {o.notStarted}；完成率 {o.completionRate}%。红灯 {o.red}，黄灯 {o.amber}
        ，绿灯 {o.green}；待分配 {o.unassigned}。
      </p>
      {data.charts ? (
        // The same SVG ECharts drew for the files' PNGs (app/reports/charts.ts): no script.
        <div
          className="chart"
          role="img"
          aria-label="各文件任务灯色"
          dangerouslySetInnerHTML={{ __html: data.charts.lights }}
        />
      ) : null}
      <h2>二、各单位完成情况</h2>
      {data.charts ? (
        <div
          className="chart"
          role="img"
          aria-label="各单位完成率"
          dangerouslySetInnerHTML={{ __html: data.charts.completion }}
        />
      ) : (
        <div className="chart">
          <CompletionChart units={data.units} />
        </div>
      )}
      <table>
        <thead>
          <tr>
            <th>牵头单位</th>
            <th>牵头任务</th>
            <th>已完成</th>
            <th>逾期</th>
            <th>平均进度</th>
            <th>完成率</th>
          </tr>
        </thead>
        <tbody>
          {data.units.map((u) => (
            <tr key={u.unit}>
              <td className="c-title">
                {u.unit}
                {u.formerly?.length ? `（${u.formerly.join("、")}）` : ""}
              </td>
              <td data-label="牵头任务">{u.led}</td>
              <td data-label="已完成">{u.completed}</td>
              <td data-label="逾期">{u.overdue}</td>
              <td data-label="平均进度">{u.avgPercent}%</td>
              <td data-label="完成率" className="rate">
                {/* On a phone the chart above is too small to read: the bar is here. */}
                <progress max={100} value={u.completionRate} aria-hidden="true" />{" "}
                {u.completionRate}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>三、需联席会议协调事项（{data.agenda.length}）</h2>
      {data.agenda.length === 0 ? (
        <p className="muted">本期无。</p>
      ) : (
        <ol>
          {data.agenda.map((a, i) => (
            <li key={i}>
              {a.item}（提出单位：{a.unit}；涉及任务：{a.document} {a.ref} {a.heading}）
            </li>
          ))}
        </ol>
      )}
      <h2>四、各项措施落实情况（{data.measureTotal ?? data.measures.length}）</h2>
      {data.measureTotal && data.measureTotal > data.measures.length ? (
        <p className="muted">
          以下列出需重点关注的 {data.measures.length} 项（红灯、受阻、黄灯优先），完整清单见台账
          XLSX。
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>文件</th>
            <th>编号</th>
            <th>措施</th>
            <th>牵头</th>
            <th>配合</th>
            <th>灯</th>
            <th>最新进展</th>
            <th>存在问题</th>
            <th>佐证材料</th>
          </tr>
        </thead>
        <tbody>
          {data.measures.map((m) => (
            <tr key={`${m.document}-${m.ref}`}>
              <td className="muted c-sub">{m.document}</td>
              <td className="ref c-top">{m.ref}</td>
              <td className="c-title">
                {m.heading}
                {m.listed ? (
                  <>
                    {" "}
                    <ListedBadge />
                  </>
                ) : null}
              </td>
              <td data-label="牵头">{m.lead}</td>
              <td className="muted" data-label="配合">
                {m.co}
              </td>
              <td className="c-top">{m.light}</td>
              <td className="c-full" data-label="最新进展">
                {m.lastReport === "迟报" ? <span className="tag slot-LATE">迟报</span> : null}
                {m.progress}
              </td>
              <td className="c-full" data-label="存在问题">
                {m.problems}
              </td>
              <td className="c-full" data-label="佐证材料">
                {m.evidence}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

// 汇总报告: roll-up reports for the joint conference — build one (per document or all), follow its
// progress, open or download the finished ones.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { fieldErrors } from "~/forms/user-forms";
import { packRequestSchema } from "~/forms/pack-form";
import { enqueueRollup, workerAlive } from "~/jobs/enqueue.server";
import { requireReviewer } from "~/models/access.server";
import { periodLabel } from "~/models/reporting-period";
import { requireRollupReader, rollupsOf } from "~/models/access.server";
import { bulletinPeriods } from "~/models/standing.server";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "汇总报告 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireRollupReader(db(), request, user);
  const [reports, documents, alive, periods] = await Promise.all([
    db().rollupReport.findMany({
      // A reviewer sees the reports of their own supervising unit.
      where: rollupsOf(user),
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        documentId: true,
        period: true,
        status: true,
        progress: true,
        error: true,
        createdAt: true,
        builtAt: true,
      },
    }),
    db().document.findMany({ orderBy: { slug: "asc" }, select: { id: true, title: true } }),
    workerAlive(),
    bulletinPeriods(db(), new Date()),
  ]);
  const titles = new Map(documents.map((d) => [d.id, d.title]));
  return json({
    reports: reports.map((r) => ({
      ...r,
      scope: r.documentId ? (titles.get(r.documentId) ?? "（已删除的文件）") : "全部文件",
    })),
    documents,
    periods: periods.map((p) => ({ value: p, label: periodLabel(p) })),
    workerAlive: alive,
    canBuild: user.role === "REVIEWER",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireReviewer(db(), request, user);
  const form = Object.fromEntries(await request.formData());
  const parsed = packRequestSchema(await bulletinPeriods(db(), new Date())).safeParse(form);
  if (!parsed.success)
    return json({ errors: fieldErrors(parsed.error), values: form }, { status: 400 });
  const report = await db().rollupReport.create({
    data: {
      period: parsed.data.period,
      documentId: parsed.data.documentId || null,
      requestedById: user.id,
      // For what the reviewer's unit supervises.
      supervisorId: user.unitId,
      emailMembers: parsed.data.emailMembers === "1",
    },
  });
  await enqueueRollup(report.id);
  return redirect("/reports");
}

export default function Reports() {
  const { reports, documents, periods, workerAlive, canBuild } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const values = actionData?.values as Record<string, string> | undefined;
  const revalidator = useRevalidator();
  const building = reports.some((r) => r.status === "QUEUED" || r.status === "BUILDING");
  // While a report is being built, refresh once a second to move its progress bar.
  useEffect(() => {
    if (!building) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(t);
  }, [building, revalidator]);
  return (
    <>
      <h1>汇总报告（联席会议）</h1>
      <p className="muted">
        会议的议定事项在 <Link to="/meetings">会议与议定事项</Link> 登记，作为督办任务纳入报告。
      </p>
      {!workerAlive ? (
        <p className="warning">
          后台任务处理程序未运行（队列服务或后台进程未启动）：新报告会排队，待其恢复后生成。
        </p>
      ) : null}
      {canBuild ? (
        <Form method="post" className="filters">
          <label>
            范围
            <select name="documentId" defaultValue={values?.documentId ?? ""}>
              <option value="">全部文件</option>
              {documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            报送期次（需协调事项与督办通报）
            <select name="period" defaultValue={values?.period ?? periods[0]?.value}>
              {periods.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
            {errors?.period ? (
              <span className="field-error">{errors.period.join("；")}</span>
            ) : null}
          </label>
          <label className="check">
            <input type="checkbox" name="emailMembers" value="1" /> 生成后发送给联席会议成员（附件）
          </label>
          <button type="submit">生成报告</button>
        </Form>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>范围</th>
            <th>期次</th>
            <th>状态</th>
            <th>生成时间</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id}>
              <td className="c-title">{r.scope}</td>
              <td className="c-top">{r.period}</td>
              <td className="c-top">
                {r.status === "DONE" ? (
                  "已完成"
                ) : r.status === "FAILED" ? (
                  <span className="light RED">失败：{r.error}</span>
                ) : (
                  <>
                    {r.status === "QUEUED" ? "排队中" : "生成中"}{" "}
                    <progress max={100} value={r.progress} aria-label="生成进度" /> {r.progress}%
                  </>
                )}
              </td>
              <td className="date" data-label="生成时间">
                {r.builtAt ? shanghaiDateTime(new Date(r.builtAt)) : "—"}
              </td>
              <td className="c-actions">
                {r.status === "DONE" ? (
                  <>
                    <Link to={`/reports/${r.id}`}>查看</Link> ·{" "}
                    <a href={`/reports/${r.id}/xlsx`}>台账 XLSX</a> ·{" "}
                    <a href={`/reports/${r.id}/docx`}>汇报材料 DOCX</a> ·{" "}
                    <a href={`/reports/${r.id}/bulletin`}>督办通报 DOCX</a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reports.length === 0 ? (
        <p className="muted">尚未生成报告。每月1日9:00自动生成上月全部文件的汇总报告。</p>
      ) : null}
    </>
  );
}

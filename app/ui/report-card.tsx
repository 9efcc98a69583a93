import type { ReactNode } from "react";
import type { TaskPageReport } from "~/models/task-page.server";
import { REPORT_STATUS } from "./labels";
import { shanghaiDateTime } from "~/utils/time";

// A task page's report, or one read through Prisma (the report form shows the unit's latest).
type Report = Omit<TaskPageReport, "createdAt" | "unit" | "author" | "sentBack"> & {
  sentBack?: string | null;
  createdAt: string | Date;
  unit: { name: string };
  author: { name: string };
};

/** One progress report; its texts are shown as typed (React escapes them; nothing is HTML). */
export function ReportCard({ report, children }: { report: Report; children?: ReactNode }) {
  return (
    <div className="report" data-report-id={report.id}>
      <h4>
        {report.unit.name}
        {report.consolidated ? "（牵头汇总）" : ""} · {report.period} ·{" "}
        {REPORT_STATUS[report.status] ?? report.status} {report.percent}%
        <span className="muted">
          {" "}
          — {report.author.name}，{shanghaiDateTime(new Date(report.createdAt))}
        </span>
      </h4>
      <dl>
        <dt>进展情况</dt>
        <dd>{report.progress}</dd>
        {report.problems ? (
          <>
            <dt>存在问题</dt>
            <dd>{report.problems}</dd>
          </>
        ) : null}
        {report.nextSteps ? (
          <>
            <dt>下步计划</dt>
            <dd>{report.nextSteps}</dd>
          </>
        ) : null}
        {report.coordination ? (
          <>
            <dt>需协调事项</dt>
            <dd>{report.coordination}</dd>
          </>
        ) : null}
      </dl>
      {report.sentBack ? <p className="flag sent-back">已退回重办：{report.sentBack}</p> : null}
      {children}
    </div>
  );
}

// Assignments waiting for 签收: on a unit's page of tasks (with the button) and the reviewers' board.
import { Form, Link } from "@remix-run/react";
import { ROLE } from "./labels";

export type PendingRow = {
  assignmentId: string;
  taskId: string;
  ref: string;
  heading: string;
  document: string;
  unitName: string;
  role: string;
  due: string;
  late: boolean;
  workingDaysLate: number;
};

export function PendingAcknowledgements({
  rows,
  canAcknowledge,
}: {
  rows: PendingRow[];
  canAcknowledge: boolean;
}) {
  if (rows.length === 0) return <p className="muted">无待签收任务。</p>;
  return (
    <table className="pending-acknowledgements">
      <thead>
        <tr>
          <th>文件</th>
          <th>编号</th>
          <th>任务</th>
          <th>单位</th>
          <th>签收期限</th>
          {canAcknowledge ? <th>操作</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.assignmentId}>
            <td className="muted c-sub">{a.document}</td>
            <td className="ref c-top">{a.ref}</td>
            <td className="c-title">
              <Link to={`/tasks/${a.taskId}`}>{a.heading || a.ref}</Link>
            </td>
            <td data-label="单位">
              {a.unitName}（{ROLE[a.role] ?? a.role}）
            </td>
            <td className="date" data-label="签收期限">
              {a.due}
              {a.late ? (
                <span className="light RED"> 领办逾期{a.workingDaysLate}个工作日</span>
              ) : null}
            </td>
            {canAcknowledge ? (
              <td className="c-actions">
                <Form method="post" action={`/tasks/${a.taskId}?index`}>
                  <input type="hidden" name="intent" value="acknowledge" />
                  <button type="submit">签收</button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

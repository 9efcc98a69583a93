// 任务台账: every measure of every document as a task, filterable by document, unit, role and text.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import type { PageCacheKey } from "~/http/page-cache.server";
import {
  ledger,
  ledgerScope,
  ledgerVersion,
  parseLedgerFilter,
  selectedChoices,
} from "~/models/task.server";
import { TASK_STATUS } from "~/ui/labels";
import { DocumentUnitSelects, Pager } from "~/ui/filters";
import { useLinkClicks } from "~/ui/link-area";
import { LightBadge } from "~/ui/light";
import { UnitBadges } from "~/ui/unit-badges";

export const meta: MetaFunction = () => [{ title: "任务台账 · 督办" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filter = parseLedgerFilter(new URL(request.url).searchParams);
  // A liaison's ledger holds only their unit's tasks, a reviewer's what their unit supervises;
  // admins see all.
  const scope = ledgerScope(db(), user);
  const [result, choices] = await Promise.all([
    ledger(db(), filter, scope),
    selectedChoices(db(), filter, scope),
  ]);
  return json({ filter, ...result, choices });
}

// The same page for everyone in the same seat while its rows, total and choices stay the same.
export const pageCacheKey: PageCacheKey = ({ url, viewer, db }) =>
  ledgerVersion(db, parseLedgerFilter(url.searchParams), ledgerScope(db, viewer));

export default function Ledger() {
  const { filter, tasks, total, page, pageCount, choices } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const onLinkClick = useLinkClicks();
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `/?${next.toString()}`;
  };
  return (
    <>
      <h1>任务台账</h1>
      <Form method="get" className="filters" role="search">
        <DocumentUnitSelects selected={choices} />
        <label className="short">
          角色
          <select name="role" defaultValue={filter.role ?? ""}>
            <option value="">牵头或配合</option>
            <option value="LEAD">牵头</option>
            <option value="CO">配合</option>
          </select>
        </label>
        <label>
          关键词
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="措施内容、标题或编号"
          />
        </label>
        <label className="check">
          <input type="checkbox" name="unassigned" value="1" defaultChecked={filter.unassigned} />{" "}
          仅看待分配
        </label>
        <button type="submit">筛选</button>
        <Link to="/" className="button secondary">
          清除
        </Link>
      </Form>
      <p className="summary">
        {`共 ${total} 项任务${pageCount > 1 ? `，第 ${page}/${pageCount} 页` : ""}`}
      </p>
      <table className="ledger" onClick={onLinkClick}>
        <thead>
          <tr>
            <th>文件</th>
            <th>编号</th>
            <th>任务</th>
            <th>责任单位</th>
            <th>完成时限</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id}>
              <td className="muted c-sub">{t.documentTitle}</td>
              <td className="ref c-top">{t.ref}</td>
              <td className="c-title">
                <a href={`/tasks/${t.id}`}>{t.heading || t.ref}</a>
              </td>
              <td className="c-full">
                <UnitBadges units={t.units} />
              </td>
              <td className="date" data-label="完成时限">
                {t.due ?? "—"}
                {t.daysOverdue > 0 ? <span className="overdue"> 逾期{t.daysOverdue}天</span> : null}
              </td>
              <td data-label="状态">
                <LightBadge light={t.light} /> {TASK_STATUS[t.status] ?? t.status}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tasks.length === 0 ? <p className="muted">没有符合条件的任务。</p> : null}
      <Pager page={page} pageCount={pageCount} href={pageLink} />
    </>
  );
}

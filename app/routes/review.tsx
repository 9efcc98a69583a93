// 督办总览: counts by light, overdue tasks by lead unit, units that have not reported this period,
// unassigned tasks; filters by document, unit, status, light and full-text search.
import { pendingAcknowledgements } from "~/models/acknowledgement.server";
import { PendingAcknowledgements } from "~/ui/acknowledgements";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { requireBoardReader } from "~/models/access.server";
import { readsBoard } from "~/models/permissions";
import { parseReviewFilter, reviewOverview } from "~/models/review.server";
import type { PageCacheKey } from "~/http/page-cache.server";
import { selectedChoices } from "~/models/task.server";
import { taskIndex } from "~/models/task-index.server";
import { supervisionScope } from "~/models/standing.server";
import { DocumentUnitSelects, Pager } from "~/ui/filters";
import { listedTaskIds } from "~/models/escalation.server";
import { openInstructionsInJurisdictions } from "~/models/instruction.server";
import { ListedBadge } from "~/ui/escalation-list";
import { LightBadge } from "~/ui/light";
import { useLinkClicks } from "~/ui/link-area";
import { TASK_STATUS } from "~/ui/labels";
import { formatChineseDate, shanghaiDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "督办总览 · 督办" }];

const PAGE = 50;
/** Units shown in the per-unit summaries, most overdue first; the rest one click away (?units=all). */
const UNIT_ROWS = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Reviewers and leaders (分管领导) of the unit: the board has no actions, only what to open.
  await requireBoardReader(db(), request, user);
  const params = new URL(request.url).searchParams;
  const filter = parseReviewFilter(params);
  // What the reviewer's unit supervises, and nothing else.
  const scope = supervisionScope(taskIndex(db()), user.unitId);
  const [overview, choices, pending, listed, instructed] = await Promise.all([
    reviewOverview(db(), filter, scope),
    selectedChoices(db(), filter, scope),
    pendingAcknowledgements(db(), { jurisdictionIds: scope.ids }),
    listedTaskIds(db()),
    openInstructionsInJurisdictions(db(), scope.ids),
  ]);
  // A province has thousands of tasks: the page shows counts, the longest-overdue per unit, and
  // the task list in pages, not everything at once.
  const page = Math.max(1, Number(params.get("page")) || 1);
  const allUnits = params.get("units") === "all";
  const pageCount = Math.max(1, Math.ceil(overview.rows.length / PAGE));
  return json({
    filter,
    info: { period: overview.info.period, deadline: overview.info.deadline },
    counts: overview.counts,
    deadlinePassed: overview.deadlinePassed,
    missedReports: allUnits ? overview.missedReports : overview.missedReports.slice(0, UNIT_ROWS),
    missedUnits: overview.missedReports.length,
    // Per lead unit: how many and how long; the tasks themselves are one click away (lead + overdue
    // filter), so the page does not carry thousands of rows.
    overdueUnits: overview.overdue.length,
    overdue: (allUnits ? overview.overdue : overview.overdue.slice(0, UNIT_ROWS)).map((g) => ({
      unit: g.unit,
      total: g.tasks.length,
      maxDays: g.worst.daysOverdue,
      worst: {
        id: g.worst.id,
        ref: g.worst.ref,
        heading: g.worst.heading,
        title: g.worst.document.title,
      },
    })),
    unassigned: overview.unassigned
      .slice(0, PAGE)
      .map((t) => ({ id: t.id, ref: t.ref, heading: t.heading, documentTitle: t.document.title })),
    unassignedTotal: overview.unassigned.length,
    // Assignments not yet acknowledged (签收), late ones first.
    pending: pending.slice(0, PAGE),
    pendingTotal: pending.length,
    pendingLate: pending.filter((p) => p.late).length,
    // What the table shows of each task, no more: a page of 50 rows is most of the page's data.
    rows: overview.rows.slice((page - 1) * PAGE, page * PAGE).map((r) => ({
      id: r.id,
      ref: r.ref,
      heading: r.heading,
      status: r.status,
      due: r.dueDate ? shanghaiDate(r.dueDate) : null,
      documentTitle: r.document.title,
      light: r.light,
      daysOverdue: r.daysOverdue,
      lead: r.leadUnit?.name ?? null,
      report: r.report === "NOT_OWED" ? "—" : r.report === "FILED" ? "已报" : "未报",
      listed: listed.has(r.id),
    })),
    // 挂牌督办: every task of the scope under it, until a reviewer lifts it.
    listedTasks: overview.rows
      .filter((r) => listed.has(r.id))
      .map((r) => ({ id: r.id, ref: r.ref, heading: r.heading, title: r.document.title })),
    // 领导批示 the lead units have not answered yet, oldest first.
    instructions: instructed.slice(0, PAGE).map((i) => {
      const index = taskIndex(db());
      const t = index.get(i.taskId);
      return {
        id: i.id,
        taskId: i.taskId,
        task: t ? `${t.ref} ${t.heading}` : "",
        // The lead units as assigned (a collective by its name), today's name of a renamed one.
        lead: (t?.assignments ?? [])
          .filter((a) => a.role === "LEAD")
          .map((a) => index.currentUnit(a.unitId)?.name ?? "")
          .join("、"),
        text: i.text,
        by: `${i.unitName} ${i.leaderName}`,
        at: formatChineseDate(new Date(i.createdAt)),
      };
    }),
    instructionsTotal: instructed.length,
    total: overview.rows.length,
    page,
    pageCount,
    choices,
    // The jurisdictions the reviewer's unit supervises: what this board covers.
    scope: scope.ids.map((id) => taskIndex(db()).jurisdiction(id)?.name ?? id),
  });
}

// The board sums up every task and its lights move with the clock: any change to any task, or
// the next minute, makes it a new page.
export const pageCacheKey: PageCacheKey = ({ viewer, db }) =>
  readsBoard(viewer.role) ? `${taskIndex(db).version}|${Math.floor(Date.now() / 60_000)}` : null;

export default function Review() {
  const {
    filter,
    counts,
    overdue,
    overdueUnits,
    missedReports,
    missedUnits,
    deadlinePassed,
    unassigned,
    unassignedTotal,
    pending,
    pendingTotal,
    pendingLate,
    listedTasks,
    instructions,
    instructionsTotal,
    rows,
    total,
    page,
    pageCount,
    info,
    choices,
    scope,
  } = useLoaderData<typeof loader>();
  const onLinkClick = useLinkClicks();
  // The filter as URL parameters (flags as "1", the way the loader reads them).
  const filterParams = () =>
    new URLSearchParams(
      Object.entries(filter).flatMap(([k, v]) =>
        v === true ? [[k, "1"]] : v ? [[k, String(v)]] : [],
      ),
    );
  const pageLink = (p: number) => {
    const q = filterParams();
    q.set("page", String(p));
    return `/review?${q}#tasks`;
  };
  /** "显示全部 N 个单位" under a per-unit summary that shows fewer than all. */
  const allUnitsLink = (total: number, shown: number, anchor: string) => {
    if (total <= shown) return null;
    const q = filterParams();
    q.set("units", "all");
    return (
      <p>
        <Link to={`/review?${q}#${anchor}`}>显示全部 {total} 个单位</Link>
      </p>
    );
  };
  const lightLink = (light: string) => {
    const p = filterParams();
    p.set("light", light);
    return `/review?${p}#tasks`;
  };
  const leadName = filter.lead
    ? (overdue.find((g) => g.unit.id === filter.lead)?.unit.name ??
      missedReports.find((m) => m.unit.id === filter.lead)?.unit.name ??
      rows[0]?.lead)
    : null;
  return (
    <>
      <h1>督办总览</h1>
      <p className="muted">
        督办范围：{scope.length > 0 ? scope.join("、") : "本单位未承担督办职责，没有可督办的任务"}
      </p>
      <Form method="get" className="filters" role="search">
        <DocumentUnitSelects selected={choices} />
        {filter.lead ? <input type="hidden" name="lead" value={filter.lead} /> : null}
        {filter.overdue ? <input type="hidden" name="overdue" value="1" /> : null}
        {filter.unreported ? <input type="hidden" name="unreported" value="1" /> : null}
        <label className="short">
          状态
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">全部状态</option>
            {Object.entries(TASK_STATUS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className="short">
          灯
          <select name="light" defaultValue={filter.light ?? ""}>
            <option value="">全部</option>
            <option value="RED">红灯</option>
            <option value="AMBER">黄灯</option>
            <option value="GREEN">绿灯</option>
          </select>
        </label>
        <label>
          全文检索
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="任务原文及报送内容"
          />
        </label>
        <button type="submit">筛选</button>
        <Link to="/review" className="button secondary">
          清除
        </Link>
      </Form>

      <div className="counts">
        <a href={lightLink("RED")}>
          <span className="light RED">● 红灯</span>
          <strong>{counts.RED}</strong>
        </a>
        <a href={lightLink("AMBER")}>
          <span className="light AMBER">● 黄灯</span>
          <strong>{counts.AMBER}</strong>
        </a>
        <a href={lightLink("GREEN")}>
          <span className="light GREEN">● 绿灯</span>
          <strong>{counts.GREEN}</strong>
        </a>
        <span className="panel">
          已办结/销号 <strong>{counts.NONE}</strong>
        </span>
      </div>
      {/* The per-unit summaries follow the task list; this line says what they hold. */}
      <p className="summary">
        <a href="#overdue-units">有逾期任务的牵头单位 {overdueUnits} 个</a> ·{" "}
        <a href="#missed-units">本期未报送的牵头单位 {missedUnits} 个</a> ·{" "}
        <a href="#unassigned">待分配任务 {unassignedTotal} 项</a>
      </p>
      {listedTasks.length > 0 ? (
        <section className="panel listed-tasks" aria-label="挂牌督办">
          <h2>挂牌督办（{listedTasks.length}）</h2>
          <ul>
            {listedTasks.map((t) => (
              <li key={t.id}>
                <ListedBadge />{" "}
                <a href={`/tasks/${t.id}`}>
                  {t.ref} {t.heading}
                </a>
                <span className="muted"> · {t.title}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {instructions.length > 0 ? (
        <section className="panel instructions open" aria-label="待落实的领导批示">
          <h2>待落实的领导批示（{instructionsTotal}）</h2>
          <ul>
            {instructions.map((i) => (
              <li key={i.id}>
                <a href={`/tasks/${i.taskId}`}>{i.task}</a>
                {i.lead ? <span className="muted">（牵头：{i.lead}）</span> : null}：
                <strong>{i.text}</strong>
                <span className="muted">
                  {" "}
                  — {i.by} · {i.at}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2 id="tasks">
        {filter.lead ? `${leadName ?? "该单位"}牵头的` : ""}
        {filter.overdue ? "逾期" : filter.unreported ? "本期未报送" : ""}任务（{total}）
        {pageCount > 1 ? `，第 ${page}/${pageCount} 页` : ""}
        {filter.lead || filter.overdue || filter.unreported ? (
          <>
            {" "}
            <Link to="/review#tasks" className="muted">
              显示全部
            </Link>
          </>
        ) : null}
      </h2>
      <table onClick={onLinkClick}>
        <thead>
          <tr>
            <th>灯</th>
            <th>文件</th>
            <th>编号</th>
            <th>任务</th>
            <th>牵头单位</th>
            <th>完成时限</th>
            <th>状态</th>
            <th>本期</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td className="c-top">
                <LightBadge light={t.light} />
              </td>
              <td className="muted c-sub">{t.documentTitle}</td>
              <td className="ref c-top">{t.ref}</td>
              <td className="c-title">
                <a href={`/tasks/${t.id}`}>{t.heading || t.ref}</a>
                {t.listed ? (
                  <>
                    {" "}
                    <ListedBadge />
                  </>
                ) : null}
              </td>
              <td data-label="牵头单位">
                {t.lead ?? <span className="tag unassigned">待分配</span>}
              </td>
              <td className="date" data-label="完成时限">
                {t.due ?? "—"}
                {t.daysOverdue > 0 ? <span className="overdue"> 逾期{t.daysOverdue}天</span> : null}
              </td>
              <td data-label="状态">{TASK_STATUS[t.status] ?? t.status}</td>
              <td data-label="本期">{t.report}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pageCount={pageCount} href={pageLink} />

      <h2 id="overdue-units">
        逾期任务（按牵头单位
        {overdueUnits > overdue.length ? `，逾期最多的 ${overdue.length} 个` : ""}）
      </h2>
      {overdue.length === 0 ? (
        <p className="muted">无逾期任务。</p>
      ) : (
        <table onClick={onLinkClick}>
          <thead>
            <tr>
              <th>牵头单位</th>
              <th>逾期任务</th>
              <th>最长逾期</th>
              <th>逾期最久的任务</th>
            </tr>
          </thead>
          <tbody>
            {overdue.map((g) => (
              <tr key={g.unit.id}>
                <td className="c-title">{g.unit.name}</td>
                <td data-label="逾期任务">
                  <a href={`/review?lead=${g.unit.id}&overdue=1#tasks`}>{g.total} 项</a>
                </td>
                <td className="light RED" data-label="最长逾期">
                  {g.maxDays} 天
                </td>
                <td className="c-full" data-label="逾期最久">
                  <a
                    href={`/tasks/${g.worst.id}`}
                  >{`${g.worst.title} ${g.worst.ref} ${g.worst.heading}`}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {allUnitsLink(overdueUnits, overdue.length, "overdue-units")}

      <h2 id="missed-units">
        本期（{info.period}，{formatChineseDate(new Date(info.deadline))}截止）
        {deadlinePassed ? "逾期未报送" : "尚未报送"}的牵头单位
      </h2>
      {missedReports.length === 0 ? (
        <p className="muted">全部已报送。</p>
      ) : (
        <ul onClick={onLinkClick}>
          {missedReports.map((m) => (
            <li key={m.unit.id}>
              <a href={`/review?lead=${m.unit.id}&unreported=1#tasks`}>{m.unit.name}</a>：{m.count}{" "}
              项任务未报送
            </li>
          ))}
        </ul>
      )}
      {allUnitsLink(missedUnits, missedReports.length, "missed-units")}

      <details className="more" id="pending-acknowledgements" open={pendingLate > 0}>
        <summary>
          待签收（{pendingTotal}）{pendingLate > 0 ? `，其中领办逾期 ${pendingLate} 项` : ""}
        </summary>
        <PendingAcknowledgements rows={pending} canAcknowledge={false} />
        {pendingTotal > pending.length ? (
          <p className="muted">
            ……共 {pendingTotal} 项，此处列出前 {pending.length} 项
          </p>
        ) : null}
      </details>

      {/* Folded: the list can be long, and it is not what a reviewer looks at every day. */}
      <details className="more" id="unassigned">
        <summary>待分配任务（{unassignedTotal}）</summary>
        {unassigned.length === 0 ? (
          <p className="muted">无。</p>
        ) : (
          <ul onClick={onLinkClick}>
            {unassigned.map((t) => (
              <li key={t.id}>
                <a href={`/tasks/${t.id}`}>{`${t.documentTitle} ${t.ref} ${t.heading}`}</a>
              </li>
            ))}
            {unassignedTotal > unassigned.length ? (
              <li className="muted">
                ……共 {unassignedTotal} 项，可在任务台账中勾选“仅看待分配”查看全部
              </li>
            ) : null}
          </ul>
        )}
      </details>
    </>
  );
}

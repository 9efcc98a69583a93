// A unit's page: who it is (names, aliases and abbreviations, collective, successor), the tasks it
// leads and co-owns (including those of units it succeeded and of collectives it belongs to), and
// every change people made to it. Reviewers of a jurisdiction its unit supervises, and admins,
// edit it here: each form one intent, refused with the reason next to the field.
import type { ReactNode } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db/db.server";
import { requireUser, type SessionUser } from "~/auth/auth.server";
import { formInput, formValues } from "~/forms/report-form";
import { isUnitIntent, unitSchemas, type UnitIntent } from "~/forms/unit-forms";
import { denied, requireUnitEditor } from "~/models/access.server";
import { actsForSupervisor, mayEditUnits, seesEverything } from "~/models/permissions";
import { taskIndex } from "~/models/task-index.server";
import {
  addAlias,
  deactivateUnit,
  DirectoryEditError,
  mergeUnits,
  openTaskCount,
  reactivateUnit,
  removeAlias,
  renameUnit,
  setMembers,
  setSuccessor,
  unitHistory,
  updateUnit,
  type AliasKind,
} from "~/models/unit-directory.server";
import { getUnitPage, responsibleUnitIds } from "~/models/unit.server";
import { compareUnitNames } from "~/models/unit-order";
import { UNIT_KINDS } from "~/seed/unit-directory";
import { Field, FormError } from "~/ui/form";
import { TASK_STATUS, UNIT_KIND } from "~/ui/labels";
import { shanghaiDate, shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.unit.name} · 督办` : "单位 · 督办" },
];

/** 403 (logged) unless the user may read this unit's page; whether they may edit it. */
async function authorizeUnit(request: Request, user: SessionUser, unitId: string) {
  const index = taskIndex(db());
  const unit = index.unit(unitId);
  if (!unit) throw new Response("没有这个单位", { status: 404 });
  const supervised = index.supervisedBy(user.unitId).has(unit.jurisdictionId);
  // A liaison may open it only for their own unit (or one it succeeded), a reviewer for units of
  // the jurisdictions their unit supervises.
  if (!seesEverything(user.role) && !(actsForSupervisor(user.role) && supervised)) {
    const mine = user.unitId ? await responsibleUnitIds(db(), user.unitId) : [];
    if (!mine.includes(unitId)) await denied(db(), request, user, { unitId, action: "readUnit" });
  }
  return { unit, canEdit: mayEditUnits(user.role, supervised) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { canEdit } = await authorizeUnit(request, user, params.unitId!);
  const page = await getUnitPage(db(), params.unitId!);
  if (!page) throw new Response("没有这个单位", { status: 404 });
  const history = await unitHistory(db(), page.unit.id);
  const others = canEdit
    ? (
        await db().unit.findMany({
          where: {
            jurisdictionId: page.unit.jurisdictionId,
            active: true,
            id: { not: page.unit.id },
          },
          select: { id: true, name: true, kind: true, recognized: true },
        })
      ).sort((a, b) => compareUnitNames(a.name, b.name))
    : [];
  return json({
    ...page,
    canEdit,
    openTasks: canEdit && page.unit.active ? await openTaskCount(db(), page.unit.id) : 0,
    people: canEdit ? await db().user.count({ where: { unitId: page.unit.id } }) : 0,
    others: others.map((o) => ({ id: o.id, name: o.name, kind: o.kind, recognized: o.recognized })),
    history: history.map((e) => ({
      id: e.id,
      at: shanghaiDateTime(e.createdAt),
      iso: e.createdAt.toISOString(),
      label: UNIT_EVENT[e.type] ?? e.type,
      actor: e.actor?.name ?? null,
      text: historyText(e.type, e.payload),
    })),
  });
}

const UNIT_EVENT: Record<string, string> = {
  "unit.created": "新建单位",
  "unit.renamed": "更名",
  "unit.updated": "修改类别或备注",
  "unit.alias_added": "增加别称或简称",
  "unit.alias_removed": "删除别称或简称",
  "unit.members_changed": "调整集合成员",
  "unit.successor_set": "设定承接单位",
  "unit.deactivated": "撤销",
  "unit.reactivated": "恢复",
  "unit.merged": "合并（并入本单位）",
  "unit.merged_away": "合并（本单位并入）",
};

const ALIAS_KIND: Record<string, string> = { ALIAS: "别称", ABBREVIATION: "简称" };

function historyText(type: string, payload: string): string {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    const kind = (k: unknown) => UNIT_KIND[String(k)] ?? String(k);
    switch (type) {
      case "unit.created":
        return `${p.name}（${kind(p.kind)}）`;
      case "unit.renamed":
        return `${p.from} → ${p.to}（原名保留为别称）`;
      case "unit.updated": {
        const k = p.kind as { from: string; to: string } | undefined;
        const n = p.note as { to: string | null } | undefined;
        return [
          k ? `类别 ${kind(k.from)} → ${kind(k.to)}` : "",
          n ? `备注改为「${n.to ?? ""}」` : "",
        ]
          .filter(Boolean)
          .join("；");
      }
      case "unit.alias_added":
      case "unit.alias_removed":
        return `${ALIAS_KIND[String(p.kind)] ?? ""} ${p.alias}`;
      case "unit.members_changed":
        return [
          (p.added as string[]).length ? `增加 ${(p.added as string[]).join("、")}` : "",
          (p.removed as string[]).length ? `移除 ${(p.removed as string[]).join("、")}` : "",
        ]
          .filter(Boolean)
          .join("；");
      case "unit.successor_set":
        return p.to
          ? `由 ${p.to} 承接（${p.date ?? `${p.year}年`}${p.verified === false ? "，待核实" : ""}）`
          : `取消承接单位${p.from ? `（原为 ${p.from}）` : ""}`;
      case "unit.deactivated":
        return p.successor ? `由 ${p.successor} 承接` : "";
      case "unit.merged":
      case "unit.merged_away":
        return `${p.from} 并入 ${p.into}；移交任务 ${p.tasks} 项、账号 ${p.people ?? 0} 个`;
    }
  } catch {
    // not JSON: show nothing
  }
  return "";
}

type ActionResult = {
  intent: UnitIntent | null;
  errors: Record<string, string[]>;
  values: Record<string, string>;
  done?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const unitId = params.unitId!;
  const { unit } = await authorizeUnit(request, user, unitId);
  await requireUnitEditor(db(), request, user, unit.jurisdictionId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isUnitIntent(intent))
    return json<ActionResult>(
      { intent: null, errors: { form: ["未知操作"] }, values: {} },
      { status: 400 },
    );
  const schema = unitSchemas[intent] as z.ZodObject;
  const values = formValues(form, schema);
  const parsed = schema.safeParse(formInput(form));
  if (!parsed.success)
    return json<ActionResult>(
      {
        intent,
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
      },
      { status: 400 },
    );
  const d = parsed.data as Record<string, string>;
  const year = d.year ? Number(d.year) : null;
  try {
    switch (intent) {
      case "rename":
        await renameUnit(db(), unitId, d.name!, user.id);
        break;
      case "update":
        await updateUnit(db(), unitId, { kind: d.kind, note: d.note }, user.id);
        break;
      case "addAlias":
        await addAlias(db(), { unitId, alias: d.alias!, kind: d.aliasKind as AliasKind }, user.id);
        break;
      case "removeAlias": {
        const alias = await db().unitAlias.findUnique({ where: { id: d.aliasId! } });
        if (!alias || alias.unitId !== unitId)
          throw new DirectoryEditError("aliasId", "没有这个别称");
        await removeAlias(db(), alias.id, user.id);
        break;
      }
      case "setMembers":
        await setMembers(
          db(),
          unitId,
          form.getAll("memberId").filter((v): v is string => typeof v === "string"),
          user.id,
        );
        break;
      case "setSuccessor":
        await setSuccessor(
          db(),
          unitId,
          {
            successorId: d.successorId || null,
            date: d.date || null,
            year,
            verified: d.verified !== "0",
          },
          user.id,
        );
        break;
      case "merge":
        await mergeUnits(db(), { fromId: unitId, intoId: d.intoId! }, user.id);
        break;
      case "deactivate":
        await deactivateUnit(
          db(),
          unitId,
          { successorId: d.successorId || null, date: d.date || null, year },
          user.id,
        );
        break;
      case "reactivate":
        await reactivateUnit(db(), unitId, user.id);
        break;
    }
  } catch (error) {
    if (!(error instanceof DirectoryEditError)) throw error;
    return json<ActionResult>(
      { intent, errors: { [error.field]: [error.message] }, values },
      { status: 400 },
    );
  }
  return json<ActionResult>({ intent, errors: {}, values: {}, done: "已保存。" });
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
  const { unit, today, leads, coOwns, canEdit, history } = useLoaderData<typeof loader>();
  const aliases = unit.aliases.filter((a) => a.kind !== "ABBREVIATION");
  const abbreviations = unit.aliases.filter((a) => a.kind === "ABBREVIATION");
  return (
    <article>
      <p className="muted">
        <Link to="/units">单位</Link> · {unit.jurisdiction.name}
      </p>
      <h1>
        {unit.name}
        {!unit.recognized ? <span className="flag"> ⚠ 未识别（不在单位名录中）</span> : null}
        {unit.mergedAt ? (
          <span className="tag"> 已合并</span>
        ) : !unit.active ? (
          <span className="tag"> 已撤销</span>
        ) : null}
      </h1>
      <dl className="facts">
        <dt>类别</dt>
        <dd>{UNIT_KIND[unit.recognized ? unit.kind : "UNKNOWN"] ?? unit.kind}</dd>
        {aliases.length > 0 ? (
          <>
            <dt>又称</dt>
            <dd>{aliases.map((a) => a.alias).join("、")}</dd>
          </>
        ) : null}
        {abbreviations.length > 0 ? (
          <>
            <dt>简称</dt>
            <dd>{abbreviations.map((a) => a.alias).join("、")}</dd>
          </>
        ) : null}
        {unit.successor ? (
          <>
            <dt>{unit.mergedAt ? "已并入" : "现单位"}</dt>
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
              {unit.memberOf.map((m, i) => (
                <span key={m.collective.id}>
                  {i > 0 ? "、" : ""}
                  <Link to={`/units/${m.collective.id}`}>{m.collective.name}</Link>
                </span>
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
      {canEdit ? <EditPanel /> : null}
      <h2>牵头任务（{leads.length}）</h2>
      <TaskTable rows={leads} unitId={unit.id} />
      <h2>配合任务（{coOwns.length}）</h2>
      <TaskTable rows={coOwns} unitId={unit.id} />
      <h2>变更记录</h2>
      {history.length === 0 ? (
        <p className="muted">尚无人工修改（沿用初始单位名录）。</p>
      ) : (
        <ul className="timeline">
          {history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.iso}>{e.at}</time>
              {e.label}
              {e.actor ? <span className="muted">{` · ${e.actor}`}</span> : null}
              {e.text ? <span>{` — ${e.text}`}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function EditPanel() {
  const { unit, others, openTasks, people } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsFor = (intent: UnitIntent) =>
    data && data.intent === intent ? data.errors : ({} as Record<string, string[]>);
  const valueFor = (intent: UnitIntent, name: string) =>
    data && data.intent === intent ? data.values[name] : undefined;
  const done = (intent: UnitIntent) =>
    data?.done && data.intent === intent ? <p className="notice">{data.done}</p> : null;
  const candidates = others.filter((o) => o.recognized);
  const memberIds = new Set(unit.members.map((m) => m.member.id));
  return (
    <section className="panel unit-edit" aria-label="维护单位名录">
      <h2>维护单位名录</h2>
      <p className="hint">
        此处的修改记入变更记录；系统重新载入初始单位名录时保留人工修改，不会被覆盖。
      </p>
      {unit.mergedAt ? (
        <p className="muted">该条目已并入 {unit.successor?.name}，请在该单位页面维护。</p>
      ) : (
        <>
          <Section title="名称与类别" intents={["rename", "update"]}>
            {done("rename")}
            <Form method="post">
              <input type="hidden" name="intent" value="rename" />
              <Field label="规范名称" name="name" errors={errorsFor("rename").name}>
                <input
                  id="field-name"
                  name="name"
                  maxLength={60}
                  defaultValue={valueFor("rename", "name") ?? unit.name}
                />
              </Field>
              <button type="submit">更名</button>
            </Form>
            {done("update")}
            <Form method="post">
              <input type="hidden" name="intent" value="update" />
              <Field label="类别" name="kind" errors={errorsFor("update").kind}>
                <select
                  id="field-kind"
                  name="kind"
                  defaultValue={
                    valueFor("update", "kind") ?? (unit.recognized ? unit.kind : "DEPARTMENT")
                  }
                >
                  {UNIT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {UNIT_KIND[k]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="备注" name="note" errors={errorsFor("update").note}>
                <input
                  id="field-note"
                  name="note"
                  maxLength={500}
                  defaultValue={valueFor("update", "note") ?? unit.note ?? ""}
                />
              </Field>
              <button type="submit">{unit.recognized ? "保存" : "确认为名录单位"}</button>
            </Form>
          </Section>
          <Section title="别称与简称" intents={["addAlias", "removeAlias"]}>
            {done("addAlias") ?? done("removeAlias")}
            {unit.aliases.length > 0 ? (
              <ul className="alias-list">
                {unit.aliases.map((a) => (
                  <li key={a.id}>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="removeAlias" />
                      <input type="hidden" name="aliasId" value={a.id} />
                      <span>
                        {a.alias} <span className="muted">{ALIAS_KIND[a.kind]}</span>
                      </span>
                      <button type="submit" className="button secondary">
                        删除
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : null}
            <FormError errors={errorsFor("removeAlias").aliasId} />
            <Form method="post">
              <input type="hidden" name="intent" value="addAlias" />
              <Field label="别称或简称" name="alias" errors={errorsFor("addAlias").alias}>
                <input
                  id="field-alias"
                  name="alias"
                  maxLength={60}
                  defaultValue={valueFor("addAlias", "alias") ?? ""}
                />
              </Field>
              <Field label="种类" name="aliasKind" errors={errorsFor("addAlias").aliasKind}>
                <select
                  id="field-aliasKind"
                  name="aliasKind"
                  defaultValue={valueFor("addAlias", "aliasKind") ?? "ALIAS"}
                >
                  <option value="ALIAS">别称（全称等）</option>
                  <option value="ABBREVIATION">简称</option>
                </select>
              </Field>
              <button type="submit">增加</button>
            </Form>
          </Section>
          {unit.kind === "COLLECTIVE" ? (
            <>
              <Section title="集合成员" intents={["setMembers"]}>
                {done("setMembers")}
                <Form method="post">
                  <input type="hidden" name="intent" value="setMembers" />
                  <fieldset className="member-choices">
                    <legend>勾选属于「{unit.name}」的单位</legend>
                    {candidates
                      .filter((o) => o.kind !== "COLLECTIVE")
                      // Its members first, then the rest: the list is long.
                      .sort((a, b) => Number(memberIds.has(b.id)) - Number(memberIds.has(a.id)))
                      .map((o) => (
                        <label key={o.id} className="check">
                          <input
                            type="checkbox"
                            name="memberId"
                            value={o.id}
                            defaultChecked={memberIds.has(o.id)}
                          />{" "}
                          {o.name}
                        </label>
                      ))}
                  </fieldset>
                  <FormError errors={errorsFor("setMembers").members} />
                  <button type="submit">保存成员</button>
                </Form>
              </Section>
            </>
          ) : null}

          <Section title="承接单位（更名、划转）" intents={["setSuccessor"]}>
            {done("setSuccessor")}
            <Form method="post">
              <input type="hidden" name="intent" value="setSuccessor" />
              <Field
                label="承接单位"
                name="successorId"
                errors={errorsFor("setSuccessor").successorId}
              >
                <select
                  id="field-successorId"
                  name="successorId"
                  defaultValue={valueFor("setSuccessor", "successorId") ?? unit.successor?.id ?? ""}
                >
                  <option value="">无（取消）</option>
                  {candidates.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="日期" name="date" errors={errorsFor("setSuccessor").date}>
                <input
                  id="field-date"
                  type="date"
                  name="date"
                  defaultValue={
                    valueFor("setSuccessor", "date") ??
                    (unit.succeededOn ? shanghaiDate(new Date(unit.succeededOn)) : "")
                  }
                />
              </Field>
              <Field
                label="或年份"
                name="year"
                errors={errorsFor("setSuccessor").year}
                hint="日期不详时填写"
              >
                <input
                  id="field-year"
                  name="year"
                  inputMode="numeric"
                  maxLength={4}
                  size={5}
                  defaultValue={
                    valueFor("setSuccessor", "year") ?? String(unit.successionYear ?? "")
                  }
                />
              </Field>
              <p>
                <label className="check">
                  <input
                    type="checkbox"
                    name="verified"
                    value="0"
                    defaultChecked={!unit.successionVerified}
                  />{" "}
                  待核实（公开资料未能证实）
                </label>
              </p>
              <button type="submit">保存</button>
            </Form>
          </Section>
          <Section title="合并" intents={["merge"]}>
            <p className="hint">
              同一单位的重复条目（如未识别的简称）并入现有单位：任务的责任分工、别称、账号移至该单位，本名称保留为其别称，已有报送和记录不变。
            </p>
            {done("merge")}
            <Form method="post">
              <input type="hidden" name="intent" value="merge" />
              <Field label="并入" name="intoId" errors={errorsFor("merge").intoId}>
                <select
                  id="field-intoId"
                  name="intoId"
                  defaultValue={valueFor("merge", "intoId") ?? ""}
                >
                  <option value="">选择单位…</option>
                  {candidates.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </Field>
              <FormError errors={errorsFor("merge").fromId} />
              <button type="submit">合并</button>
            </Form>
          </Section>
          <Section title="撤销" intents={["deactivate", "reactivate"]}>
            {done("deactivate") ?? done("reactivate")}
            {unit.active ? (
              <Form method="post">
                <input type="hidden" name="intent" value="deactivate" />
                <p className="hint">
                  {openTasks > 0
                    ? `该单位还有 ${openTasks} 项未办结的任务，撤销时须指定承接单位。`
                    : "该单位没有未办结的任务。"}
                  {people > 0 ? ` 该单位有 ${people} 个账号，将移至承接单位。` : ""}
                </p>
                <Field
                  label="承接单位"
                  name="deactivate-successorId"
                  errors={errorsFor("deactivate").successorId ?? errorsFor("deactivate").unitId}
                >
                  <select
                    id="field-deactivate-successorId"
                    name="successorId"
                    defaultValue={valueFor("deactivate", "successorId") ?? unit.successor?.id ?? ""}
                  >
                    <option value="">无</option>
                    {candidates.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="日期" name="deactivate-date" errors={errorsFor("deactivate").date}>
                  <input
                    id="field-deactivate-date"
                    type="date"
                    name="date"
                    defaultValue={valueFor("deactivate", "date") ?? ""}
                  />
                </Field>
                <button type="submit" className="button secondary">
                  撤销该单位
                </button>
              </Form>
            ) : (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="reactivate" />
                <FormError errors={errorsFor("reactivate").unitId} />
                <button type="submit" className="button secondary">
                  恢复该单位
                </button>
              </Form>
            )}
          </Section>
        </>
      )}
    </section>
  );
}

/** One part of the editing panel, folded until opened (or until its form comes back with an error). */
function Section({
  title,
  intents,
  children,
}: {
  title: string;
  intents: UnitIntent[];
  children: ReactNode;
}) {
  const data = useActionData<typeof action>();
  const open = Boolean(data?.intent && intents.includes(data.intent));
  return (
    <details className="edit-section" open={open}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

// 导入预览: a draft before anything is tracked. The reviewer checks and edits the header, every
// measure's units and due date, drops what is not a measure, resolves the unit names the
// directory lacks, adjusts a table's columns, chooses which document it is a new version of, and
// commits — or discards the draft. Every change is kept at once (a reload shows it).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser, type SessionUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { importSchemas, isImportIntent, unitNames } from "~/forms/import-forms";
import { COLUMN_ROLE_LABELS, COLUMN_ROLES, type ColumnRole } from "~/ingest/ledger";
import { denied, requireReviewer } from "~/models/access.server";
import type { NameDecision } from "~/models/import-preview";
import {
  commitDraft,
  discardDraft,
  findDraft,
  ImportError,
  previewDraft,
  rereadColumns,
  setDraftJurisdiction,
  setReplaces,
  updateEdits,
} from "~/models/import.server";
import { taskIndex } from "~/models/task-index.server";
import { RESOLUTION_LABEL, SUGGESTION_REASON } from "~/models/unit-resolution";
import { Field, FormError } from "~/ui/form";
import { DOCUMENT_STATUS, UNIT_KIND } from "~/ui/labels";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `导入预览${data && "preview" in data ? `：${data.preview.header.title}` : ""} · 督办` },
];

const KINDS = ["DEPARTMENT", "AGENCY", "CENTRAL_BRANCH", "FINANCIAL", "GOVERNMENT", "OTHER"];

/** The draft, if the reviewer's unit supervises its jurisdiction; 404 / 403 (logged) otherwise. */
async function draftFor(request: Request, user: SessionUser, id: string) {
  await requireReviewer(db(), request, user);
  const draft = await findDraft(db(), id);
  if (!draft) throw new Response("没有这份导入草稿", { status: 404 });
  const supervised = taskIndex(db()).supervisedBy(user.unitId);
  if (!supervised.has(draft.jurisdictionId))
    await denied(db(), request, user, { action: "import", draftId: id });
  return { draft, supervised };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { draft, supervised } = await draftFor(request, user, params.draftId!);
  const index = taskIndex(db());
  if (draft.status !== "OPEN") {
    const document = draft.documentId
      ? await db().document.findUnique({
          where: { id: draft.documentId },
          select: { slug: true, title: true },
        })
      : null;
    return json({ closed: { status: draft.status, document } });
  }
  const { preview, stored, edits, stale, implemented } = await previewDraft(db(), draft);
  const documents = await db().document.findMany({
    where: { jurisdictionId: draft.jurisdictionId },
    orderBy: [{ issuedOn: { sort: "desc", nulls: "last" } }, { title: "asc" }],
    select: { id: true, title: true, number: true, version: true },
  });
  const ledger = "ledger" in stored.source ? stored.source.ledger : undefined;
  return json({
    draft: {
      id: draft.id,
      fileName: draft.fileName,
      format: draft.format,
      encoding: "encoding" in stored.source ? (stored.source.encoding ?? null) : null,
      pages: "pages" in stored.source ? (stored.source.pages ?? null) : null,
      updatedAt: shanghaiDateTime(draft.updatedAt),
      jurisdictionId: draft.jurisdictionId,
      replaces: draft.replaces
        ? { ...draft.replaces, importedAt: draft.replaces.importedAt?.toISOString() ?? null }
        : null,
      stale,
    },
    jurisdictions: [...supervised]
      .map((id) => index.jurisdiction(id)!)
      .filter(Boolean)
      .map((j) => ({ id: j.id, name: j.name })),
    units: index.assignableUnits(draft.jurisdictionId),
    documents,
    ledger: ledger
      ? {
          table: ledger.table,
          columns: ledger.columns,
          mapping: ledger.mapping,
          proposed: ledger.proposed,
        }
      : null,
    columns: edits.columns ?? null,
    implemented,
    preview: {
      header: { ...preview.header, detected: undefined },
      detected: preview.header.detected,
      warnings: preview.warnings,
      problems: preview.problems,
      counts: preview.counts,
      diff: preview.diff && { ...preview.diff, matches: undefined },
      names: preview.names,
      measures: preview.measures.map((m) => ({
        ref: m.ref,
        heading: m.heading,
        text: m.text,
        section: m.sections.filter(Boolean).join(" / "),
        lead: m.lead,
        co: m.co,
        leader: m.leader,
        due: m.due,
        dueText: m.dueText,
        dueSource: m.dueSource,
        recurrence: m.recurrence,
        warnings: m.warnings,
        dropped: m.dropped,
        edited: m.edited,
      })),
    },
  });
}

type Errors = Record<string, string[]>;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.draftId!;
  const { supervised } = await draftFor(request, user, id);
  const form = await request.formData();
  const intent = form.get("intent");
  const values = Object.fromEntries(
    [...form.entries()].filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const fail = (errors: Errors, status = 400) =>
    json(
      { intent: String(intent), key: values.ref ?? values.key ?? null, errors, values },
      { status },
    );
  if (!isImportIntent(intent)) return fail({ form: ["未知操作"] });
  const parsed = (importSchemas[intent] as z.ZodType<Record<string, string | undefined>>).safeParse(
    values,
  );
  if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors as Errors);
  const d = parsed.data;
  const back = redirect(`/import/${id}`);
  try {
    switch (intent) {
      case "header":
        await updateEdits(db(), id, (e) => ({
          ...e,
          header: {
            title: d.title!.trim(),
            number: d.number!.trim(),
            issuer: d.issuer!.trim(),
            date: d.date!.trim(),
            status: d.status as "DRAFT" | "IN_FORCE",
            implements: d.implements!.trim(),
          },
        }));
        return back;
      case "jurisdiction":
        if (!supervised.has(d.jurisdictionId!))
          return fail({ jurisdictionId: ["只能选择本单位督办的地区"] });
        await setDraftJurisdiction(db(), id, d.jurisdictionId!);
        return back;
      case "measure":
        await updateEdits(db(), id, (e) => ({
          ...e,
          measures: {
            ...e.measures,
            [d.ref!]: {
              ...e.measures?.[d.ref!],
              lead: unitNames(d.lead!),
              co: unitNames(d.co!),
              due: d.noDue ? null : d.due || null,
            },
          },
        }));
        return redirect(`/import/${id}#m-${encodeURIComponent(d.ref!)}`);
      case "drop":
        await updateEdits(db(), id, (e) => ({
          ...e,
          measures: {
            ...e.measures,
            [d.ref!]: { ...e.measures?.[d.ref!], dropped: d.dropped === "1" },
          },
        }));
        return redirect(`/import/${id}#m-${encodeURIComponent(d.ref!)}`);
      case "mapName":
      case "createName":
      case "undoName": {
        const decision: NameDecision | null =
          intent === "mapName"
            ? { action: "MAP", unitId: d.unitId! }
            : intent === "createName"
              ? { action: "CREATE", name: d.name!.trim(), kind: d.kind! }
              : null;
        await updateEdits(db(), id, (e) => {
          const names = { ...e.names };
          if (decision) names[d.key!] = decision;
          else delete names[d.key!];
          return { ...e, names };
        });
        return redirect(`/import/${id}#names`);
      }
      case "acceptSuggestions": {
        const { preview } = await previewDraft(db(), (await findDraft(db(), id))!);
        await updateEdits(db(), id, (e) => {
          const names = { ...e.names };
          for (const n of preview.names)
            if (!n.decision && n.resolution.kind === "SUGGESTION") {
              const s = n.resolution.suggestions[0]!;
              names[n.key] = { action: "MAP", unitId: s.from?.id ?? s.unit.id };
            }
          return { ...e, names };
        });
        return redirect(`/import/${id}#names`);
      }
      case "columns": {
        const columns: Partial<Record<ColumnRole, number | null>> = {};
        for (const role of COLUMN_ROLES) {
          const v = d[role];
          columns[role] = v === undefined || v === "" ? null : Number(v);
        }
        await rereadColumns(db(), id, columns);
        return back;
      }
      case "replaces":
        await setReplaces(db(), id, d.documentId || null);
        return redirect(`/import/${id}#version`);
      case "rebase": {
        const draft = (await findDraft(db(), id))!;
        await setReplaces(db(), id, draft.replacesId);
        return redirect(`/import/${id}#version`);
      }
      case "discard":
        await discardDraft(db(), id);
        return redirect("/import");
      case "commit": {
        const result = await commitDraft(db(), id, user.id);
        return redirect(`/?document=${result.document.slug}`);
      }
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return fail({ form: error.reasons }, 409);
  }
}

type LoaderData = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { closed: unknown }>;
type NameRow = LoaderData["preview"]["names"][number];
type MeasureRow = LoaderData["preview"]["measures"][number];

const KIND_CLASS: Record<string, string> = {
  EXACT: "ok",
  ALIAS: "ok",
  SUCCESSOR: "ok",
  COLLECTIVE: "ok",
  GENERIC: "generic",
  SUGGESTION: "ask",
  UNKNOWN: "ask",
};

function NameBadge({
  name,
  names,
}: {
  name: { key: string; name: string };
  names: Map<string, NameRow>;
}) {
  const n = names.get(name.key);
  if (!n) return <span className="unit">{name.name}</span>;
  const decided = n.decision ? (n.creates ? "新建" : n.target ? "已指定" : null) : null;
  const kind = n.resolution.kind;
  const state = decided && !n.problem ? "ok" : KIND_CLASS[kind];
  const today = n.today ?? (n.target && n.target.name !== n.name ? n.target : null);
  return (
    <span className={`unit resolved ${state}`}>
      {name.name}
      {today ? <span className="now">→ {today.name}</span> : null}
      <span className="res">{decided ?? RESOLUTION_LABEL[kind]}</span>
    </span>
  );
}

function NameList({ list, names }: { list: MeasureRow["lead"]; names: Map<string, NameRow> }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <span className="units">
      {list.map((u) => (
        <NameBadge key={u.key} name={u} names={names} />
      ))}
    </span>
  );
}

function resolutionText(n: NameRow): string {
  const r = n.resolution;
  switch (r.kind) {
    case "EXACT":
      return "单位名录中的名称";
    case "ALIAS":
      return `「${r.unit.name}」的别称`;
    case "SUCCESSOR":
      return `「${r.from.name}」已更名或撤并，现为「${r.unit.name}」`;
    case "COLLECTIVE":
      return `集合，含 ${r.members} 个成员单位`;
    case "GENERIC":
      return "泛指，不分配给具体单位（原文保留）";
    case "SUGGESTION":
      return "单位名录中没有，可能是：";
    case "UNKNOWN":
      return "单位名录中没有这个名称";
  }
}

export default function ImportPreview() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if ("closed" in data) {
    return (
      <>
        <h1>导入草稿</h1>
        {data.closed.status === "COMMITTED" ? (
          <p className="notice">
            此草稿已提交导入。
            {data.closed.document ? (
              <Link to={`/?document=${data.closed.document.slug}`}>
                查看《{data.closed.document.title}》的任务
              </Link>
            ) : null}
          </p>
        ) : (
          <p className="notice">此草稿已放弃。</p>
        )}
        <p>
          <Link to="/import">返回导入文件</Link>
        </p>
      </>
    );
  }
  const { draft, preview, units, jurisdictions, documents, ledger, columns, implemented } = data;
  const names = new Map(preview.names.map((n) => [n.key, n]));
  const errorsFor = (intent: string, key?: string) =>
    result && result.intent === intent && (key === undefined || result.key === key)
      ? result.errors
      : {};
  const valueFor = (intent: string, name: string, key?: string) =>
    result && result.intent === intent && (key === undefined || result.key === key)
      ? result.values[name]
      : undefined;
  const h = preview.header;
  const pending = preview.names.filter(
    (n) => n.resolution.kind === "SUGGESTION" || n.resolution.kind === "UNKNOWN",
  );
  const suggestions = pending.filter((n) => !n.decision && n.resolution.kind === "SUGGESTION");
  const jurisdiction = jurisdictions.find((j) => j.id === draft.jurisdictionId);
  return (
    <article className="import">
      <p className="muted">
        <Link to="/import">导入文件</Link> · {draft.fileName ?? "粘贴文本"}
        {draft.encoding ? ` · 编码 ${draft.encoding}` : ""}
        {draft.pages ? ` · ${draft.pages} 页` : ""} · 草稿已保存（{draft.updatedAt}）
      </p>
      <h1>导入预览：{h.title || "（无标题）"}</h1>
      <p className="summary">
        共 {preview.counts.measures} 项措施
        {preview.counts.dropped ? `（已删除 ${preview.counts.dropped} 段）` : ""}，待分配{" "}
        {preview.counts.unassigned} 项，单位名称 {preview.names.length} 个，其中待确认{" "}
        {pending.filter((n) => !n.decision || n.problem).length} 个。落实地区：{jurisdiction?.name}
      </p>

      <section className="panel" aria-label="提交">
        <FormError errors={errorsFor("commit").form ?? errorsFor("rebase").form} />
        {preview.problems.length > 0 ? (
          <div className="problems" role="alert">
            <strong>提交前须解决：</strong>
            <ul>
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="notice">已核对完毕，可以提交。提交后生成任务，并在任务台账中列出。</p>
        )}
        <div className="inline-form">
          <Form method="post">
            <input type="hidden" name="intent" value="commit" />
            <button type="submit" disabled={busy || preview.problems.length > 0}>
              提交导入
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="discard" />
            <button type="submit" className="button secondary">
              放弃草稿
            </button>
          </Form>
        </div>
      </section>

      {preview.warnings.length > 0 ? (
        <section aria-label="文件提示">
          <h2>文件提示</h2>
          <ul className="warnings">
            {preview.warnings.map((w) => (
              <li key={w}>⚠ {w}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>文件信息</h2>
      <Form method="post" className="header-form" noValidate>
        <input type="hidden" name="intent" value="header" />
        <FormError errors={errorsFor("header").form} />
        <Field label="标题" name="title" errors={errorsFor("header").title}>
          <input
            id="field-title"
            name="title"
            defaultValue={valueFor("header", "title") ?? h.title}
          />
        </Field>
        <div className="columns">
          <Field label="文号" name="number" errors={errorsFor("header").number}>
            <input
              id="field-number"
              name="number"
              defaultValue={valueFor("header", "number") ?? h.number}
            />
          </Field>
          <Field label="发文机关" name="issuer" errors={errorsFor("header").issuer}>
            <input
              id="field-issuer"
              name="issuer"
              defaultValue={valueFor("header", "issuer") ?? h.issuer}
            />
          </Field>
          <Field label="成文日期" name="date" errors={errorsFor("header").date} hint="YYYY-MM-DD">
            <input
              id="field-date"
              name="date"
              type="date"
              defaultValue={valueFor("header", "date") ?? h.date}
            />
          </Field>
          <Field label="状态" name="status" errors={errorsFor("header").status}>
            <select
              id="field-status"
              name="status"
              defaultValue={valueFor("header", "status") ?? h.status}
            >
              <option value="IN_FORCE">{DOCUMENT_STATUS.IN_FORCE}</option>
              <option value="DRAFT">{DOCUMENT_STATUS.DRAFT}</option>
            </select>
          </Field>
        </div>
        <Field
          label="贯彻落实的文件"
          name="implements"
          errors={errorsFor("header").implements}
          hint={
            data.preview.detected.implements.length > 0
              ? `原文引用：${data.preview.detected.implements.map((d) => `《${d.title}》${d.number ? `（${d.number}）` : ""}`).join("、")}；请核对，无则留空`
              : "原文未引用上级文件；如有，请填写"
          }
        >
          <input
            id="field-implements"
            name="implements"
            defaultValue={valueFor("header", "implements") ?? h.implements}
          />
        </Field>
        {implemented.length > 0 ? (
          <p className="notice">
            {implemented.map((d) => `《${d.title}》`).join("、")}
            已在系统中：提交后记录本文件贯彻落实该文件，本地区将有其各项措施的任务（待分配），可在文件的“措施关联”页关联。
          </p>
        ) : null}
        <button type="submit">保存文件信息</button>
      </Form>
      {jurisdictions.length > 1 ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="jurisdiction" />
          <label>
            落实地区{" "}
            <select name="jurisdictionId" defaultValue={draft.jurisdictionId} aria-label="落实地区">
              {jurisdictions.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button secondary">
            更改地区
          </button>
          <FormError errors={errorsFor("jurisdiction").jurisdictionId} />
        </Form>
      ) : null}

      <h2 id="version">新文件还是新版本</h2>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="replaces" />
        <label>
          导入为{" "}
          <select name="documentId" defaultValue={draft.replaces?.id ?? ""} aria-label="导入为">
            <option value="">新文件</option>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {`《${d.title}》${d.number ? `（${d.number}）` : ""}的新版本`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button secondary">
          确定
        </button>
        <FormError errors={errorsFor("replaces").form} />
      </Form>
      {draft.stale ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="rebase" />
          <p className="form-error">{draft.stale}</p>
          <button type="submit">按最新版本重新比对</button>
        </Form>
      ) : null}
      {preview.diff && draft.replaces ? (
        <Diff diff={preview.diff} title={draft.replaces.title} />
      ) : null}

      {ledger ? (
        <>
          <h2>表格列</h2>
          <p className="muted">
            按表头识别的列（{ledger.table}）。如有不对，请逐项选择后重新读取；已做的其他修改保留。
          </p>
          <Form method="post" className="columns-form">
            <input type="hidden" name="intent" value="columns" />
            <FormError errors={errorsFor("columns").form} />
            <div className="columns">
              {COLUMN_ROLES.map((role) => {
                const chosen = columns?.[role] !== undefined ? columns[role] : ledger.mapping[role];
                return (
                  <Field key={role} label={COLUMN_ROLE_LABELS[role]} name={`col-${role}`}>
                    <select
                      id={`field-col-${role}`}
                      name={role}
                      defaultValue={chosen === null || chosen === undefined ? "" : String(chosen)}
                    >
                      <option value="">（无此列）</option>
                      {ledger.columns.map((label, i) => (
                        <option key={i} value={String(i)}>
                          {`第 ${i + 1} 列${label ? `：${label}` : ""}`}
                        </option>
                      ))}
                    </select>
                  </Field>
                );
              })}
            </div>
            <button type="submit">按此重新读取</button>
          </Form>
        </>
      ) : null}

      <h2 id="names">单位名称</h2>
      {suggestions.length > 0 ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="acceptSuggestions" />
          <span>{suggestions.length} 个名称有建议的对应单位。</span>
          <button type="submit" className="button secondary">
            全部采用建议
          </button>
        </Form>
      ) : null}
      <table className="names">
        <thead>
          <tr>
            <th>原文名称</th>
            <th>识别结果</th>
            <th>出现于</th>
            <th>处理</th>
          </tr>
        </thead>
        <tbody>
          {preview.names.map((n) => (
            <NameRowView
              key={n.key}
              n={n}
              units={units}
              errors={result && result.key === n.key ? result.errors : {}}
            />
          ))}
        </tbody>
      </table>
      <datalist id="unit-names">
        {units.map((u) => (
          <option key={u.id} value={u.name} />
        ))}
      </datalist>

      <h2>措施</h2>
      <table className="measures">
        <thead>
          <tr>
            <th>编号</th>
            <th>措施</th>
            <th>牵头单位</th>
            <th>配合单位</th>
            <th>完成时限</th>
            <th>责任领导</th>
            <th>提示</th>
            <th>修改</th>
          </tr>
        </thead>
        <tbody>
          {preview.measures.map((m) => (
            <tr key={m.ref} id={`m-${m.ref}`} className={m.dropped ? "dropped" : undefined}>
              <td className="ref c-top">{m.ref}</td>
              <td className="c-title">
                {m.heading || m.ref}
                {m.dropped ? <span className="tag"> 已删除，不导入</span> : null}
                <details className="measure-text">
                  <summary>原文</summary>
                  <div className="fulltext">{m.text}</div>
                </details>
              </td>
              <td data-label="牵头">
                {m.lead.length === 0 ? (
                  <span className="tag unassigned">待分配</span>
                ) : (
                  <NameList list={m.lead} names={names} />
                )}
              </td>
              <td data-label="配合">
                <NameList list={m.co} names={names} />
              </td>
              <td className="date" data-label="完成时限">
                {m.due ?? "未设定"}
                {m.dueText && !m.edited.due ? <span className="muted">（{m.dueText}）</span> : null}
                {m.edited.due ? <span className="muted">（已修改）</span> : null}
              </td>
              <td data-label="责任领导">{m.leader ?? ""}</td>
              <td className="c-full">
                {m.warnings.map((w) => (
                  <p key={w} className="flag">
                    ⚠ {w}
                  </p>
                ))}
              </td>
              <td className="c-actions">
                <MeasureEditor
                  m={m}
                  errors={errorsFor("measure", m.ref)}
                  values={
                    result?.intent === "measure" && result.key === m.ref ? result.values : null
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function Diff({
  diff,
  title,
}: {
  diff: NonNullable<LoaderData["preview"]["diff"]>;
  title: string;
}) {
  return (
    <section className="panel diff" aria-label="与现行版本的差异">
      <h3>与《{title}》现行版本相比</h3>
      <p>
        新增 {diff.added.length} 项，删除 {diff.removed.length} 项（任务归档，保留报送记录），修改{" "}
        {diff.changed.length} 项，未变 {diff.unchanged} 项。继续有效的任务保留报送{" "}
        {diff.kept.reports} 条、督办部门指定的责任单位 {diff.kept.manualAssignments} 个。
      </p>
      <ul>
        {diff.added.map((a) => (
          <li key={`a-${a.ref}`} className="added">
            新增 {a.ref} {a.heading}
          </li>
        ))}
        {diff.removed.map((r) => (
          <li key={`r-${r.taskId}`} className="removed">
            删除 {r.ref} {r.heading}
            {r.reports ? `（${r.reports} 条报送随任务归档保留）` : ""}
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`c-${c.taskId}`} className="changed">
            修改 {c.ref}：
            {[
              c.fromRef !== c.ref ? `原编号 ${c.fromRef}` : null,
              c.text ? "原文修改" : null,
              c.units.added.length ? `增加 ${c.units.added.join("、")}` : null,
              c.units.removed.length ? `去掉 ${c.units.removed.join("、")}` : null,
              c.due ? `完成时限 ${c.due.from ?? "未设定"} → ${c.due.to ?? "未设定"}` : null,
              c.restored ? "恢复已归档的任务" : null,
            ]
              .filter(Boolean)
              .join("；")}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NameRowView({
  n,
  units,
  errors,
}: {
  n: NameRow;
  units: Array<{ id: string; name: string }>;
  errors: Errors;
}) {
  const asks = n.resolution.kind === "SUGGESTION" || n.resolution.kind === "UNKNOWN";
  const suggestions = n.resolution.kind === "SUGGESTION" ? n.resolution.suggestions : [];
  const decided = n.decision
    ? n.creates
      ? `将新建单位「${n.creates.name}」（${UNIT_KIND[n.creates.kind] ?? n.creates.kind}）`
      : n.target
        ? `指定为「${n.target.name}」，「${n.name}」将记为其别称`
        : null
    : null;
  return (
    <tr id={`name-${n.key}`} className={asks && (!n.decision || n.problem) ? "ask" : undefined}>
      <td className="c-title">{n.name}</td>
      <td className="c-sub">
        <span className={`res-kind ${KIND_CLASS[n.resolution.kind]}`}>
          {RESOLUTION_LABEL[n.resolution.kind]}
        </span>{" "}
        {resolutionText(n)}
        {suggestions.length > 0 ? (
          <span>
            {suggestions
              .map(
                (s) =>
                  `「${s.unit.name}」（${SUGGESTION_REASON[s.reason]}${s.from ? `，经「${s.from.name}」` : ""}）`,
              )
              .join("、")}
          </span>
        ) : null}
        {n.problem && n.decision ? <p className="form-error">{n.problem}</p> : null}
      </td>
      <td className="ref" data-label="出现于">
        {n.refs.join("、")}
      </td>
      <td className="c-actions">
        {!asks ? null : decided && !n.problem ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="undoName" />
            <input type="hidden" name="key" value={n.key} />
            <span>{decided}</span>
            <button type="submit" className="button secondary">
              撤销
            </button>
          </Form>
        ) : (
          <>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="mapName" />
              <input type="hidden" name="key" value={n.key} />
              <select
                name="unitId"
                defaultValue={
                  suggestions[0] ? (suggestions[0].from?.id ?? suggestions[0].unit.id) : ""
                }
                aria-label={`「${n.name}」对应的单位`}
              >
                <option value="">选择已有单位…</option>
                {suggestions.map((s) => (
                  <option key={`s-${s.unit.id}`} value={s.from?.id ?? s.unit.id}>
                    {`建议：${s.from ? s.from.name : s.unit.name}`}
                  </option>
                ))}
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <button type="submit">指定</button>
              <FormError errors={errors.unitId} />
            </Form>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="createName" />
              <input type="hidden" name="key" value={n.key} />
              <input name="name" defaultValue={n.name} aria-label="新单位名称" />
              <select name="kind" defaultValue="AGENCY" aria-label="单位类别">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {UNIT_KIND[k]}
                  </option>
                ))}
              </select>
              <button type="submit" className="button secondary">
                新建单位
              </button>
              <FormError errors={errors.name ?? errors.kind} />
            </Form>
          </>
        )}
      </td>
    </tr>
  );
}

function MeasureEditor({
  m,
  errors,
  values,
}: {
  m: MeasureRow;
  errors: Errors;
  values: Record<string, string> | null;
}) {
  const names = (list: MeasureRow["lead"]) => list.map((u) => u.name).join("、");
  return (
    <>
      {m.dropped ? null : (
        <details open={Boolean(values)}>
          <summary className="button secondary">修改</summary>
          <Form method="post" className="measure-form" noValidate>
            <input type="hidden" name="intent" value="measure" />
            <input type="hidden" name="ref" value={m.ref} />
            <Field
              label="牵头单位"
              name={`lead-${m.ref}`}
              errors={errors.lead}
              hint="多个单位用顿号分隔"
            >
              <input
                id={`field-lead-${m.ref}`}
                name="lead"
                list="unit-names"
                defaultValue={values?.lead ?? names(m.lead)}
              />
            </Field>
            <Field label="配合单位" name={`co-${m.ref}`} errors={errors.co}>
              <input
                id={`field-co-${m.ref}`}
                name="co"
                list="unit-names"
                defaultValue={values?.co ?? names(m.co)}
              />
            </Field>
            <Field label="完成时限" name={`due-${m.ref}`} errors={errors.due}>
              <input
                id={`field-due-${m.ref}`}
                name="due"
                type="date"
                defaultValue={values?.due ?? m.due ?? ""}
              />
            </Field>
            <label className="check">
              <input
                type="checkbox"
                name="noDue"
                value="1"
                defaultChecked={Boolean(values?.noDue)}
              />{" "}
              无完成时限
            </label>
            <button type="submit">保存</button>
          </Form>
        </details>
      )}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="drop" />
        <input type="hidden" name="ref" value={m.ref} />
        <input type="hidden" name="dropped" value={m.dropped ? "0" : "1"} />
        <button type="submit" className="button secondary">
          {m.dropped ? "恢复此项" : "不是措施，删除"}
        </button>
      </Form>
    </>
  );
}

// 上级措施关联: which higher document a document implements (confirmed by a reviewer, from the
// citation in its text), and which national measure each of its measures carries out — suggested
// by text similarity, confirmed one by one or all at once. Reviewers of the document's
// jurisdiction edit; admins read.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser, type SessionUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { isLinkIntent, linkSchemas, type LinkIntent } from "~/forms/link-forms";
import { formInput, formValues } from "~/forms/report-form";
import { denied } from "~/models/access.server";
import {
  documentLinks,
  LinkError,
  linkMeasure,
  recordImplementation,
  unlinkMeasure,
} from "~/models/measure-link.server";
import { mayLinkMeasures, seesEverything } from "~/models/permissions";
import { taskIndex } from "~/models/task-index.server";
import { Field, FormError } from "~/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `上级措施关联 · ${data.document.title} · 督办` : "上级措施关联 · 督办" },
];

async function authorize(request: Request, user: SessionUser, jurisdictionId: string) {
  const supervises = taskIndex(db()).supervisedBy(user.unitId).has(jurisdictionId);
  const canEdit = mayLinkMeasures(user.role, supervises);
  if (!canEdit && !seesEverything(user.role))
    await denied(db(), request, user, { action: "linkMeasures", jurisdictionId });
  return canEdit;
}

async function pageOrThrow(slug: string) {
  const page = await documentLinks(db(), slug);
  if (!page) throw new Response("没有这份文件", { status: 404 });
  if (page.document.level === "NATIONAL")
    throw new Response("国家文件由各地贯彻落实，请在地方文件的页面关联", { status: 404 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await pageOrThrow(params.slug!);
  const canEdit = await authorize(request, user, page.document.jurisdictionId);
  return json({ ...page, canEdit });
}

type Result = {
  intent: LinkIntent | null;
  errors: Record<string, string[]>;
  values: Record<string, string>;
  done?: string;
  /** The measure the form was about, to show its error next to it. */
  taskId?: string;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const page = await pageOrThrow(params.slug!);
  if (!(await authorize(request, user, page.document.jurisdictionId)))
    await denied(db(), request, user, { action: "linkMeasures", slug: params.slug });
  const form = await request.formData();
  const intent = form.get("intent");
  if (!isLinkIntent(intent))
    return json<Result>(
      { intent: null, errors: { form: ["未知操作"] }, values: {} },
      { status: 400 },
    );
  const schema = linkSchemas[intent] as z.ZodObject;
  const values = formValues(form, schema);
  const parsed = schema.safeParse(formInput(form));
  const taskId = values.taskId;
  if (!parsed.success)
    return json<Result>(
      {
        intent,
        errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        values,
        taskId,
      },
      { status: 400 },
    );
  const d = parsed.data as Record<string, string>;
  const own = new Set(page.measures.map((m) => m.id));
  try {
    switch (intent) {
      case "implements": {
        const r = await recordImplementation(
          db(),
          { documentId: page.document.id, implementsId: d.implementsId!, evidence: d.evidence! },
          user.id,
        );
        return json<Result>({
          intent,
          errors: {},
          values: {},
          done: r.alreadyRecorded
            ? "已记录过。"
            : `已记录；新增本地区任务 ${r.created} 项（待分配）。`,
        });
      }
      case "link":
        if (!own.has(d.taskId!)) throw new LinkError("taskId", "该措施不属于本文件");
        await linkMeasure(
          db(),
          {
            taskId: d.taskId!,
            implementsTaskId: d.implementsTaskId!,
            score: d.score ? Number(d.score) : null,
          },
          user.id,
        );
        break;
      case "unlink": {
        const link = await db().measureLink.findUnique({ where: { id: d.linkId! } });
        if (!link || !own.has(link.taskId)) throw new LinkError("linkId", "没有这个关联");
        await unlinkMeasure(db(), link.id, user.id);
        break;
      }
      case "confirmAll": {
        let n = 0;
        for (const m of page.measures) {
          const best = m.suggestions[0];
          if (m.links.length > 0 || !best) continue;
          await linkMeasure(
            db(),
            { taskId: m.id, implementsTaskId: best.id, score: best.score },
            user.id,
          );
          n++;
        }
        return json<Result>({ intent, errors: {}, values: {}, done: `已确认 ${n} 项首选建议。` });
      }
    }
  } catch (error) {
    if (!(error instanceof LinkError)) throw error;
    return json<Result>(
      { intent, errors: { [error.field]: [error.message] }, values, taskId },
      { status: 400 },
    );
  }
  return json<Result>({ intent, errors: {}, values: {}, done: "已保存。", taskId });
}

const percent = (score: number | null) => (score === null ? "" : `${Math.round(score * 100)}%`);

export default function DocumentLinks() {
  const { document, higher, candidates, cited, targets, measures, canEdit } =
    useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errorsFor = (intent: LinkIntent) =>
    data && data.intent === intent ? data.errors : ({} as Record<string, string[]>);
  const firstCited = cited[0];
  const unlinked = measures.filter((m) => m.links.length === 0 && m.suggestions.length > 0);
  return (
    <article>
      <p className="muted">
        <Link to="/documents">文件</Link> · {document.jurisdiction}
      </p>
      <h1>上级措施关联</h1>
      <p>
        <Link to={`/?document=${document.slug}`}>{document.title}</Link>
        {document.number ? `（${document.number}）` : ""}
      </p>
      {data?.done && !data.taskId ? <p className="notice">{data.done}</p> : null}

      <h2>贯彻落实的上级文件</h2>
      {higher.length > 0 ? (
        <ul>
          {higher.map((h) => (
            <li key={h.id}>
              <Link to={`/?document=${h.slug}`}>{h.title}</Link>
              {h.number ? `（${h.number}）` : ""}
              <span className="muted">
                {h.source === "SEED" ? " · 来自种子文件" : " · 审核员确认"}
              </span>
              <blockquote className="muted">{h.evidence}</blockquote>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚未记录本文件贯彻落实哪份上级文件。</p>
      )}
      {canEdit && candidates.length > 0 ? (
        <details open={higher.length === 0 || data?.intent === "implements"}>
          <summary>{higher.length === 0 ? "记录贯彻落实关系" : "另记录一份上级文件"}</summary>
          <Form method="post" className="panel">
            <input type="hidden" name="intent" value="implements" />
            <Field
              label="本文件贯彻落实"
              name="implementsId"
              errors={errorsFor("implements").implementsId}
              hint={firstCited ? "已按正文中的引用预选" : undefined}
            >
              <select
                id="field-implementsId"
                name="implementsId"
                defaultValue={data?.values.implementsId ?? firstCited?.id ?? ""}
              >
                <option value="">选择文件…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.jurisdiction.name} · {c.title}
                    {c.number ? `（${c.number}）` : ""}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="正文依据（摘录）"
              name="evidence"
              errors={errorsFor("implements").evidence}
            >
              <textarea
                id="field-evidence"
                name="evidence"
                maxLength={500}
                defaultValue={data?.values.evidence ?? firstCited?.evidence ?? ""}
              />
            </Field>
            <button type="submit">记录贯彻落实关系</button>
          </Form>
        </details>
      ) : null}

      {higher.length > 0 ? (
        <>
          <h2>
            措施关联（{measures.filter((m) => m.links.length > 0).length}/{measures.length}）
          </h2>
          <p className="hint">
            按标题和正文的字词相似度（去掉责任单位）给出建议，百分比为相似度；请逐项确认。
          </p>
          {canEdit && unlinked.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="confirmAll" />
              <button type="submit" className="button secondary">
                确认其余 {unlinked.length} 项的首选建议
              </button>
            </Form>
          ) : null}
          <ol className="link-list">
            {measures.map((m) => {
              const mine = data?.taskId === m.id ? data : null;
              const linked = new Set(m.links.map((l) => l.ref));
              return (
                <li key={m.id} className="panel" id={`m-${m.id}`}>
                  <h3>
                    <span className="ref">{m.ref}</span>{" "}
                    <Link to={`/tasks/${m.id}`}>{m.heading || m.ref}</Link>
                  </h3>
                  {mine?.done ? <p className="notice">{mine.done}</p> : null}
                  {m.links.length > 0 ? (
                    <ul className="links">
                      {m.links.map((l) => (
                        <li key={l.id}>
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="unlink" />
                            <input type="hidden" name="linkId" value={l.id} />
                            <input type="hidden" name="taskId" value={m.id} />
                            <span>
                              落实 <span className="ref">{l.ref}</span> {l.heading}
                              {l.score !== null ? (
                                <span className="muted">（相似度 {percent(l.score)}）</span>
                              ) : null}
                            </span>
                            {canEdit ? (
                              <button type="submit" className="button secondary">
                                移除
                              </button>
                            ) : null}
                          </Form>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="muted">未关联</p>
                  )}
                  {canEdit ? (
                    <>
                      <ul className="suggestions">
                        {m.suggestions
                          .filter((s) => !linked.has(s.ref))
                          .map((s) => (
                            <li key={s.id}>
                              <Form method="post" className="inline-form">
                                <input type="hidden" name="intent" value="link" />
                                <input type="hidden" name="taskId" value={m.id} />
                                <input type="hidden" name="implementsTaskId" value={s.id} />
                                <input type="hidden" name="score" value={String(s.score)} />
                                <span>
                                  建议 <span className="ref">{s.ref}</span> {s.heading}{" "}
                                  <span className="muted">{percent(s.score)}</span>
                                </span>
                                <button type="submit">确认</button>
                              </Form>
                            </li>
                          ))}
                      </ul>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="link" />
                        <input type="hidden" name="taskId" value={m.id} />
                        <select
                          name="implementsTaskId"
                          aria-label={`${m.ref} 关联其他上级措施`}
                          defaultValue=""
                        >
                          <option value="">其他上级措施…</option>
                          {targets.map((t) => (
                            <option key={t.id} value={t.id}>
                              {t.ref} {t.heading}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button secondary">
                          关联
                        </button>
                      </Form>
                      <FormError
                        errors={
                          mine
                            ? [
                                ...(mine.errors.implementsTaskId ?? []),
                                ...(mine.errors.taskId ?? []),
                                ...(mine.errors.linkId ?? []),
                              ]
                            : undefined
                        }
                      />
                    </>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </article>
  );
}

// 导入文件: a reviewer uploads a file or pastes a text; it becomes a draft to preview
// (/import/:draftId) before anything is tracked. Lists the open drafts of what the reviewer's unit
// supervises.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { requireUser } from "~/auth/auth.server";
import { db } from "~/db/db.server";
import { uploadSchema } from "~/forms/import-forms";
import { UPLOAD_LIMIT } from "~/http/body-limit.server";
import { denied, requireReviewer } from "~/models/access.server";
import { createDraft, ImportError, openDrafts, storedOf } from "~/models/import.server";
import { taskIndex } from "~/models/task-index.server";
import { Field, FormError } from "~/ui/form";
import { shanghaiDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "导入文件 · 督办" }];

const FORMATS: Record<string, string> = {
  txt: "文本",
  docx: "Word",
  pdf: "PDF",
  xlsx: "Excel 台账",
  paste: "粘贴文本",
};

/** The jurisdictions the reviewer's unit supervises, by name. */
function supervised(unitId: string | null) {
  const index = taskIndex(db());
  return [...index.supervisedBy(unitId)]
    .map((id) => index.jurisdiction(id)!)
    .filter(Boolean)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((j) => ({ id: j.id, name: j.name }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await requireReviewer(db(), request, user);
  const jurisdictions = supervised(user.unitId);
  const drafts = await openDrafts(
    db(),
    jurisdictions.map((j) => j.id),
  );
  const names = new Map(jurisdictions.map((j) => [j.id, j.name]));
  return json({
    jurisdictions,
    limitMb: Math.round(UPLOAD_LIMIT / 1024 / 1024),
    drafts: drafts.map((d) => {
      const { parsed } = storedOf(d);
      return {
        id: d.id,
        title: parsed.document.title ?? parsed.document.planTitle ?? d.fileName ?? "（无标题）",
        fileName: d.fileName,
        format: FORMATS[d.format] ?? d.format,
        measures: parsed.measures.length,
        jurisdiction: names.get(d.jurisdictionId) ?? "",
        updatedAt: shanghaiDateTime(d.updatedAt),
        reimport: d.replacesId !== null,
      };
    }),
  });
}

type Errors = Partial<Record<"file" | "text" | "jurisdictionId" | "form", string[]>>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireReviewer(db(), request, user);
  const form = await request.formData();
  const file = form.get("file");
  const values = {
    text: typeof form.get("text") === "string" ? String(form.get("text")) : "",
    jurisdictionId: String(form.get("jurisdictionId") ?? ""),
  };
  const fail = (errors: Errors, status = 400) => json({ errors, values }, { status });
  const parsed = uploadSchema.safeParse(values);
  if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors as Errors);
  if (!supervised(user.unitId).some((j) => j.id === parsed.data.jurisdictionId))
    await denied(db(), request, user, { action: "import", jurisdictionId: values.jurisdictionId });
  const upload = file instanceof File && file.size > 0 ? file : null;
  const pasted = parsed.data.text.trim();
  if (upload && pasted) return fail({ form: ["请只选择文件或只粘贴文本，不要同时提交两者"] });
  if (!upload && !pasted) return fail({ file: ["请选择要导入的文件，或在下方粘贴文件内容"] });
  try {
    const { id } = await createDraft(db(), {
      source: upload
        ? {
            kind: "file",
            bytes: new Uint8Array(await upload.arrayBuffer()),
            fileName: upload.name,
          }
        : { kind: "text", text: parsed.data.text },
      jurisdictionId: parsed.data.jurisdictionId,
      userId: user.id,
    });
    return redirect(`/import/${id}`);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return fail(upload ? { file: error.reasons } : { text: error.reasons });
  }
}

export default function ImportPage() {
  const { jurisdictions, drafts, limitMb } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // Said before the upload starts: the server would refuse it (413) after sending it all.
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const fileErrors = tooLarge ? [tooLarge] : data?.errors.file;
  return (
    <>
      <h1>导入文件</h1>
      <p className="muted">
        上传政策文件或任务分工台账，先预览、核对责任单位，确认后才生成任务。可读取 Word（.docx）、
        含文字的 PDF、Excel 台账（.xlsx）和文本文件（任意常见编码），单个文件不超过 {limitMb} MB。
      </p>
      <Form method="post" encType="multipart/form-data" className="panel" noValidate>
        <FormError errors={data?.errors.form} />
        <Field label="落实地区" name="jurisdictionId" errors={data?.errors.jurisdictionId}>
          <select
            id="field-jurisdictionId"
            name="jurisdictionId"
            defaultValue={data?.values.jurisdictionId ?? jurisdictions[0]?.id}
          >
            {jurisdictions.map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="文件"
          name="file"
          errors={fileErrors}
          hint={data?.errors.file && !tooLarge ? "请重新选择文件" : undefined}
        >
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".docx,.pdf,.xlsx,.txt,text/plain,application/pdf"
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0];
              if (chosen && chosen.size > limitMb * 1024 * 1024) {
                setTooLarge(
                  `文件大小 ${(chosen.size / 1024 / 1024).toFixed(1)} MB，超过上传上限 ${limitMb} MB，请拆分或压缩后再上传`,
                );
                e.currentTarget.value = "";
              } else setTooLarge(null);
            }}
          />
        </Field>
        <Field
          label="或粘贴文件内容"
          name="text"
          errors={data?.errors.text}
          hint="从网页或文档中复制的全文，含标题、文号和各条措施"
        >
          <textarea id="field-text" name="text" rows={8} defaultValue={data?.values.text ?? ""} />
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? "正在读取…" : "读取并预览"}
        </button>
      </Form>

      <h2>未完成的导入</h2>
      {drafts.length === 0 ? (
        <p className="muted">没有未完成的导入草稿。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>文件</th>
              <th>格式</th>
              <th>措施</th>
              <th>地区</th>
              <th>更新时间</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id}>
                <td className="c-title">
                  <Link to={`/import/${d.id}`}>{d.title}</Link>
                  {d.reimport ? <span className="tag"> 新版本</span> : null}
                </td>
                <td data-label="格式">{d.format}</td>
                <td data-label="措施">{d.measures} 项</td>
                <td data-label="地区">{d.jurisdiction}</td>
                <td data-label="更新时间">{d.updatedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

// 领导批示 on a task page: every instruction with whether it is carried out (已落实) and the lead's
// answers under it, the open ones first and marked; for a leader, the form to write one.
import { Form } from "@remix-run/react";
import { INSTRUCTION_LIMIT } from "~/forms/instruction-form";
import { FormError } from "~/ui/form";
import { INSTRUCTION_STATE } from "~/ui/labels";

export type InstructionItem = {
  id: string;
  text: string;
  by: string;
  at: string;
  answered: boolean;
  answers: Array<{ id: string; unitName: string; text: string; at: string; sentBack: boolean }>;
};

export function AnswerLines({ answers }: { answers: InstructionItem["answers"] }) {
  if (answers.length === 0) return null;
  return (
    <ul className="instruction-answers">
      {answers.map((a) => (
        <li key={a.id}>
          <span className="muted">
            落实批示情况 · {a.unitName} · {a.at}
            {a.sentBack ? "（所在报送被退回重办，不计为已落实）" : ""}
          </span>{" "}
          {a.text}
        </li>
      ))}
    </ul>
  );
}

export function InstructionsPanel(props: {
  items: InstructionItem[];
  canInstruct: boolean;
  saved: number;
  errors: Record<string, string[]>;
  value: string | undefined;
}) {
  const { items, canInstruct } = props;
  if (items.length === 0 && !canInstruct) return null;
  const open = items.filter((i) => !i.answered);
  // Open ones first (what the lead still owes), then the carried-out ones, newest first.
  const ordered = [...open, ...items.filter((i) => i.answered).reverse()];
  return (
    <section
      className={open.length ? "panel instructions open" : "panel instructions"}
      aria-label="领导批示"
    >
      <h3>
        领导批示（{items.length}）
        {open.length ? <span className="overdue"> 待落实 {open.length} 条</span> : null}
      </h3>
      {ordered.length ? (
        <ul>
          {ordered.map((i) => (
            <li key={i.id}>
              <strong>{i.text}</strong>
              <span className="muted">
                {" "}
                — {i.by} · {i.at} ·{" "}
              </span>
              <span className={i.answered ? "light GREEN" : "light AMBER"}>
                {INSTRUCTION_STATE[i.answered ? "ANSWERED" : "OPEN"]}
              </span>
              <AnswerLines answers={i.answers} />
            </li>
          ))}
        </ul>
      ) : null}
      {open.length && !canInstruct ? (
        <p className="muted">牵头单位在下次报送进展时填写“落实批示情况”。</p>
      ) : null}
      {canInstruct ? (
        <Form method="post" noValidate key={`instruct-${props.saved}`}>
          <input type="hidden" name="intent" value="instruct" />
          <div className={props.errors.text?.length ? "field invalid" : "field"}>
            <label htmlFor="field-instruction">作出批示</label>
            <textarea
              id="field-instruction"
              name="text"
              maxLength={INSTRUCTION_LIMIT}
              defaultValue={props.value ?? ""}
              aria-invalid={props.errors.text?.length ? true : undefined}
            />
            <small className="hint">
              批示将通知牵头单位联络员，牵头单位下次报送时须回复落实情况（不超过 {INSTRUCTION_LIMIT}{" "}
              字）。
            </small>
            {props.errors.text?.length ? (
              <p className="field-error" id="field-instruction-error" role="alert">
                {props.errors.text.join("；")}
              </p>
            ) : null}
          </div>
          <FormError errors={props.errors.form} />
          <button type="submit">提交批示</button>
        </Form>
      ) : null}
    </section>
  );
}

// The leader's instruction (领导批示) on a task page, and the answer (落实批示情况) a lead report
// gives to open instructions. Pure.
import { z } from "zod";

/** An instruction is a few sentences; the bound keeps a crafted request from growing the page. */
export const INSTRUCTION_LIMIT = 1000;
/** How the lead carried it out: as long as a report's own fields. */
export const ANSWER_LIMIT = 5000;

export const instructionSchema = z.object({
  text: z
    .string({ message: "请填写批示内容" })
    .max(INSTRUCTION_LIMIT, { message: `批示内容不能超过 ${INSTRUCTION_LIMIT} 字` })
    .refine((s) => s.trim().length > 0, { message: "请填写批示内容" })
    .transform((s) => s.trim()),
});

export const answerSchema = z.object({
  instructionAnswer: z
    .string()
    .max(ANSWER_LIMIT, { message: `落实批示情况不能超过 ${ANSWER_LIMIT} 字` })
    .default(""),
  /** The open instructions the form showed, comma-separated ids. */
  instructionIds: z.string().max(2000).default(""),
});

export type AnswerForm = { text: string; shown: string[] };

export function parseAnswer(
  input: Record<string, string>,
): { ok: true; data: AnswerForm } | { ok: false; errors: { instructionAnswer: string[] } } {
  const r = answerSchema.safeParse(input);
  if (!r.success)
    return {
      ok: false,
      errors: {
        instructionAnswer: z.flattenError(r.error).fieldErrors.instructionAnswer ?? [
          "落实批示情况填写有误",
        ],
      },
    };
  return {
    ok: true,
    data: {
      text: r.data.instructionAnswer,
      shown: r.data.instructionIds.split(",").filter(Boolean),
    },
  };
}

// The form that requests a joint conference pack on /reports.
import { z } from "zod";

/**
 * Scope, period and whether to email the members. The period (whose 需协调事项 make the agenda and
 * whose reports the bulletin is about) must be one of `periods`, the closed periods offered
 * (standing.server bulletinPeriods): a period still open, or years back, is refused.
 */
export const packRequestSchema = (periods: readonly string[]) =>
  z.object({
    documentId: z.string().max(100).default(""),
    period: z
      .string()
      .max(10)
      .refine((p) => periods.includes(p), { message: "请从列表中选择已截止的报送期次" }),
    emailMembers: z.literal("1").optional(),
  });

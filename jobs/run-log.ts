// The one line a run of a job leaves in the log (worker and `npm run jobs`): what ran, for which
// day, week or period, and how many emails it put in the outbox.
type RunResult = {
  skipped?: string;
  date?: string;
  week?: string;
  reminders?: number;
  escalations?: number;
  digests?: number;
  reportId?: string;
  period?: string;
  measures?: number;
  agenda?: number;
  emailIds?: string[];
};

const plural = (n: number, what: string) => (n === 1 ? `1 ${what}` : `${n} ${what}s`);
const emails = (n: number) => plural(n, "email");

export function runSummary(
  job: string,
  data: { date?: string; period?: string; reportId?: string },
  result: unknown,
  ms: number,
): string {
  const r = (result ?? {}) as RunResult;
  if (r.skipped) return `${job}: skipped, ${r.skipped}`;
  const took = `in ${(ms / 1000).toFixed(1)} s`;
  const n = emails(r.emailIds?.length ?? 0);
  switch (job) {
    case "reminders":
      return `ran reminders for ${r.date ?? data.date}: ${n} (${plural(r.reminders ?? 0, "reminder")}; ${r.escalations ?? 0} carry escalations) ${took}`;
    case "digest":
      return `ran the weekly digest for ${r.week ?? r.date}: ${n} ${took}`;
    case "rollup":
      return `built the roll-up ${r.period ?? data.period ?? ""} (report ${r.reportId}): ${plural(r.measures ?? 0, "measure")}, ${plural(r.agenda ?? 0, "agenda item")}, ${n} ${took}`;
    default:
      return `ran ${job}: ${n} ${took}`;
  }
}

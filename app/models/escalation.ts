// The escalation ladder (督办升级): steps an admin configures, each taken once per task when its
// trigger reaches its threshold. Pure: the steps, a task's facts (days overdue, consecutive missed
// reports, refused extensions) and what was taken already in, the steps to take now out.
// The job that runs it daily is jobs/escalation.ts; the records, app/models/escalation.server.ts.

export const ESCALATION_KINDS = ["REMIND", "URGE", "LETTER", "TALK", "LISTED"] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export const ESCALATION_KIND_LABEL: Record<EscalationKind | "LIFTED", string> = {
  REMIND: "提醒",
  URGE: "催办",
  LETTER: "督办函",
  TALK: "约谈",
  LISTED: "挂牌督办",
  LIFTED: "解除挂牌督办",
};

export const TRIGGER_KINDS = ["DAYS_OVERDUE", "MISSED_REPORTS", "REFUSED_EXTENSIONS"] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const TRIGGER_LABEL: Record<TriggerKind, string> = {
  DAYS_OVERDUE: "逾期天数",
  MISSED_REPORTS: "连续未报送期数",
  REFUSED_EXTENSIONS: "延期申请被驳回次数",
};

export const RECIPIENTS = ["LIAISONS", "LEADER", "REVIEWERS"] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export const RECIPIENT_LABEL: Record<Recipient, string> = {
  LIAISONS: "牵头单位联络员",
  LEADER: "牵头单位分管领导",
  REVIEWERS: "督办单位审核员",
};

export type LadderStep = {
  id: string;
  position: number;
  kind: EscalationKind;
  trigger: TriggerKind;
  threshold: number;
  recipients: Recipient[];
  active: boolean;
};

/** What the ladder looks at for a task, as of a moment. */
export type EscalationFacts = {
  /** Whole days past the due date (standing.ts daysOverdue). */
  daysOverdue: number;
  /** Periods in a row whose owed report is missing (standing.ts consecutiveMissedPeriods). */
  missedReports: number;
  /** Extension requests refused (escalation.server.ts refusedExtensionCounts). */
  refusedExtensions: number;
};

export function triggerValue(trigger: TriggerKind, facts: EscalationFacts): number {
  switch (trigger) {
    case "DAYS_OVERDUE":
      return facts.daysOverdue;
    case "MISSED_REPORTS":
      return facts.missedReports;
    case "REFUSED_EXTENSIONS":
      return facts.refusedExtensions;
  }
}

/** Whether a step's trigger has reached its threshold (a threshold below 1 never fires). */
export function triggered(step: LadderStep, facts: EscalationFacts): boolean {
  return step.active && step.threshold >= 1 && triggerValue(step.trigger, facts) >= step.threshold;
}

/** The steps to take now for a task: active, triggered, not taken before; in ladder order. */
export function stepsDue(
  steps: LadderStep[],
  facts: EscalationFacts,
  taken: ReadonlySet<string>,
): LadderStep[] {
  return [...steps]
    .sort((a, b) => a.position - b.position)
    .filter((s) => !taken.has(s.id) && triggered(s, facts));
}

/** The once-key of a step taken for a task: a unique index makes it happen once. */
export const stepKey = (stepId: string, taskId: string) => `step:${stepId}:${taskId}`;

/** The ladder a new installation starts with (an admin edits it at /admin/escalation). */
export const DEFAULT_LADDER: Array<Omit<LadderStep, "id" | "active">> = [
  { position: 1, kind: "REMIND", trigger: "DAYS_OVERDUE", threshold: 1, recipients: ["LIAISONS"] },
  {
    position: 2,
    kind: "URGE",
    trigger: "DAYS_OVERDUE",
    threshold: 15,
    recipients: ["LIAISONS", "LEADER"],
  },
  {
    position: 3,
    kind: "URGE",
    trigger: "MISSED_REPORTS",
    threshold: 2,
    recipients: ["LIAISONS", "LEADER"],
  },
  {
    position: 4,
    kind: "LETTER",
    trigger: "DAYS_OVERDUE",
    threshold: 30,
    recipients: ["LIAISONS", "LEADER", "REVIEWERS"],
  },
  {
    position: 5,
    kind: "LETTER",
    trigger: "REFUSED_EXTENSIONS",
    threshold: 2,
    recipients: ["LIAISONS", "LEADER", "REVIEWERS"],
  },
  {
    position: 6,
    kind: "LISTED",
    trigger: "DAYS_OVERDUE",
    threshold: 60,
    recipients: ["LIAISONS", "LEADER", "REVIEWERS"],
  },
];

export function parseRecipients(text: string): Recipient[] {
  const wanted = new Set(text.split(",").map((s) => s.trim()));
  return RECIPIENTS.filter((r) => wanted.has(r));
}

/** 挂牌督办 is on while the latest LISTED row has no LIFTED row after it. */
export function isListed(rows: Array<{ id: string; kind: string; liftsId: string | null }>) {
  const lifted = new Set(rows.filter((r) => r.kind === "LIFTED").map((r) => r.liftsId));
  return rows.some((r) => r.kind === "LISTED" && !lifted.has(r.id));
}

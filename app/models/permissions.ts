// Who may do what to a task. Pure: a role, an action, the user's unit's relation to the task, and
// whether the user's unit supervises the task's jurisdiction.
//
// A liaison acts for their unit: they read and report on tasks their unit (or a unit it
// succeeded, or a collective it belongs to) is assigned; only a lead unit may declare a task
// completed (办结). A reviewer acts for their unit, a supervising unit (商务厅 for 四川省, 市商务局
// for 天津市): on the tasks of the jurisdictions it supervises — and only those — they read and run
// the review: assign, set due dates, urge (催办), close out (销号) and reopen. Admins manage
// accounts and the calendar and may read everything, but do not review.
//
// The supervision cycle: a liaison of any responsible unit acknowledges (签收) its assignment; the
// lead plans milestones (节点), completes them and requests extensions (延期申请); a reviewer edits
// milestones, decides extensions and sends back (退回重办) a completion or a perfunctory report. A
// leader (分管领导) of a supervising unit reads what it supervises and writes instructions (批示).

export type Role = "LIAISON" | "REVIEWER" | "ADMIN" | "LEADER";
export const ROLES: Role[] = ["LIAISON", "REVIEWER", "ADMIN", "LEADER"];

export type Relation = "LEAD" | "CO" | null;

export const TASK_ACTIONS = [
  "read",
  "report",
  "complete",
  "assign",
  "setDueDate",
  "urge",
  "close",
  "reopen",
  "acknowledge",
  "sendBack",
  "requestExtension",
  "decideExtension",
  "planMilestones",
  "completeMilestone",
  "instruct",
  "overrideLight",
  "reopenSlot",
  "setCycle",
  "escalate",
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const REVIEW_ACTIONS: ReadonlySet<TaskAction> = new Set([
  "assign",
  "setDueDate",
  "urge",
  "close",
  "reopen",
  "overrideLight",
  "reopenSlot",
  "setCycle",
  "sendBack",
  "decideExtension",
  "planMilestones",
  // 约谈 recorded, 挂牌督办 put on or lifted (the ladder's own steps are the daily job's).
  "escalate",
]);

const LEAD_ACTIONS: ReadonlySet<TaskAction> = new Set([
  "complete",
  "requestExtension",
  "planMilestones",
  "completeMilestone",
]);

/** How a user's unit stands to a task: its assignment (liaisons) and its supervision (reviewers). */
export type TaskStanding = { relation: Relation; supervises: boolean };

export function may(role: string, action: TaskAction, to: TaskStanding): boolean {
  const { relation, supervises } = to;
  switch (role) {
    case "LIAISON":
      if (action === "read" || action === "report" || action === "acknowledge")
        return relation !== null;
      return LEAD_ACTIONS.has(action) && relation === "LEAD";
    case "REVIEWER":
      return supervises && (action === "read" || REVIEW_ACTIONS.has(action));
    case "LEADER":
      return supervises && (action === "read" || action === "instruct");
    case "ADMIN":
      return action === "read";
    default:
      return false;
  }
}

export function mayAdminister(role: string): boolean {
  return role === "ADMIN";
}

/**
 * Reviewers and leaders act for a supervising unit: the board (/review), the ledger, the unit
 * directory and roll-ups cover what it supervises. Admins see the whole ledger; a liaison their
 * unit's tasks.
 */
export function actsForSupervisor(role: string): boolean {
  return role === "REVIEWER" || role === "LEADER";
}

export function seesEverything(role: string): boolean {
  return role === "ADMIN";
}

/** Reviewers and leaders (for their supervising unit) and admins (all of them) read the roll-up reports. */
export function readsRollups(role: string): boolean {
  return actsForSupervisor(role) || role === "ADMIN";
}

/**
 * Who reads the board (督办总览) of their supervising unit: its reviewers and its leaders
 * (分管领导, who read and instruct but take none of the board's or the task's review actions).
 */
export function readsBoard(role: string): boolean {
  return actsForSupervisor(role);
}

/**
 * Who keeps the unit directory (names, aliases, collectives, successions, mergers): an admin in
 * every jurisdiction, a reviewer in those their unit supervises. Liaisons do not.
 */
export function mayEditUnits(role: string, supervises: boolean): boolean {
  return role === "ADMIN" || (role === "REVIEWER" && supervises);
}

/**
 * Who confirms which measures carry out which national measures (and which document implements
 * which): a reviewer where their unit supervises. Admins do not review.
 */
export function mayLinkMeasures(role: string, supervises: boolean): boolean {
  return role === "REVIEWER" && supervises;
}

/**
 * Who records a meeting of the joint conference and its decisions (which become tasks): a
 * reviewer for a jurisdiction their unit supervises (the conference's office). Admins do not.
 */
export function mayRecordMeetings(role: string, supervises: boolean): boolean {
  return role === "REVIEWER" && supervises;
}

/**
 * The conference's member list (联席会议成员) is kept by its office: a reviewer of a unit that
 * supervises something, for that unit's own list only.
 */
export function mayKeepConferenceMembers(role: string, supervisesAny: boolean): boolean {
  return role === "REVIEWER" && supervisesAny;
}

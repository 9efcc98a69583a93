// Who may do what to a task. Pure: a role, an action and the user's unit's relation to the task.
//
// A liaison acts for their unit: they read and report on tasks their unit (or a unit it
// succeeded, or a collective it belongs to) is assigned; only a lead unit may declare a task
// completed (办结). Reviewers of the commerce department read everything and run the review:
// assign, set due dates, urge (催办), close out (销号) and reopen. Admins manage accounts and the
// calendar and may read everything, but do not review.

export type Role = "LIAISON" | "REVIEWER" | "ADMIN";
export const ROLES: Role[] = ["LIAISON", "REVIEWER", "ADMIN"];

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
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const REVIEW_ACTIONS: ReadonlySet<TaskAction> = new Set([
  "assign",
  "setDueDate",
  "urge",
  "close",
  "reopen",
]);

export function may(role: string, action: TaskAction, relation: Relation): boolean {
  switch (role) {
    case "LIAISON":
      if (action === "read" || action === "report") return relation !== null;
      if (action === "complete") return relation === "LEAD";
      return false;
    case "REVIEWER":
      return action === "read" || REVIEW_ACTIONS.has(action);
    case "ADMIN":
      return action === "read";
    default:
      return false;
  }
}

export function mayAdminister(role: string): boolean {
  return role === "ADMIN";
}

/** Reviewers and admins see the whole ledger; a liaison sees their unit's tasks. */
export function seesEverything(role: string): boolean {
  return role === "REVIEWER" || role === "ADMIN";
}

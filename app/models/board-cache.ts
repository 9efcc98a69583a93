// The review board cache's invalidation, on its own so that every writer can reach it without
// importing the review module (no import cycles). See review.server.ts.
const listeners = new Set<() => void>();

export function onBoardInvalidated(fn: () => void) {
  listeners.add(fn);
}

/** Called after any write that can change a task's light. */
export function invalidateReviewBoard() {
  for (const fn of listeners) fn();
}

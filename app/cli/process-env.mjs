// Settings of the process environment that the web server and the worker are started with, by
// `npm start` and by the benchmarks alike (so the figures are those of a deployment).
//
// MALLOC_ARENA_MAX: glibc gives every thread that allocates its own malloc arena and returns
// little of it to the system. The worker's threads (libuv's pool compressing the XLSX and DOCX,
// resvg drawing the charts) left ~80–120 MB of such memory behind while a pack for 20,000 tasks
// was built (npm run bench:pack). Two arenas keep that down with no slowdown we could measure.
// Read by glibc when a process starts, so it is set for the child processes, never here.
export const SERVICE_ENV = { MALLOC_ARENA_MAX: "2" };

/** The environment for a service process: the settings above unless the operator set their own. */
export function serviceEnv(env) {
  return { ...SERVICE_ENV, ...env };
}

// The worker's Node flags. --expose-gc lets a job that builds large files in phases (the pack:
// ledger, briefing, bulletin) hand back each phase's garbage before the next one starts
// (jobs/rollup.ts releasePhase): V8 otherwise lets it pile up, and the pack for 20,000 tasks
// peaked ~100 MB higher.
export const WORKER_NODE_FLAGS = ["--expose-gc"];

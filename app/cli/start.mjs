// npm start — everything a newcomer needs, in order, saying what it does:
//   1. installs dependencies if node_modules is missing or older than package-lock.json
//   2. creates and migrates the SQLite database, seeds units and documents (idempotent)
//   3. builds the web app if the build is missing or older than the sources
//   4. finds Redis (REDIS_URL) or starts a local redis-server with its data in data/redis;
//      without either, runs the web app alone and says that jobs are paused
//   5. starts the web server (PORT, default 3000), the job worker and, without SMTP_URL, a local
//      mail sink whose mail admins read in the app; Ctrl-C stops them all
// Plain Node with no dependencies, because it runs before `npm install` has.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkAppUrl, servedUrl } from "./app-url.mjs";
import { serviceEnv, WORKER_NODE_FLAGS } from "./process-env.mjs";
import { findRedisServer, pingRedis, portIsFree, startLocalRedis } from "./redis-local.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = process.env.DUBAN_DATA_DIR
  ? path.resolve(process.env.DUBAN_DATA_DIR)
  : path.join(root, "data");
const log = (msg) => console.log(`start: ${msg}`);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`start: \`${[cmd, ...args].join(" ")}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `start: Node.js ${process.versions.node} is too old; Duban needs 20.19 or newer (Prisma 7).`,
  );
  process.exit(1);
}

// 1. Dependencies
const installedMarker = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(installedMarker) || statSync(lock).mtimeMs > statSync(installedMarker).mtimeMs) {
  log(
    "installing dependencies (npm install; the first time builds better-sqlite3 and takes a few minutes)…",
  );
  run("npm", ["install", "--no-audit", "--no-fund"]);
} else if (!existsSync(path.join(root, "app/generated/prisma/client.ts"))) {
  run(process.execPath, ["app/cli/prisma-generate.mjs"]);
}

// 2. Database
mkdirSync(dataDir, { recursive: true });
const env = serviceEnv({ ...process.env, DUBAN_DATA_DIR: dataDir });
if (!env.DATABASE_URL) env.DATABASE_URL = `file:${path.join(dataDir, "duban.db")}`;
log(`database ${env.DATABASE_URL.replace(/^file:/, "")}: migrating and seeding`);
run(bin("tsx"), ["app/cli/seed.ts", ...(process.argv.includes("--demo") ? ["--demo"] : [])], {
  env,
});

// 3. Build
const buildFile = path.join(root, "build", "index.js");
const sourcesChanged =
  !existsSync(buildFile) ||
  Math.max(
    newestMtime(path.join(root, "app")),
    statSync(path.join(root, "remix.config.js")).mtimeMs,
  ) > statSync(buildFile).mtimeMs;
if (sourcesChanged) {
  log("building the web app…");
  run(bin("remix"), ["build"], { env: { ...env, NODE_ENV: "production" } });
}

// 4. Redis
let redisUrl = env.REDIS_URL;
let localRedis = null;
if (redisUrl && (await pingRedis(redisUrl))) {
  log(`jobs: using Redis at ${redisUrl} (from REDIS_URL)`);
} else {
  if (redisUrl) log(`jobs: REDIS_URL=${redisUrl} is not answering`);
  const server = findRedisServer();
  if (server) {
    localRedis = await startLocalRedis({ server, dataDir: path.join(dataDir, "redis") });
    redisUrl = localRedis.url;
    log(
      `jobs: ${localRedis.reused ? "reusing" : "started"} a local redis-server (${server}) at ${redisUrl}, data in ${path.relative(root, localRedis.dir)}`,
    );
  } else {
    redisUrl = undefined;
    log(
      "jobs: PAUSED — no reachable REDIS_URL and no redis-server on PATH. The web app runs alone;",
    );
    log(
      "      reminders, digests and roll-up reports wait until Redis is available (install redis-server or set REDIS_URL).",
    );
  }
}
if (redisUrl) env.REDIS_URL = redisUrl;
else delete env.REDIS_URL;

// 5. Web, worker and (without SMTP_URL) the local mail sink
env.NODE_ENV ??= "production";
// The web server and the worker link to the same address (app/cli/app-url.mjs); the web server
// records it in the data folder, where a later `npm run jobs` finds it.
try {
  env.APP_URL = env.APP_URL ? checkAppUrl(env.APP_URL) : servedUrl(env);
} catch (error) {
  console.error(`start: ${error.message}`);
  process.exit(1);
}
const children = [];
function launch(name, args, flags = []) {
  // node with the tsx loader, not the tsx binary: one process per service, so signals reach it.
  const child = spawn(process.execPath, [...flags, "--import", "tsx", ...args], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  children.push({ name, child });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`start: ${name} exited (${signal ?? code}); stopping`);
    stop(code ?? 1);
  });
  return child;
}
let stopping = false;
// How long the worker may take to finish the jobs it is running (a pack takes seconds).
const GRACE_MS = 20_000;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null);
  for (const { child } of running) child.kill("SIGTERM");
  // Redis last: the worker hands its jobs back or finishes them through it on the way out.
  const stopRedis = () => localRedis && !localRedis.reused && localRedis.stop();
  const timer = setTimeout(() => {
    for (const { name, child } of running)
      if (child.exitCode === null) {
        console.error(`start: ${name} did not stop within ${GRACE_MS / 1000} s; killed`);
        child.kill("SIGKILL");
      }
    stopRedis();
    process.exit(code);
  }, GRACE_MS);
  Promise.all(running.map(({ child }) => new Promise((r) => child.once("exit", r)))).then(() => {
    clearTimeout(timer);
    stopRedis();
    process.exit(code);
  });
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

if (env.SMTP_URL) {
  log(`mail: sending through SMTP_URL`);
} else {
  let port = 2525;
  while (!(await portIsFree(port))) port++;
  env.SMTP_SINK_PORT = String(port);
  env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  log(
    `mail: SMTP_URL is not set; started a local mail sink on ${env.SMTP_URL} — nothing is delivered, admins read it under 邮箱 (/admin/mailbox)`,
  );
  launch("mail sink", ["jobs/smtp-sink.ts"]);
}
launch("web", ["app/cli/serve.ts"]);
if (redisUrl) launch("worker", ["jobs/worker.ts"], WORKER_NODE_FLAGS);
log(`open ${env.APP_URL}`);

// The web server: Express serving the Remix build. `npm run serve` (after `npm run build`);
// `npm start` builds and starts it together with the worker. WEB_PROCESSES=N (default 1) runs N
// server processes sharing the port (node:cluster): rendering is CPU-bound and one process uses
// one core. They stay consistent because every read model follows the database's change log and
// every writing transaction takes SQLite's write lock first (writeTransaction).
import cluster from "node:cluster";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { originAllowed } from "../auth/origin";
import { dataDir, projectRoot } from "../config.server";
import { checkAppUrl, recordAppUrl, servedPort, servedUrl } from "./app-url.mjs";
import { db } from "../db/db.server";
import { bodyErrors, refuseLargeBodies } from "../http/body-limit.server";
import { allowedHosts, answerErrors, refuseMalformed } from "../http/malformed.server";
import { PageCache, pageCacheBytes } from "../http/page-cache.server";
import { mountQueueBoard } from "../http/queue-board.server";
import { remixHandler } from "../http/remix-handler.server";
import { securityHeaders } from "../http/security-headers.server";

const port = servedPort();
const host = process.env.HOST || "0.0.0.0";
// The address links in emails start with, recorded in the data folder once listening: this
// server's routes, and a worker or `npm run jobs` started on its own, read it there
// (app/cli/app-url.mjs). Not written into APP_URL, which stays what the operator set.
const appUrl = process.env.APP_URL ? checkAppUrl(process.env.APP_URL) : servedUrl();
const processes = Math.max(1, Number(process.env.WEB_PROCESSES || 1) || 1);

if (cluster.isPrimary && processes > 1) {
  supervise();
} else {
  await serve();
}

/** The primary of a cluster: starts the server processes, replaces one that dies, stops them on a signal. */
function supervise() {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  console.log(`web: ${processes} server processes (WEB_PROCESSES=${processes})`);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(
      `web: server process ${worker.process.pid} exited (${signal ?? code}); starting another`,
    );
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`web: ${signal} received, stopping ${processes} server processes`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

async function serve() {
  const build = (await import(
    pathToFileURL(path.join(projectRoot, "build/index.js")).href
  )) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY=N: N proxies in front of this server (their X-Forwarded-For / -Proto are believed,
  // read from the right). Unset: the socket's address and protocol, whatever headers say.
  const proxies = Number(process.env.TRUST_PROXY || 0);
  if (proxies > 0) app.set("trust proxy", proxies);
  app.use(securityHeaders);
  app.use(refuseMalformed(allowedHosts()));
  // Fingerprinted assets can be cached forever. public/ holds nothing else, so no other path is
  // looked up on disk (a static handler for "/" costs every page a stat call).
  app.use(
    "/build",
    express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }),
  );
  // ALLOWED_ORIGINS: extra origins (comma-separated) allowed to post, e.g. behind a proxy that rewrites Host.
  const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  app.use((req, res, next) => {
    // The client address for sign-in limits comes from the socket (or the trusted proxies), never
    // from what the client sent.
    req.headers["x-duban-remote-address"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    if (
      !originAllowed(
        req.method,
        req.headers.host,
        req.headers.origin,
        req.headers.referer,
        allowedOrigins,
      )
    ) {
      console.warn(
        `web: refused ${req.method} ${req.path} from origin ${req.headers.origin ?? req.headers.referer ?? "(none)"}`,
      );
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send("请求来源不被允许（跨站请求已拒绝）。");
      return;
    }
    // Checked: Remix's own, narrower check (Origin against Host or X-Forwarded-Host) would only
    // turn a request allowed here (ALLOWED_ORIGINS, a proxy's headers) into a 500.
    delete req.headers.origin;
    next();
  });
  app.use(refuseLargeBodies);
  // Queue monitoring (Bull Board) for admins only (app/http/queue-board.server.ts).
  mountQueueBoard(app);
  // Pages rendered for one person in a seat, sent again to the next (app/http/page-cache.server.ts).
  const cacheBytes = pageCacheBytes();
  if (cacheBytes > 0) app.get("*", new PageCache(build, cacheBytes).middleware);
  app.all("*", remixHandler(build, process.env.NODE_ENV));
  app.use(bodyErrors);
  app.use(answerErrors);

  const server = app.listen(port, host, () => {
    // In a cluster the workers share the primary's port: say it once.
    if (!cluster.isWorker || cluster.worker?.id === 1) {
      recordAppUrl(dataDir(), appUrl, "web");
      console.log(`web: 督办 is listening on port ${port}: ${appUrl}`);
    }
  });

  function shutdown(signal: string) {
    console.log(`web: ${signal} received, closing`);
    server.close(() => {
      void db()
        .$disconnect()
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  // Ctrl-C reaches a cluster's workers too; the primary stops them with SIGTERM.
  process.on("SIGINT", () => (cluster.isWorker ? undefined : shutdown("SIGINT")));
}

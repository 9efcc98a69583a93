// The web server: Express serving the Remix build. `npm run serve` (after `npm run build`);
// `npm start` builds and starts it together with the worker.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { originAllowed } from "../auth/origin";
import { projectRoot } from "../config.server";
import { db } from "../db/db.server";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

const build = (await import(pathToFileURL(path.join(projectRoot, "build/index.js")).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
// Fingerprinted assets can be cached forever; everything else briefly.
app.use("/build", express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));
// ALLOWED_ORIGINS: extra origins (comma-separated) allowed to post, e.g. behind a proxy that rewrites Host.
const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
app.use((req, res, next) => {
  // The client address for rate limiting comes from the socket, never from what the client sent.
  req.headers["x-duban-remote-address"] = req.socket.remoteAddress ?? "unknown";
  if (!originAllowed(req.method, req.headers.host, req.headers.origin, req.headers.referer, allowedOrigins)) {
    console.warn(`web: refused ${req.method} ${req.path} from origin ${req.headers.origin ?? req.headers.referer ?? "(none)"}`);
    res.status(403).type("text/plain; charset=utf-8").send("请求来源不被允许（跨站请求已拒绝）。");
    return;
  }
  next();
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen(port, host, () => {
  console.log(`web: 督办 is listening on http://localhost:${port}`);
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
process.on("SIGINT", () => shutdown("SIGINT"));

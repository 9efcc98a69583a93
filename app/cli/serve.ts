// The web server: Express serving the Remix build. `npm run serve` (after `npm run build`);
// `npm start` builds and starts it together with the worker.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import path from "node:path";
import { pathToFileURL } from "node:url";
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

// Rendered pages kept for the next person in the same seat.
//
// Why: rendering a page with Remix and React costs 1.5–2.5 ms of CPU here however little data it
// has (the sign-in page alone ~1.3 ms), and a province's reviewers and liaisons ask for the same
// ledgers, boards and task pages over and over between two changes of the data. A page that was
// rendered for the same URL, the same seat (role and unit: app/root.tsx keeps people's names out of
// pages) and the same versions of everything it shows is sent again as it was, without running
// loaders or React.
//
// Correctness rests on the versions: a route opts in by exporting `pageCacheKey`, which returns
// the versions of what its page shows (task serials from the task index, whose objects are
// replaced on every change to a task, its reports or its timeline) or null to render afresh. Every
// key also carries the task index's reload count (units, documents, jurisdictions) and the
// PageChange log (names, the demo flag, settings), both written by triggers whoever writes. A key
// is computed before rendering, so a page is never older than its key. Only 200 responses without
// cookies are kept; each process keeps its own, bounded in bytes, least recently used out first.
import type { NextFunction, Request, Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type Params } from "@remix-run/react";
import { userFromCookie } from "../auth/auth.server";
import { db } from "../db/db.server";
import type { PrismaClient } from "../generated/prisma/client";
import { pageChangeSeq } from "../models/page-change.server";
import { taskIndex } from "../models/task-index.server";
import { viewerOf, type Viewer } from "../models/user.server";
import { nonceOf } from "./security-headers.server";

export type PageCacheKeyArgs = { url: URL; params: Params; viewer: Viewer; db: PrismaClient };

/**
 * Exported by a route whose page may be shared: the versions of everything the page shows beyond
 * the URL and the viewer's seat, or null when this request must be rendered afresh.
 */
export type PageCacheKey = (args: PageCacheKeyArgs) => string | null;

// A page is kept in the pieces between its CSP nonce's occurrences, and sent with the nonce of the
// response it answers: a nonce is never sent twice (app/http/security-headers.server.ts).
type Entry = { parts: Buffer[]; contentType: string; bytes: number };

function splitAt(body: Buffer, nonce: string | undefined): Buffer[] {
  if (!nonce) return [body];
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(nonce, from); at >= 0; at = body.indexOf(nonce, from)) {
    parts.push(body.subarray(from, at));
    from = at + nonce.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

function joinWith(parts: Buffer[], nonce: string | undefined): Buffer {
  if (parts.length === 1) return parts[0]!;
  const glue = Buffer.from(nonce ?? "");
  const pieces: Buffer[] = [];
  parts.forEach((p, i) => (i === 0 ? pieces.push(p) : pieces.push(glue, p)));
  return Buffer.concat(pieces);
}

type Route = {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children: Route[];
};

/** The route tree of a build, as @remix-run/router matches it. */
function routeTree(build: ServerBuild): Route[] {
  const byParent = new Map<string | undefined, Route[]>();
  for (const r of Object.values(build.routes)) {
    const list = byParent.get(r.parentId) ?? [];
    list.push({
      id: r.id,
      path: r.path,
      index: r.index,
      caseSensitive: r.caseSensitive,
      children: [],
    });
    byParent.set(r.parentId, list);
  }
  const attach = (routes: Route[]): Route[] =>
    routes.map((r) => Object.assign(r, { children: attach(byParent.get(r.id) ?? []) }));
  return attach(byParent.get(undefined) ?? []);
}

export class PageCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly tree: Route[];

  constructor(
    private readonly build: ServerBuild,
    private readonly maxBytes: number,
  ) {
    this.tree = routeTree(build);
  }

  /** Express middleware: answers from the cache, or lets Remix render and keeps what it sent. */
  readonly middleware = (req: Request, res: Response, next: NextFunction) => {
    // Documents only: data requests (?_data=, client-side navigation) and forms go to Remix.
    if (req.method !== "GET" || "_data" in req.query) return next();
    this.lookup(req)
      .then((key) => {
        if (!key) return next();
        const hit = this.entries.get(key);
        if (hit) {
          // Most recently used last: the Map's order is the eviction order.
          this.entries.delete(key);
          this.entries.set(key, hit);
          const body = joinWith(hit.parts, nonceOf(res));
          res.writeHead(200, {
            "Content-Type": hit.contentType,
            "Content-Length": body.length,
            "X-Duban-Page-Cache": "hit",
          });
          res.end(body);
          return;
        }
        res.setHeader("X-Duban-Page-Cache", "miss");
        this.capture(res, key);
        next();
      })
      .catch((error: Error) => {
        // The cache must never cost a page: without a key, Remix renders it as if there were no cache.
        console.error(`web: page cache: ${req.path}: ${error.message}`);
        next();
      });
  };

  /** The cache key of a request, or null if its page is not shared (no such route, not signed in, …). */
  private async lookup(req: Request): Promise<string | null> {
    const matches = matchRoutes(
      this.tree as unknown as Parameters<typeof matchRoutes>[0],
      req.path,
    );
    const match = matches?.[matches.length - 1];
    const routeId = match?.route.id;
    const pageCacheKey = routeId
      ? (this.build.routes[routeId]?.module as { pageCacheKey?: PageCacheKey } | undefined)
          ?.pageCacheKey
      : undefined;
    if (!match || !routeId || !pageCacheKey) return null;
    // The same lookup Remix's loaders make (one verified cookie, one prepared statement).
    const user = await userFromCookie(req.headers.cookie ?? "");
    if (!user) return null;
    const database = db();
    const index = taskIndex(database);
    const viewer = viewerOf(database, user);
    const url = new URL(req.originalUrl, "http://local");
    const versions = pageCacheKey({ url, params: match.params, viewer, db: database });
    if (versions === null) return null;
    return [
      routeId,
      url.pathname + url.search,
      `${viewer.role}|${viewer.unitId ?? ""}`,
      `${index.reloads}.${pageChangeSeq(database)}`,
      versions,
    ].join("\n");
  }

  /** Keeps the response Remix writes if it is a plain 200 page. */
  private capture(res: Response, key: string) {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === "string"
            ? Buffer.from(
                chunk,
                typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8",
              )
            : Buffer.from(chunk as Uint8Array),
      );
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.once("finish", () => {
      const contentType = String(res.getHeader("content-type") ?? "");
      if (
        res.statusCode !== 200 ||
        res.getHeader("set-cookie") !== undefined ||
        !contentType.startsWith("text/html")
      )
        return;
      const parts = splitAt(Buffer.concat(chunks), nonceOf(res));
      this.store(key, { parts, contentType, bytes: 0 });
    });
  }

  private store(key: string, entry: Entry) {
    entry.bytes = entry.parts.reduce((n, p) => n + p.length, 0) + key.length * 2;
    if (entry.bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
}

/** PAGE_CACHE_MB (default 64; 0 turns the cache off) per server process. */
export function pageCacheBytes(): number {
  const mb = Number(process.env.PAGE_CACHE_MB ?? 64);
  return Number.isFinite(mb) && mb > 0 ? mb * 1024 * 1024 : 0;
}

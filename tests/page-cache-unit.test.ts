// The page cache's own rules, on a stand-in build in front of a stand-in renderer: what it keeps
// (plain 200 pages), what it never keeps, its bound in bytes, and that a failing key costs nothing.
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server";
import { PageCache } from "~/http/page-cache.server";
import { tempDatabase } from "./helpers/db";

const t = tempDatabase();
let server: Server;
let base = "";
let cookie = "";
let version = "v1";
let renders = 0;

function fakeBuild(): ServerBuild {
  const route = (id: string, path: string, module: Record<string, unknown>) => ({
    id,
    parentId: "root",
    path,
    module,
  });
  return {
    routes: {
      root: { id: "root", path: "", module: {} },
      "routes/page": route("routes/page", "page", { pageCacheKey: () => version }),
      "routes/broken": route("routes/broken", "broken", {
        pageCacheKey: () => {
          throw new Error("no version today");
        },
      }),
      "routes/plain": route("routes/plain", "plain", {}),
    },
  } as unknown as ServerBuild;
}

beforeAll(async () => {
  process.env.DATABASE_URL = `file:${t.file}`;
  process.env.DUBAN_DATA_DIR = t.dir;
  const user = await t.db.user.create({
    data: { email: "r@unit.test", name: "审核员", role: "REVIEWER" },
  });
  cookie = (await startSession(t.db, user.id)).split(";")[0]!;
  const app = express();
  app.get("*", new PageCache(fakeBuild(), 40_000).middleware);
  // Stands in for Remix: a page of the size asked for, a status, a cookie.
  app.get("*", (req, res) => {
    renders++;
    const size = Number(req.query.size ?? 100);
    if (req.query.cookie) res.setHeader("Set-Cookie", "a=b");
    res
      .status(Number(req.query.status ?? 200))
      .type("text/html; charset=utf-8")
      .send(`<p>${"页".repeat(size)} ${renders}</p>`);
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server?.close();
  await t.cleanup();
});

async function get(path: string, withCookie = true) {
  const res = await fetch(base + path, { headers: withCookie ? { cookie } : {} });
  return {
    status: res.status,
    cache: res.headers.get("x-duban-page-cache"),
    body: await res.text(),
  };
}

describe("page cache rules", () => {
  it("keeps a 200 page under its key and renders again when the key moves on", async () => {
    const first = await get("/page");
    expect(first.cache).toBe("miss");
    expect(await get("/page")).toMatchObject({ cache: "hit", body: first.body });
    version = "v2";
    const next = await get("/page");
    expect(next.cache).toBe("miss");
    expect(next.body).not.toBe(first.body);
  });
  it("never keeps other statuses, pages that set cookies, routes without a key, or anonymous requests", async () => {
    for (const path of ["/page?status=404", "/page?cookie=1", "/plain"]) {
      const before = renders;
      await get(path);
      await get(path);
      expect(renders - before, path).toBe(2);
    }
    expect((await get("/page", false)).cache).toBeNull();
  });
  it("renders as if there were no cache when a route's key fails", async () => {
    const r = await get("/broken");
    expect(r.status).toBe(200);
    expect(r.cache).toBeNull();
  });
  it("stays within its bound, least recently used out first", async () => {
    // Three pages of ~12 KB each fit in 40 KB; a fourth pushes out the one used longest ago.
    const pages = ["/page?size=4000&n=1", "/page?size=4000&n=2", "/page?size=4000&n=3"];
    for (const p of pages) await get(p);
    expect((await get(pages[0]!)).cache).toBe("hit"); // now the most recently used
    await get("/page?size=4000&n=4");
    expect((await get(pages[1]!)).cache).toBe("miss");
    expect((await get(pages[0]!)).cache).toBe("hit");
    // A page larger than the whole cache is sent but not kept.
    await get("/page?size=20000");
    expect((await get("/page?size=20000")).cache).toBe("miss");
  });
});

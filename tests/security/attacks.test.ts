// The attacks of issue 12, replayed against the real server (two server processes sharing one
// SQLite file, as WEB_PROCESSES=2 runs them), each asserting what must hold. TRUST_PROXY=1 lets
// a test speak for other client addresses through X-Forwarded-For, as a proxy in front would.
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { issueToken } from "~/auth/tokens.server";
import { setActive } from "~/models/user.server";
import { seededDatabase } from "../helpers/fixtures";
import { signIn, startServer } from "../helpers/server";
import { queuePrefix, REDIS_URL, requireRedis } from "../helpers/worker";

const PASSWORD = "password-for-attacks";
let f: Awaited<ReturnType<typeof seededDatabase>>;
let server: ChildProcess;
let base = "";
let taskId = "";
const ids: Record<string, string> = {};

type Options = { cookie?: string; headers?: Record<string, string>; address?: string };

async function post(path: string, form: Record<string, string>, o: Options = {}) {
  return fetch(base + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      origin: base,
      "content-type": "application/x-www-form-urlencoded",
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(o.address ? { "x-forwarded-for": o.address } : {}),
      ...o.headers,
    },
    body: new URLSearchParams(form),
  });
}

async function get(path: string, o: Options = {}) {
  return fetch(base + path, {
    redirect: "manual",
    headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers },
  });
}

const attempt = (email: string, password: string, address: string, redirectTo = "/") =>
  post("/login", { email, password, redirectTo }, { address });

/** Whether the password was checked: 401 (wrong) or 302 (signed in); 429 was refused unchecked. */
const checked = (status: number) => status === 401 || status === 302;

beforeAll(async () => {
  await requireRedis();
  f = await seededDatabase();
  const passwordHash = await hashPassword(PASSWORD);
  const mk = async (key: string, role: string, unit: string | null, code = "SC") => {
    const u = await f.db.user.create({
      data: {
        email: `${key}@attack.test`,
        name: key,
        role,
        passwordHash,
        unitId: unit ? (await f.unit(unit, code)).id : null,
      },
    });
    ids[key] = u.id;
  };
  await mk("admin", "ADMIN", null);
  await mk("reviewer", "REVIEWER", "商务厅");
  await mk("reviewer2", "REVIEWER", "商务厅");
  await mk("victim", "REVIEWER", "商务厅");
  await mk("lead", "LIAISON", "商务厅");
  await mk("other", "LIAISON", "成都海关");
  await mk("leaver", "LIAISON", "商务厅");
  await mk("outsider", "LIAISON", "市商务局", "TJ");
  await mk("changer", "LIAISON", "商务厅");
  for (let i = 0; i < 40; i++) await mk(`spray${i}`, "LIAISON", "商务厅");
  taskId = (await f.task("sc-2023-trade-power-draft", "二.2")).id; // 商务厅 leads
  ({ base, server } = await startServer(f.file, f.dir, {
    WEB_PROCESSES: "2",
    TRUST_PROXY: "1",
    ALLOWED_HOSTS: "127.0.0.1,localhost",
    REDIS_URL,
    DUBAN_QUEUE_PREFIX: queuePrefix(),
  }));
}, 90_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await f?.cleanup();
});

describe("1. sign-in limits under concurrency", () => {
  it("200 parallel guesses on one account from one address get at most 6 password checks", async () => {
    const guesses = Array.from({ length: 200 }, (_, i) => (i === 150 ? PASSWORD : `guess-${i}`));
    const statuses = await Promise.all(
      guesses.map((p) => attempt("victim@attack.test", p, "10.1.1.1").then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 500)).toEqual([]);
    // 5 within the budget, at most one more through the slow lane.
    expect(statuses.filter(checked).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(194);
  });

  it("40 parallel attempts on 40 accounts from one address get at most 21 checks", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt(`spray${i}@attack.test`, "wrong-password", "10.1.2.1").then((r) => r.status),
      ),
    );
    expect(statuses.filter(checked).length).toBeLessThanOrEqual(21);
  });
});

describe("4. nobody can lock anyone out", () => {
  it("failures from one address never refuse the right password from another", async () => {
    for (let i = 0; i < 8; i++) await attempt("reviewer2@attack.test", "wrong", "10.4.0.1");
    const slowed = await attempt("reviewer2@attack.test", PASSWORD, "10.4.0.1");
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await slowed.text()).toMatch(/后再试/);
    const owner = await attempt("reviewer2@attack.test", PASSWORD, "10.4.0.2");
    expect(owner.status).toBe(302);
  });
});

describe("3. redirects after sign-in stay on the site", () => {
  const targets = [
    "/\t/evil.example/",
    "/%09/evil.example/",
    "/\\evil.example",
    "/.//evil.example/",
    "//evil.example",
    "/\n/evil.example",
    "/a\r\nSet-Cookie: x=1",
    "https://evil.example/",
  ];
  for (const target of targets)
    it(`redirectTo=${JSON.stringify(target)} lands on this origin`, async () => {
      const res = await attempt("reviewer@attack.test", PASSWORD, "10.3.0.1", target);
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      // As the browser reads a Location: WHATWG URL parsing against the page's URL.
      expect(new URL(location, base + "/login").origin).toBe(base);
      expect(res.headers.get("set-cookie")).not.toMatch(/x=1/);
    });
  it("the login page carries redirectTo from its URL into the form, where it is checked", async () => {
    const page = await (await get("/login?redirectTo=%2F%09%2Fevil.example%2F")).text();
    expect(page).toContain('name="redirectTo"');
  });
});

describe("2. server-side sessions", () => {
  it("after logout a copied cookie is refused, also for a page the cache holds", async () => {
    const mine = await signIn(base, "reviewer@attack.test", PASSWORD);
    const colleague = await signIn(base, "reviewer2@attack.test", PASSWORD);
    // Warm both server processes' caches for this seat.
    for (let i = 0; i < 6; i++) expect((await get("/", { cookie: colleague })).status).toBe(200);
    expect((await get("/", { cookie: mine })).headers.get("x-duban-page-cache")).toBe("hit");
    const out = await post("/logout", {}, { cookie: mine });
    expect(out.status).toBe(302);
    for (let i = 0; i < 6; i++) {
      const res = await get("/", { cookie: mine });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
    expect((await get("/", { cookie: colleague })).status).toBe(200);
  });

  it("a reset ends every session of the person", async () => {
    const a = await signIn(base, "lead@attack.test", PASSWORD);
    const b = await signIn(base, "lead@attack.test", PASSWORD);
    const token = await issueToken(f.db, ids.lead!, "RESET");
    const reset = await post(`/reset/${token}`, {
      password: "a-new-password-1",
      confirm: "a-new-password-1",
    });
    expect(reset.status).toBe(302);
    for (const cookie of [a, b]) expect((await get("/my", { cookie })).status).toBe(302);
    const fresh = reset.headers.get("set-cookie")!.split(";")[0]!;
    expect((await get("/my", { cookie: fresh })).status).toBe(200);
    await f.db.user.update({
      where: { id: ids.lead },
      data: { passwordHash: await hashPassword(PASSWORD) },
    });
  });

  it("deactivation ends them, and reactivation brings none back", async () => {
    const cookie = await signIn(base, "leaver@attack.test", PASSWORD);
    await setActive(f.db, ids.leaver!, false, ids.admin!);
    await setActive(f.db, ids.leaver!, true, ids.admin!);
    expect((await get("/my", { cookie })).status).toBe(302);
  });

  it("a changed password ends the other sessions, not this one", async () => {
    const here = await signIn(base, "changer@attack.test", PASSWORD);
    const there = await signIn(base, "changer@attack.test", PASSWORD);
    const wrong = await post(
      "/profile",
      {
        intent: "password",
        current: "not-it",
        password: "brand-new-pass",
        confirm: "brand-new-pass",
      },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect((await get("/my", { cookie: there })).status).toBe(200);
    const ok = await post(
      "/profile",
      {
        intent: "password",
        current: PASSWORD,
        password: "brand-new-pass",
        confirm: "brand-new-pass",
      },
      { cookie: here },
    );
    expect(ok.status).toBe(200);
    expect((await get("/my", { cookie: there })).status).toBe(302);
    expect((await get("/my", { cookie: here })).status).toBe(200);
    expect((await attempt("changer@attack.test", "brand-new-pass", "10.2.9.9")).status).toBe(302);
  });

  it("个人设置 lists one's sessions and ends the others", async () => {
    const here = await signIn(base, "other@attack.test", PASSWORD);
    const there = await signIn(base, "other@attack.test", PASSWORD);
    const page = await (await get("/profile", { cookie: here })).text();
    expect(page.match(/data-testid="session"/g)?.length).toBe(2);
    expect(page).toContain("本设备");
    expect((await post("/profile", { intent: "end-others" }, { cookie: here })).status).toBe(200);
    expect((await get("/my", { cookie: there })).status).toBe(302);
    expect((await get("/my", { cookie: here })).status).toBe(200);
  });

  it("expires after its idle time and at its absolute end, whatever the cookie says", async () => {
    const idle = await signIn(base, "other@attack.test", PASSWORD);
    const old = await signIn(base, "other@attack.test", PASSWORD);
    expect((await get("/my", { cookie: idle })).status).toBe(200);
    const rows = await f.db.session.findMany({
      where: { userId: ids.other },
      orderBy: { createdAt: "desc" },
      take: 2,
    });
    // The newest is `old`, the one before `idle`.
    await f.db.session.update({
      where: { id: rows[1]!.id },
      data: { lastSeenAt: new Date(Date.now() - 3 * 3600_000) },
    });
    await f.db.session.update({
      where: { id: rows[0]!.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await get("/my", { cookie: idle })).status).toBe(302);
    expect((await get("/my", { cookie: old })).status).toBe(302);
  });
});

/** A raw request, to send headers that fetch will not (a huge Content-Length, no body yet). */
function rawRequest(
  path: string,
  headers: Record<string, string | number>,
  write?: (req: http.ClientRequest) => void,
): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const url = new URL(base + path);
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: "POST", headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode!, body, ms: Date.now() - started }));
      },
    );
    req.on("error", reject);
    if (write) write(req);
  });
}

describe("5. request bodies are bounded", () => {
  it("a declared 100 MB body is refused with 413 before it is sent", async () => {
    const res = await rawRequest(
      "/login",
      {
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": 100 * 1024 * 1024,
      },
      (req) => req.write("email=a"),
    );
    expect(res.status).toBe(413);
  });

  it("a chunked body is cut off as soon as it passes the bound", async () => {
    const res = await rawRequest(
      "/login",
      {
        origin: base,
        "content-type": "application/x-www-form-urlencoded",
        "transfer-encoding": "chunked",
      },
      (req) => {
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 400 && req.write(chunk)) sent++;
          if (sent < 400) req.once("drain", pump);
          else req.end();
        };
        req.on("error", () => {});
        pump();
      },
    ).catch(() => ({ status: 413, body: "", ms: 0 })); // the server may close mid-write
    expect(res.status).toBe(413);
  });

  it("a refused report echoes no field beyond its limit", async () => {
    const cookie = await signIn(base, "lead@attack.test", PASSWORD);
    const res = await post(
      `/tasks/${taskId}/report`,
      {
        period: new Date().toISOString().slice(0, 7),
        status: "IN_PROGRESS",
        percent: "10",
        progress: "x".repeat(100_000),
        problems: "",
        nextSteps: "",
        coordination: "",
        baseReportId: "",
      },
      { cookie },
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    const longest = Math.max(...(page.match(/x+/g) ?? [""]).map((s) => s.length));
    expect(longest).toBeLessThanOrEqual(5000);
    expect(page.length).toBeLessThan(60_000);
  });
});

describe("5. … and what is cut for the echo is never what is parsed", () => {
  it("a close-out note over its limit is refused, not cut to the limit and accepted", async () => {
    const cookie = await signIn(base, "reviewer2@attack.test", PASSWORD);
    const res = await post(
      `/tasks/${taskId}?index`,
      { intent: "close", note: "y".repeat(6000) },
      { cookie },
    );
    expect(res.status).toBe(400);
    expect((await f.db.task.findUniqueOrThrow({ where: { id: taskId } })).closedAt).toBeNull();
  });
});

describe("6. security headers", () => {
  it("pages carry a CSP whose nonce is on every inline script, and a fresh one each time", async () => {
    const cookie = await signIn(base, "reviewer2@attack.test", PASSWORD);
    const nonces = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await get("/", { cookie });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).not.toMatch(/unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
      const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
      expect(nonce).toBeTruthy();
      nonces.add(nonce!);
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(4); // hits of the page cache too
  });

  it("framing is refused, types are not sniffed, referrers stay home, nothing says what serves", async () => {
    const admin = await signIn(base, "admin@attack.test", PASSWORD);
    for (const path of ["/login", "/build/" + "nope.js", "/admin/queues", "/admin/queues/"]) {
      const res = await get(path, { cookie: admin });
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("x-powered-by"), path).toBeNull();
    }
    const board = await get("/admin/queues/", { cookie: admin });
    expect(board.status).toBe(200);
  });

  it("HSTS only over https", async () => {
    expect((await get("/login")).headers.get("strict-transport-security")).toBeNull();
    const https = await get("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("answers only the host names it is told to", async () => {
    const res = await rawGet("/login", { host: "evil.example" });
    expect(res).toBe(421);
  });
});

function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(base + path);
    http
      .get({ host: url.hostname, port: url.port, path, headers }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
      .on("error", reject);
  });
}

describe("7. malformed requests answer 4xx, never 500", () => {
  it("a NUL in the search box", async () => {
    const cookie = await signIn(base, "reviewer2@attack.test", PASSWORD);
    for (const path of ["/review?q=a%00b", "/?q=a%00bcd", "/review?q=%00"]) {
      const res = await get(path, { cookie });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
  it("a same-origin text/plain POST, a bare POST, JSON", async () => {
    const cookie = await signIn(base, "reviewer2@attack.test", PASSWORD);
    for (const type of ["text/plain", "application/json", "application/octet-stream"]) {
      const res = await fetch(`${base}/profile`, {
        method: "POST",
        headers: { origin: base, cookie, "content-type": type },
        body: "digest=NONE",
      });
      expect(res.status, type).toBe(415);
    }
    const bare = await fetch(`${base}/login`, { method: "POST", headers: { origin: base } });
    expect(bare.status).toBe(400);
  });
  it("Origin: null with a same-site Referer", async () => {
    const cookie = await signIn(base, "reviewer2@attack.test", PASSWORD);
    const res = await post(
      "/profile",
      { digest: "NONE" },
      { cookie, headers: { origin: "null", referer: `${base}/profile` } },
    );
    expect(res.status).toBe(403);
  });
  it("a bad Host header, a bad escape in the path", async () => {
    expect(await rawGet("/login", { host: "a b" })).toBe(400);
    expect((await get("/tasks/%zz")).status).toBe(400);
  });
});

describe("8. tokens and validation", () => {
  it("a reset link issued before a deactivation does not work after it", async () => {
    const u = await f.db.user.create({
      data: {
        email: "gone@attack.test",
        name: "离",
        role: "LIAISON",
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const token = await issueToken(f.db, u.id, "RESET");
    await setActive(f.db, u.id, false, ids.admin!);
    await setActive(f.db, u.id, true, ids.admin!);
    const res = await post(`/reset/${token}`, {
      password: "taken-over-1",
      confirm: "taken-over-1",
    });
    expect(res.status).toBe(410);
    expect((await attempt("gone@attack.test", "taken-over-1", "10.8.0.1")).status).toBe(401);
  });

  const report = (percent: string, period: string) => ({
    period,
    status: "IN_PROGRESS",
    percent,
    progress: "推进中",
    problems: "",
    nextSteps: "",
    coordination: "",
    baseReportId: "",
  });
  const thisMonth = () => {
    const d = new Date(Date.now() + 8 * 3600_000);
    return d.toISOString().slice(0, 7);
  };

  it("an empty percent is not 0, 1e2 is not 100", async () => {
    const cookie = await signIn(base, "lead@attack.test", PASSWORD);
    for (const percent of ["", "1e2", "0x10", " ", "50.0", "-0"]) {
      const res = await post(`/tasks/${taskId}/report`, report(percent, thisMonth()), { cookie });
      expect(res.status, JSON.stringify(percent)).toBe(400);
    }
  });

  it("a period outside the task's life and the near future is refused", async () => {
    const cookie = await signIn(base, "lead@attack.test", PASSWORD);
    for (const period of ["1900-01", "2016-01", "2099-12"]) {
      const res = await post(`/tasks/${taskId}/report`, report("10", period), { cookie });
      expect(res.status, period).toBe(400);
      expect(await res.text()).toMatch(/报送期次应在/);
    }
    const ok = await post(`/tasks/${taskId}/report`, report("10", thisMonth()), { cookie });
    expect(ok.status).toBe(302);
  });
});

describe("10. refused requests are audited, boundedly", () => {
  it("60 refusals within a minute make one row per person and kind, with their count", async () => {
    const cookie = await signIn(base, "outsider@attack.test", PASSWORD);
    const before = await f.db.auditEvent.count({
      where: { type: "access.denied", actorId: ids.outsider },
    });
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        get(i % 2 ? `/tasks/${taskId}` : `/tasks/${taskId}?x=${i}`, { cookie }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([403]));
    const rows = await f.db.auditEvent.findMany({
      where: { type: "access.denied", actorId: ids.outsider },
      orderBy: { createdAt: "desc" },
    });
    // Within one minute or across its turn: one or two rows, never sixty.
    expect(rows.length - before).toBeLessThanOrEqual(2);
    const counted = rows
      .slice(0, rows.length - before)
      .reduce((n, r) => n + Number(JSON.parse(r.payload).count), 0);
    expect(counted).toBe(60);
  });
});

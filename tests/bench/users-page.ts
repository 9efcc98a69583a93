// npm run bench:users -- [--users 2000] [--requests 200]
// The admin's users page (用户管理) with a province's accounts: builds a migrated, seeded SQLite
// file in the OS temp folder with that many users spread over the units, starts the built server
// (one process) on it, signs in as admin, and asks for the page as an admin would — the first
// page, a search, a role and unit filter, a later page — one request at a time. Prints each
// page's size and its response times. Figures only; nothing is judged here.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "../../app/auth/password.server";
import { projectRoot } from "../../app/config.server";
import { createDb } from "../../app/db/db.server";
import { migrate } from "../../app/db/migrate.server";
import { seedAll } from "../../app/seed/seed.server";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const userCount = Number(opt("users", "2000"));
const requests = Number(opt("requests", "200"));
const PASSWORD = "bench-users-password";

const dir = mkdtempSync(path.join(os.tmpdir(), "duban-bench-users-"));
const file = path.join(dir, "bench.db");
migrate(file);
const db = createDb(file);
await seedAll(db, path.join(projectRoot, "seeds"));
const units = await db.unit.findMany({
  where: { successorId: null, kind: { not: "COLLECTIVE" } },
  select: { id: true },
});
const passwordHash = await hashPassword(PASSWORD);
await db.user.create({
  data: { email: "admin@bench.test", name: "管理员", role: "ADMIN", passwordHash },
});
await db.user.createMany({
  data: Array.from({ length: userCount - 1 }, (_, i) => ({
    email: `user${String(i).padStart(4, "0")}@bench.test`,
    name: `联络员${i}`,
    role: i % 40 === 0 ? "REVIEWER" : "LIAISON",
    unitId: units[i % units.length]!.id,
    passwordHash: i % 10 === 0 ? null : passwordHash,
    lastLoginAt: i % 3 === 0 ? new Date() : null,
  })),
});
await db.$disconnect();

execFileSync(path.join(projectRoot, "node_modules/.bin/remix"), ["build"], {
  cwd: projectRoot,
  stdio: "ignore",
  env: { ...process.env, NODE_ENV: "production" },
});
const port = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["--import", "tsx", "app/cli/serve.ts"], {
  cwd: projectRoot,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${file}`,
    DUBAN_DATA_DIR: dir,
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    REDIS_URL: "",
  },
  stdio: "ignore",
});
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/login`).then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 150) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const signIn = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "admin@bench.test", password: PASSWORD, redirectTo: "/" }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const unit = units[3]!.id;
  const pages: Array<[string, string]> = [
    ["first page", "/admin/users"],
    ["search 联络员12", `/admin/users?q=${encodeURIComponent("联络员12")}`],
    ["liaisons of one unit", `/admin/users?role=LIAISON&unit=${unit}`],
    ["page 20", "/admin/users?page=20"],
  ];
  console.log(`users page, ${userCount} users, ${units.length} units, ${requests} requests each:`);
  console.log("| page | KB | rows | p50 ms | p95 ms | max ms |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, url] of pages) {
    let bytes = 0;
    let rows = 0;
    const times: number[] = [];
    for (let i = 0; i < requests + 10; i++) {
      const t0 = performance.now();
      const res = await fetch(base + url, { headers: { cookie } });
      const html = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      if (i < 10) continue; // warm-up
      times.push(ms);
      bytes = Buffer.byteLength(html);
      rows = html.match(/<td><a [^>]*href="\/admin\/users\//g)?.length ?? 0;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    console.log(
      `| ${name} | ${(bytes / 1024).toFixed(1)} | ${rows} | ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`,
    );
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}

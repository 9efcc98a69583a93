// npm run bench:data -- [--tasks 20000] [--reports 1000000] [--units 200] [--users 2000] [--documents 300]
//                       [--seed 1] [--out data/bench/bench.db]
// A province-sized data set written straight into a migrated SQLite file (bulk inserts in
// transactions through better-sqlite3, bypassing the ORM), deterministic for a seed number.
// Accounts: reviewer-NN@bench.invalid and liaison-NNNN@bench.invalid, password "bench-password".
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { hashPassword } from "../../app/auth/password.server";
import { projectRoot } from "../../app/config.server";
import { migrate } from "../../app/db/migrate.server";

export const BENCH_PASSWORD = "bench-password";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const pad = (n: number, w: number) => String(n).padStart(w, "0");

export type BenchOptions = {
  tasks: number;
  reports: number;
  units: number;
  users: number;
  documents: number;
  seed: number;
  out: string;
};

export async function generate(o: BenchOptions) {
  const started = Date.now();
  rmSync(o.out, { force: true });
  rmSync(`${o.out}-wal`, { force: true });
  rmSync(`${o.out}-shm`, { force: true });
  mkdirSync(path.dirname(o.out), { recursive: true });
  migrate(o.out);
  const db = new Database(o.out);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -200000");
  const r = rng(o.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const now = Date.parse("2026-11-23T04:00:00Z");

  const jid = "j-sc";
  db.prepare(
    `INSERT INTO "Jurisdiction" (id, code, name, level) VALUES (?, 'SC', '四川省', 'PROVINCE')`,
  ).run(jid);
  const unitIds: string[] = [];
  const insUnit = db.prepare(
    `INSERT INTO "Unit" (id, jurisdictionId, name, kind, recognized, successionVerified, createdAt, updatedAt) VALUES (?, ?, ?, 'DEPARTMENT', 1, 1, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < o.units; i++) {
      const id = `u${pad(i, 4)}`;
      insUnit.run(id, jid, i === 0 ? "商务厅" : `省第${i}厅`, iso(now), iso(now));
      unitIds.push(id);
    }
    // 商务厅 supervises the province: its reviewers review every task.
    db.prepare(`INSERT INTO "Supervision" (unitId, jurisdictionId) VALUES (?, ?)`).run(
      unitIds[0],
      jid,
    );
  })();

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const insUser = db.prepare(
    `INSERT INTO "User" (id, email, name, role, unitId, passwordHash, active, isDemo, digest, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 1, 0, 'WEEKLY', ?, ?)`,
  );
  const reviewers = Math.max(1, Math.round(o.users * 0.0075));
  const liaisonOfUnit = new Map<string, string>();
  db.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      if (i < reviewers)
        insUser.run(
          `r${pad(i, 3)}`,
          `reviewer-${pad(i + 1, 2)}@bench.invalid`,
          `督办员${i + 1}`,
          "REVIEWER",
          unitIds[0],
          passwordHash,
          iso(now),
          iso(now),
        );
      else {
        const n = i - reviewers;
        const unit = unitIds[n % unitIds.length]!;
        const id = `l${pad(n, 5)}`;
        insUser.run(
          id,
          `liaison-${pad(n + 1, 4)}@bench.invalid`,
          `联络员${n + 1}`,
          "LIAISON",
          unit,
          passwordHash,
          iso(now),
          iso(now),
        );
        if (!liaisonOfUnit.has(unit)) liaisonOfUnit.set(unit, id);
      }
    }
  })();

  const insDoc = db.prepare(
    `INSERT INTO "Document" (id, slug, title, number, issuer, issuedOn, status, jurisdictionId, sourceFile, sourceText, sourceHash, targetDate, createdAt, updatedAt) VALUES (?, ?, ?, ?, '四川省人民政府', ?, 'IN_FORCE', ?, NULL, ?, ?, ?, ?, ?)`,
  );
  const insTask = db.prepare(
    `INSERT INTO "Task" (id, documentId, jurisdictionId, ref, position, sectionPath, heading, text, dueDate, dueDateSource, status, createdAt, updatedAt) VALUES (?, ?, '${jid}', ?, ?, ?, ?, ?, ?, 'DOCUMENT', ?, ?, ?)`,
  );
  const insAssign = db.prepare(
    `INSERT INTO "Assignment" (id, taskId, unitId, role, position, nameAsWritten, source, createdAt) VALUES (?, ?, ?, ?, ?, ?, 'SEED', ?)`,
  );
  const insEvent = db.prepare(
    `INSERT INTO "AuditEvent" (id, taskId, actorId, type, payload, createdAt) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const unitName = (id: string) => (id === unitIds[0] ? "商务厅" : `省第${Number(id.slice(1))}厅`);
  const tasks: Array<{ id: string; lead: string; units: string[]; status: string; due: number }> =
    [];
  const perDoc = Math.ceil(o.tasks / o.documents);
  const PHRASES = [
    "推动外贸主体培育",
    "完善跨境电商综合服务",
    "加快综合保税区建设",
    "优化口岸营商环境",
    "扩大先进技术进口",
    "培育数字贸易新业态",
    "建设海外仓网络",
    "提升贸易便利化水平",
  ];
  db.transaction(() => {
    let t = 0;
    for (let d = 0; d < o.documents && t < o.tasks; d++) {
      const docId = `d${pad(d, 4)}`;
      const year = 2016 + (d % 10);
      const target = Date.parse(`${year + 4}-12-31T15:59:59.999Z`);
      insDoc.run(
        docId,
        `bench-doc-${pad(d + 1, 3)}`,
        `关于推进第${d + 1}项工作的实施意见`,
        `川府发〔${year}〕${d + 1}号`,
        iso(Date.parse(`${year}-06-01T00:00:00Z`)),
        jid,
        `bench ${d}`,
        `hash-${d}`,
        iso(target),
        iso(now),
        iso(now),
      );
      for (let k = 0; k < perDoc && t < o.tasks; k++, t++) {
        const id = `t${pad(t, 6)}`;
        const heading = `${pick(PHRASES)}（第${k + 1}项）`;
        const text = `${heading}。围绕重点产业链，${pick(PHRASES)}，${pick(PHRASES)}，确保各项措施落地见效。`;
        const due = target - Math.floor(r() * 3) * 365 * 86_400_000;
        const status =
          r() < 0.2 ? "COMPLETED" : r() < 0.05 ? "CLOSED" : r() < 0.1 ? "BLOCKED" : "IN_PROGRESS";
        insTask.run(
          id,
          docId,
          `一.${k + 1}`,
          k,
          "重点任务",
          heading,
          text,
          iso(due),
          status,
          iso(now),
          iso(now),
        );
        const units = new Set<string>();
        while (units.size < 3 + Math.floor(r() * 4)) units.add(pick(unitIds));
        const list = [...units];
        list.forEach((u, i) =>
          insAssign.run(
            `a${id}-${i}`,
            id,
            u,
            i === 0 ? "LEAD" : "CO",
            i === 0 ? 0 : i - 1,
            unitName(u),
            // Assigned when the document was issued: the task has owed its reports since.
            iso(Date.parse(`${year}-06-01T00:00:00Z`)),
          ),
        );
        insEvent.run(`e${id}`, id, null, "task.seeded", "{}", iso(now - 5 * 365 * 86_400_000));
        tasks.push({ id, lead: list[0]!, units: list, status, due });
      }
    }
  })();

  // Reports: monthly, newest period last, the lead's consolidated report plus some co-unit ones,
  // spread so that the total is o.reports.
  const insReport = db.prepare(
    `INSERT INTO "ProgressReport" (id, taskId, unitId, authorId, period, status, percent, progress, problems, nextSteps, coordination, consolidated, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const perTask = Math.max(1, Math.round(o.reports / tasks.length));
  const months: string[] = [];
  for (let m = 0; m < perTask; m++) {
    const d = new Date(Date.UTC(2026, 10 - m, 15));
    months.unshift(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}`);
  }
  let written = 0;
  const batch = 2000;
  for (let start = 0; start < tasks.length; start += batch) {
    db.transaction(() => {
      for (const task of tasks.slice(start, start + batch)) {
        for (let m = 0; m < months.length && written < o.reports; m++) {
          const period = months[m]!;
          // ~40% have not reported for the current month yet.
          if (m === months.length - 1 && r() < 0.4) continue;
          const unit = m % 5 === 4 ? pick(task.units) : task.lead;
          const author = liaisonOfUnit.get(unit) ?? liaisonOfUnit.get(task.lead) ?? "r000";
          const [y, mo] = period.split("-").map(Number) as [number, number];
          const at = Date.UTC(y, mo - 1, 10 + Math.floor(r() * 14), 2);
          const pct = Math.min(100, Math.round(((m + 1) / months.length) * 100));
          const rid = `p${task.id}-${m}`;
          const coordination = r() < 0.02 ? "需联席会议协调相关部门给予政策支持" : "";
          insReport.run(
            rid,
            task.id,
            unit,
            author,
            period,
            "IN_PROGRESS",
            pct,
            `已推进${pick(PHRASES)}，完成阶段目标${pct}%。`,
            r() < 0.3 ? "配套资金尚未到位。" : "",
            "下月继续推进。",
            coordination,
            unit === task.lead ? 1 : 0,
            iso(at),
          );
          insEvent.run(
            `e${rid}`,
            task.id,
            author,
            unit === task.lead ? "report.consolidated" : "report.filed",
            JSON.stringify({ reportId: rid, period, status: "IN_PROGRESS", percent: pct }),
            iso(at),
          );
          written++;
        }
      }
    })();
    if (process.stdout.isTTY)
      process.stdout.write(`\rbench:data: ${written.toLocaleString()} reports`);
  }
  db.pragma("synchronous = NORMAL");
  // Every insert above was logged for the processes' task indexes; a fresh data set has no
  // process to tell, and each one loads everything on start.
  db.exec(`DELETE FROM "TaskChange"; DELETE FROM "PageChange";`);
  db.exec("ANALYZE");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return {
    seconds: (Date.now() - started) / 1000,
    units: o.units,
    users: o.users,
    documents: o.documents,
    tasks: tasks.length,
    reports: written,
  };
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const outIndex = process.argv.indexOf("--out");
  const o: BenchOptions = {
    tasks: arg("tasks", 20_000),
    reports: arg("reports", 1_000_000),
    units: arg("units", 200),
    users: arg("users", 2000),
    documents: arg("documents", 300),
    seed: arg("seed", 1),
    out:
      outIndex >= 0
        ? path.resolve(process.argv[outIndex + 1]!)
        : path.join(projectRoot, "data/bench/bench.db"),
  };
  const result = await generate(o);
  console.log(`\nbench:data: wrote ${o.out}: ${JSON.stringify(result)}`);
}

// npm run bench:import [-- --runs 5]
// The import's figures (issue 13 section 6) on a migrated, seeded SQLite file in the OS temp
// folder: a 100-measure Word file from upload to preview, in process (read, draft, resolution,
// preview) and through the built server (the upload POST and the preview page, as a browser asks
// for them); its commit; a 40-row Excel ledger from upload to preview; and a re-import of a
// 300-measure document — the diff against the tracked version (matching and units) and its commit.
// Prints the figures (median and worst of the runs); nothing is judged here.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "../../app/auth/password.server";
import { projectRoot } from "../../app/config.server";
import { createDb } from "../../app/db/db.server";
import { migrate } from "../../app/db/migrate.server";
import { commitDraft, createDraft, findDraft, previewDraft } from "../../app/models/import.server";
import { seedAll } from "../../app/seed/seed.server";
import { docxOf, xlsxOf } from "../ingest/fixtures";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 5) || 5;
const PASSWORD = "bench-import-password";

// ---------------------------------------------------------------------------------------------
// Documents: measures of varied wording (so that matching has real work), Sichuan's units.

const UNITS = [
  "商务厅",
  "省发展改革委",
  "经济和信息化厅",
  "科技厅",
  "财政厅",
  "教育厅",
  "人力资源社会保障厅",
  "交通运输厅",
  "自然资源厅",
  "农业农村厅",
  "文化和旅游厅",
  "省市场监管局",
  "成都海关",
  "国家税务总局四川省税务局",
  "中国人民银行四川省分行",
  "省经济合作局",
  "省地方金融监管局",
  "省大数据中心",
];
const VERBS = ["推进", "支持", "完善", "加快", "强化", "深化", "优化", "培育", "建设", "拓展"];
const OBJECTS = [
  "跨境电商综合试验区",
  "海外仓布局",
  "加工贸易梯度转移",
  "服务贸易创新发展",
  "外贸主体培育",
  "口岸通关便利化",
  "出口信用保险",
  "国际物流通道",
  "外贸人才队伍",
  "数字贸易平台",
  "进口贸易促进",
  "外资项目落地",
  "展会平台建设",
  "市场采购贸易",
  "保税维修业务",
  "绿色贸易标准",
  "贸易救济工作",
];
const TAILS = [
  "建立健全工作机制，明确责任分工，按季度调度推进情况。",
  "加大财政资金支持力度，优化申报流程，提高资金使用效益。",
  "开展政策宣讲和企业培训，扩大政策覆盖面和知晓度。",
  "强化部门协同和省市联动，及时协调解决重大问题。",
  "建设一批示范项目，形成可复制可推广的经验做法。",
  "完善统计监测体系，定期发布运行分析报告。",
];

/** A deterministic generator (the same document every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)]!;

type Measure = { heading: string; body: string; lead: string; co: string[]; due: string };

function measures(n: number, seed: number): Measure[] {
  const r = random(seed);
  return Array.from({ length: n }, (_, i) => {
    const verb = pick(r, VERBS);
    const object = pick(r, OBJECTS);
    const lead = pick(r, UNITS);
    const co = [pick(r, UNITS), pick(r, UNITS)].filter((u) => u !== lead);
    return {
      heading: `${verb}${object}`,
      body: `围绕${object}第${i + 1}项任务，${pick(r, TAILS)}${pick(r, TAILS)}到${2026 + (i % 5)}年，${object}取得明显成效。`,
      lead,
      co: [...new Set(co)],
      due: i % 3 === 0 ? `${2027 + (i % 4)}年底前完成。` : "",
    };
  });
}

const CN = "一二三四五六七八九十".split("");

function documentLines(title: string, number: string, list: Measure[]): string[] {
  const lines = [title, number, "各市（州）人民政府，省政府各部门："];
  const perSection = Math.ceil(list.length / 10);
  list.forEach((m, i) => {
    if (i % perSection === 0)
      lines.push(
        `${CN[Math.floor(i / perSection)]}、第${CN[Math.floor(i / perSection)]}方面重点任务`,
      );
    lines.push(
      `${(i % perSection) + 1}．${m.heading}。${m.body}${m.due}（责任单位：${[m.lead, ...m.co].join("、").replace("、", "，")}）`,
    );
  });
  lines.push("四川省人民政府办公厅", "2031年3月1日");
  return lines;
}

/** The next version: every tenth measure reworded, every 25th gone, one inserted every 30. */
function nextVersion(list: Measure[]): Measure[] {
  const out: Measure[] = [];
  list.forEach((m, i) => {
    if (i % 25 === 24) return;
    if (i % 30 === 0)
      out.push({
        heading: "新增保障措施",
        body: `增列第${i}项保障措施，完善配套政策。`,
        lead: "商务厅",
        co: [],
        due: "",
      });
    out.push(i % 10 === 0 ? { ...m, body: `${m.body}同时加强督促检查，确保按期完成。` } : m);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Array<[string, number[], string, string]> = [];
function record(what: string, times: number[], target: string, note = "") {
  rows.push([what, times, target, note]);
}

const dir = mkdtempSync(path.join(os.tmpdir(), "duban-bench-import-"));
const file = path.join(dir, "bench.db");
migrate(file);
const db = createDb(file);
await seedAll(db, path.join(projectRoot, "seeds"));
const sc = await db.jurisdiction.findUniqueOrThrow({ where: { code: "SC" } });
const reviewer = await db.user.create({
  data: {
    email: "reviewer@bench.test",
    name: "审核员",
    role: "REVIEWER",
    passwordHash: await hashPassword(PASSWORD),
    unitId: (await db.unit.findFirstOrThrow({ where: { name: "商务厅" } })).id,
  },
});
const base = { jurisdictionId: sc.id, userId: reviewer.id };

// 1. A 100-measure Word file: upload to preview, and its commit (a new document each run).
const previewMs: number[] = [];
const commitMs: number[] = [];
let tasks = 0;
for (let run = 0; run <= runs; run++) {
  const docx = await docxOf(
    documentLines(
      `四川省推进外贸高质量发展的实施方案（${run}）`,
      `川办发〔2031〕${100 + run}号`,
      measures(100, run + 1),
    ),
  );
  const p = await timed(async () => {
    const { id } = await createDraft(db, {
      ...base,
      source: { kind: "file", bytes: docx, fileName: "方案.docx" },
    });
    return previewDraft(db, (await findDraft(db, id))!);
  });
  const c = await timed(() => commitDraft(db, p.value.draft.id, reviewer.id));
  tasks = c.value.counts.tasks.created;
  if (run === 0) continue; // warm-up
  previewMs.push(p.ms);
  commitMs.push(c.ms);
}
record(
  "100-measure .docx: upload → preview (read, draft, resolve, preview), in process",
  previewMs,
  "< 2 s",
  `${tasks} tasks`,
);
record(
  "100-measure document: commit (document, tasks, assignments; one transaction)",
  commitMs,
  "< 1 s",
);

// 2. A 40-row Excel ledger: upload to preview.
const ledgerMs: number[] = [];
for (let run = 0; run <= runs; run++) {
  const list = measures(40, 100 + run);
  const xlsx = await xlsxOf([
    ["重点任务台账"],
    ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"],
    ...list.map((m, i) => [
      i + 1,
      m.heading,
      m.body,
      m.lead,
      m.co.join("、"),
      m.due ? "2028年底前" : null,
    ]),
  ]);
  const t = await timed(async () => {
    const { id } = await createDraft(db, {
      ...base,
      source: { kind: "file", bytes: xlsx, fileName: "台账.xlsx" },
    });
    return previewDraft(db, (await findDraft(db, id))!);
  });
  if (run > 0) ledgerMs.push(t.ms);
}
record("40-row .xlsx ledger: upload → preview, in process", ledgerMs, "< 1 s");

// 3. A 300-measure document tracked, then its next version: the diff, and its commit.
const diffMs: number[] = [];
const recommitMs: number[] = [];
let diffNote = "";
for (let run = 0; run <= runs; run++) {
  const v1 = measures(300, 1000 + run);
  const number = `川办发〔2031〕${300 + run}号`;
  const title = `四川省外贸重点任务分工方案（${run}）`;
  const first = await createDraft(db, {
    ...base,
    source: { kind: "text", text: documentLines(title, number, v1).join("\n") },
  });
  await commitDraft(db, first.id, reviewer.id);
  const v2 = documentLines(title, number, nextVersion(v1)).join("\n");
  const t = await timed(async () => {
    const { id } = await createDraft(db, { ...base, source: { kind: "text", text: v2 } });
    return previewDraft(db, (await findDraft(db, id))!);
  });
  const d = t.value.preview.diff!;
  diffNote = `+${d.added.length} −${d.removed.length} ~${d.changed.length} =${d.unchanged}`;
  const c = await timed(() => commitDraft(db, t.value.draft.id, reviewer.id));
  if (run === 0) continue;
  diffMs.push(t.ms);
  recommitMs.push(c.ms);
}
record(
  "300-measure re-import: new version → preview with its diff, in process",
  diffMs,
  "< 2 s",
  diffNote,
);
record("300-measure re-import: commit (update, create, archive)", recommitMs, "");

// 4. Through the built server: the upload POST and the preview page a browser then loads.
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
const origin = `http://127.0.0.1:${port}`;
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
  },
  stdio: "ignore",
});
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${origin}/login`);
      break;
    } catch {
      if (i > 100) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: reviewer.email, password: PASSWORD, redirectTo: "/" }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const httpMs: number[] = [];
  let size = 0;
  for (let run = 0; run <= runs; run++) {
    const docx = await docxOf(
      documentLines(
        `四川省外贸新动能实施方案（${run}）`,
        `川办发〔2031〕${500 + run}号`,
        measures(100, 500 + run),
      ),
    );
    const form = new FormData();
    form.set("jurisdictionId", sc.id);
    form.set("file", new File([new Uint8Array(docx)], "方案.docx"));
    const t = await timed(async () => {
      const posted = await fetch(`${origin}/import`, {
        method: "POST",
        redirect: "manual",
        headers: { origin, cookie },
        body: form,
      });
      const location = posted.headers.get("location");
      if (posted.status !== 302 || !location) throw new Error(`upload: ${posted.status}`);
      const page = await fetch(new URL(location, origin), { headers: { cookie } });
      const html = await page.text();
      if (page.status !== 200 || !html.includes("导入预览"))
        throw new Error(`preview: ${page.status}`);
      return html.length;
    });
    size = t.value;
    if (run > 0) httpMs.push(t.ms);
  }
  record(
    "100-measure .docx through the server: upload POST + preview page",
    httpMs,
    "< 2 s",
    `page ${Math.round(size / 1024)} KB`,
  );
} finally {
  server.kill("SIGTERM");
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `import figures, ${runs} runs each after a warm-up (${os.cpus().length} CPUs, Node ${process.version})`,
);
console.log("| what | median ms | worst ms | target | notes |");
console.log("| --- | ---: | ---: | --- | --- |");
for (const [what, times, target, note] of rows)
  console.log(
    `| ${what} | ${median(times).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ${target} | ${note} |`,
  );

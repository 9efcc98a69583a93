// npm run import -- <file> [--jurisdiction SC] [--commit] [options]
// Bulk loading through the same code as the page 导入文件: reads the file (any format the upload
// page takes), prints the preview — measures, how every unit name resolves, warnings, and for a
// new version of a tracked document the differences — and with --commit commits it when nothing
// is unresolved. Without --commit nothing is written. Exits 1 on a refused file or bad usage,
// 2 when the commit is refused (the reasons on stderr), 0 otherwise.
//
//   --jurisdiction CODE     where the measures are carried out (default: the text's province)
//   --commit                write the document, its tasks and assignments
//   --accept-suggestions    take the first suggestion for every name the directory nearly has
//   --map 名称=单位          the name is another name of that unit (becomes its alias)
//   --create 名称=KIND       a new unit of the jurisdiction (DEPARTMENT, AGENCY, …)
//   --replaces SLUG | --new  a new version of that document / a new document (default: same number)
//   --columns lead=4,co=5   a table's columns, counted from 1 (as `npm run parse`)
//   --json                  the preview as JSON
import path from "node:path";
import { databasePath } from "../config.server";
import { createDb } from "../db/db.server";
import { migrate } from "../db/migrate.server";
import { parseColumnSpec, readInputFile, type ColumnSpec } from "../ingest/cli-input";
import type { ImportEdits, NameDecision } from "../models/import-preview";
import {
  commitDraft,
  createDraft,
  discardDraft,
  ImportError,
  previewSource,
  type ImportSource,
} from "../models/import.server";
import { previewText } from "../models/import-text";
import { loadUnitResolver } from "../models/unit-resolution.server";
import { unitKey, UNIT_KINDS } from "../seed/unit-directory";

const usage =
  "usage: npm run import -- <file> [--jurisdiction SC] [--commit] [--accept-suggestions] [--map 名称=单位] [--create 名称=KIND] [--replaces SLUG | --new] [--columns lead=4,co=5] [--json]";

function fail(reason: string, code = 1): never {
  process.stderr.write(`import: ${reason}\n`);
  process.exit(code);
}

const args = process.argv.slice(2).filter((a) => a !== "--");
const opts = {
  file: undefined as string | undefined,
  jurisdiction: undefined as string | undefined,
  commit: false,
  accept: false,
  json: false,
  maps: [] as Array<[string, string]>,
  creates: [] as Array<[string, string]>,
  replaces: undefined as string | null | undefined,
  columns: undefined as ColumnSpec | undefined,
};
const pair = (s: string | undefined): [string, string] => {
  const i = s?.indexOf("=") ?? -1;
  if (!s || i <= 0) fail(usage);
  return [s.slice(0, i), s.slice(i + 1)];
};
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--jurisdiction") opts.jurisdiction = args[++i];
  else if (a === "--commit") opts.commit = true;
  else if (a === "--accept-suggestions") opts.accept = true;
  else if (a === "--json") opts.json = true;
  else if (a === "--map") opts.maps.push(pair(args[++i]));
  else if (a === "--create") opts.creates.push(pair(args[++i]));
  else if (a === "--replaces") opts.replaces = args[++i] ?? fail(usage);
  else if (a === "--new") opts.replaces = null;
  else if (a === "--columns") opts.columns = columnsOrFail(args[++i] ?? "");
  else if (a.startsWith("--")) fail(usage);
  else opts.file = a;
}
if (!opts.file) fail(usage);

function columnsOrFail(spec: string): ColumnSpec {
  const columns = parseColumnSpec(spec);
  return typeof columns === "string" ? fail(columns) : columns;
}

const read = await readInputFile(opts.file);
if (typeof read === "string") fail(read);
const bytes = read;

const file = databasePath();
migrate(file);
const db = createDb(file);
const source: ImportSource = { kind: "file", bytes, fileName: path.basename(opts.file) };

async function jurisdictionOf(): Promise<{ id: string; name: string; code: string }> {
  const all = await db.jurisdiction.findMany({ select: { id: true, name: true, code: true } });
  if (opts.jurisdiction) {
    const j = all.find((x) => x.code === opts.jurisdiction);
    if (!j)
      fail(`unknown jurisdiction ${opts.jurisdiction} (${all.map((x) => x.code).join(", ")})`);
    return j;
  }
  // The text's own province or municipality, when it names one we track.
  const { preview } = await previewSource(db, { source, jurisdictionId: all[0]!.id, userId: null });
  const named = preview.header.detected.jurisdiction;
  const j = all.find((x) => x.name === named);
  if (!j)
    fail(`the text names no jurisdiction Duban tracks (${named ?? "none"}): give --jurisdiction`);
  return j;
}

let committing = false;
try {
  const jurisdiction = await jurisdictionOf();
  let replacesId: string | null | undefined = undefined;
  if (typeof opts.replaces === "string") {
    const doc = await db.document.findUnique({ where: { slug: opts.replaces } });
    if (!doc) fail(`no document ${opts.replaces}`);
    replacesId = doc.id;
  } else if (opts.replaces === null) replacesId = null;

  // The reviewer's decisions, from the options.
  const resolver = await loadUnitResolver(db, jurisdiction.id);
  const names: Record<string, NameDecision> = {};
  for (const [name, unit] of opts.maps) {
    const r = resolver.resolve(unit);
    if (!("unit" in r))
      fail(`--map ${name}=${unit}: ${unit} is not a unit of ${jurisdiction.name}`);
    names[unitKey(name)] = {
      action: "MAP",
      unitId: r.kind === "SUCCESSOR" ? r.from.id : r.unit.id,
    };
  }
  for (const [name, kind] of opts.creates) {
    if (!(UNIT_KINDS as readonly string[]).includes(kind))
      fail(`--create ${name}=${kind}: kind must be one of ${UNIT_KINDS.join(", ")}`);
    names[unitKey(name)] = { action: "CREATE", name, kind };
  }
  const input = {
    source,
    jurisdictionId: jurisdiction.id,
    userId: null,
    columns: opts.columns,
    replacesId,
  };
  let { preview, replacesId: replaces } = await previewSource(db, { ...input, edits: { names } });
  if (opts.accept) {
    for (const n of preview.names)
      if (!names[n.key] && n.resolution.kind === "SUGGESTION") {
        const s = n.resolution.suggestions[0]!;
        names[n.key] = { action: "MAP", unitId: s.from?.id ?? s.unit.id };
      }
    ({ preview, replacesId: replaces } = await previewSource(db, { ...input, edits: { names } }));
  }
  const replacedDoc = replaces
    ? await db.document.findUniqueOrThrow({ where: { id: replaces } })
    : null;
  if (opts.json) process.stdout.write(`${JSON.stringify({ jurisdiction, preview }, null, 2)}\n`);
  else
    console.log(
      previewText(preview, {
        jurisdiction: jurisdiction.name,
        replaces: replacedDoc && { title: replacedDoc.title, version: replacedDoc.version },
      }),
    );
  if (!opts.commit) {
    if (!opts.json)
      console.log(
        `\n（预览：未写入。加 --commit 提交${preview.problems.length ? "，须先解决以上问题" : ""}。）`,
      );
  } else if (preview.problems.length > 0) {
    fail(
      `not committed, ${preview.problems.length} unresolved:\n${preview.problems.map((p) => `  - ${p}`).join("\n")}`,
      2,
    );
  } else {
    committing = true;
    const edits: ImportEdits = { names };
    const draft = await createDraft(db, { ...input, edits, replacesId: replaces });
    try {
      const result = await commitDraft(db, draft.id, null);
      const c = result.counts;
      console.log(
        `\nimport: committed ${result.document.slug} (version ${result.document.version}): tasks +${c.tasks.created} ~${c.tasks.updated} restored ${c.tasks.restored} archived ${c.archived}; assignments +${c.assignments.created} ~${c.assignments.updated} -${c.assignments.removed}; units created ${c.unitsCreated}, aliases added ${c.aliasesAdded}`,
      );
    } catch (error) {
      await discardDraft(db, draft.id);
      throw error;
    }
  }
} catch (error) {
  if (error instanceof ImportError) fail(error.reasons.join("\n"), committing ? 2 : 1);
  throw error;
} finally {
  await db.$disconnect();
}

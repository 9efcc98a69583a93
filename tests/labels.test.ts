// Every stored value the UI shows has a Chinese label: the values a schema field documents
// (`kind String // A | B`), the roles, the task states, and every timeline event type the code
// writes. A new value without a label would be shown raw (the outbox showed REMINDER, URGE).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUDIT_EVENT,
  DOCUMENT_STATUS,
  EMAIL_KIND,
  REPORT_STATUS,
  ROLE,
  ROLE_NAME,
  TASK_STATUS,
  UNIT_KIND,
} from "~/ui/labels";

const root = path.resolve(__dirname, "..");
const schema = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");

/** The values documented beside `field` in `model` (`field String // A | B | C`). */
function documented(model: string, field: string): string[] {
  const body = schema.match(new RegExp(`model ${model} \\{([\\s\\S]*?)\\n\\}`))?.[1] ?? "";
  const line = body.match(new RegExp(`^\\s*${field}\\s+String\\??\\s*//\\s*(.+)$`, "m"))?.[1];
  if (!line) throw new Error(`${model}.${field} documents no values in schema.prisma`);
  return line.split("|").map((v) => v.trim().split(/\s/)[0]!);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(ts|tsx|sql)$/.test(name) ? [file] : [];
  });
}

const missing = (values: string[], labels: Record<string, string>) =>
  values.filter((v) => !labels[v]);

describe("labels in Chinese for every value shown", () => {
  it("covers the values the schema documents", () => {
    expect(missing(documented("Unit", "kind"), UNIT_KIND)).toEqual([]);
    expect(missing(documented("Document", "status"), DOCUMENT_STATUS)).toEqual([]);
    expect(missing(documented("Assignment", "role"), ROLE)).toEqual([]);
    expect(missing(documented("ProgressReport", "status"), REPORT_STATUS)).toEqual([]);
    expect(missing(documented("Email", "kind"), EMAIL_KIND)).toEqual([]);
  });

  it("covers every kind of email the outbox is given", () => {
    const outbox = readFileSync(path.join(root, "app/email/outbox.server.ts"), "utf8");
    const union = outbox.match(/\bkind: ((?:"[A-Z_]+"(?: \| )?)+);/)?.[1];
    expect(union, "the outbox's kind union").toBeTruthy();
    const kinds = [...union!.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]!);
    expect(missing(kinds, EMAIL_KIND)).toEqual([]);
  });

  it("covers every role and task state", () => {
    expect(missing(["LIAISON", "REVIEWER", "ADMIN", "LEADER"], ROLE_NAME)).toEqual([]);
    // A task's state is its lead's last report's, or closed out.
    expect(missing([...Object.keys(REPORT_STATUS), "CLOSED"], TASK_STATUS)).toEqual([]);
  });

  it("covers every event type a task's timeline can show", () => {
    const written = new Set<string>();
    for (const file of [...sources(path.join(root, "app")), ...sources(path.join(root, "jobs"))])
      for (const m of readFileSync(file, "utf8").matchAll(
        /["'](task|assignment|report|instruction)\.[a-z_]+["']/g,
      ))
        written.add(m[0].slice(1, -1));
    expect(written.size).toBeGreaterThan(5);
    expect(missing([...written], AUDIT_EVENT)).toEqual([]);
  });
});

// Migrations: the committed SQL matches schema.prisma, applies once, and refuses edited history.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, appendFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate, MigrationError } from "~/db/migrate.server";

const root = path.resolve(__dirname, "..");

describe("migrations", () => {
  it("prisma/migrations produce exactly schema.prisma (schema engine diff is empty)", () => {
    const r = spawnSync("npm", ["run", "--silent", "db:migration", "--", "--check"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(
      r.stderr
        .split("\n")
        .filter((l) => l && !l.startsWith("npm warn"))
        .join("\n"),
    ).toBe("");
    expect(r.status).toBe(0);
  });
  it("applies once, records them as Prisma does, and is a no-op the second time", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-mig-"));
    const file = path.join(dir, "m.db");
    const first = migrate(file);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(migrate(file)).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const sqlite = new Database(file);
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type='table'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "Task",
        "Assignment",
        "ProgressReport",
        "AuditEvent",
        "_prisma_migrations",
      ]),
    );
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    sqlite.close();
  });
  it("refuses a migration that was edited after it was applied", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "duban-mig-"));
    const migrations = path.join(dir, "migrations");
    cpSync(path.join(root, "prisma/migrations"), migrations, { recursive: true });
    const file = path.join(dir, "m.db");
    migrate(file, migrations);
    const first = readdirSync(migrations)
      .filter((n) => /^\d/.test(n))
      .sort()[0]!;
    appendFileSync(path.join(migrations, first, "migration.sql"), "\n-- edited\n");
    expect(() => migrate(file, migrations)).toThrow(MigrationError);
  });
});

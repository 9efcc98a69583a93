// Applies prisma/migrations/*/migration.sql in order, recording each in _prisma_migrations with
// the same columns `prisma migrate deploy` uses, so either tool can take over a database.
// Why not the Prisma CLI: see app/db/schema-diff.mjs.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrationsDir as defaultMigrationsDir } from "../config.server";
import { seedShippedCalendar } from "./calendar-seed.server";

export type MigrationResult = { applied: string[]; alreadyApplied: number };

export class MigrationError extends Error {}

function checksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

export function listMigrations(dir = defaultMigrationsDir): Array<{ name: string; sql: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

export function migrate(dbFile: string, dir = defaultMigrationsDir): MigrationResult {
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const sqlite = new Database(dbFile, { timeout: 10_000 });
  try {
    // WAL lets the web server read while the worker or a seed run writes.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const m of listMigrations(dir)) {
      // IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
      const run = sqlite.transaction(() => {
        const row = sqlite
          .prepare(
            `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`,
          )
          .get(m.name) as { checksum: string; finished_at: string | null } | undefined;
        if (row?.finished_at) {
          if (row.checksum !== checksum(m.sql)) {
            throw new MigrationError(
              `migration ${m.name} was changed after it was applied; add a new migration instead`,
            );
          }
          return false;
        }
        sqlite.exec(m.sql);
        sqlite
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES (?, ?, ?, ?, 1, ?)`,
          )
          .run(
            randomUUID(),
            checksum(m.sql),
            new Date().toISOString(),
            m.name,
            new Date().toISOString(),
          );
        return true;
      });
      if (run.immediate()) applied.push(m.name);
      else alreadyApplied++;
    }
    seedShippedCalendar(sqlite);
    return { applied, alreadyApplied };
  } finally {
    sqlite.close();
  }
}

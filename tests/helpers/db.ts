// A fresh, migrated SQLite file per test suite, in the OS temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "~/db/db.server";
import { closeReadDb } from "~/db/read.server";
import { closeWriteDb } from "~/db/write.server";
import { closeTaskIndex } from "~/models/task-index.server";
import { migrate } from "~/db/migrate.server";

export function tempDatabase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "duban-test-"));
  const file = path.join(dir, "test.db");
  migrate(file);
  const db = createDb(file);
  return {
    dir,
    file,
    db,
    async cleanup() {
      // The process's own connections to the file (task index, hot reads, the outbox) go with it.
      closeTaskIndex(file);
      closeReadDb(file);
      closeWriteDb(file);
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

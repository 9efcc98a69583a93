// One PrismaClient per process, on better-sqlite3 through Prisma's driver adapter.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databasePath } from "../config.server";

export type Db = PrismaClient;

export function createDb(file = databasePath()): PrismaClient {
  // timeout: wait up to 5 s for another process's write lock instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __dubanDb?: PrismaClient };

/** The process-wide client; created on first use so that importing this module has no effect. */
export function db(): PrismaClient {
  globalForDb.__dubanDb ??= createDb();
  return globalForDb.__dubanDb;
}

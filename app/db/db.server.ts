// One PrismaClient per process, on better-sqlite3 through Prisma's driver adapter.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databasePath } from "../config.server";

export type Db = PrismaClient;

const files = new WeakMap<PrismaClient, string>();

/** The SQLite file behind a client made by createDb (read models open their own connection to it). */
export function databaseFileOf(client: PrismaClient): string {
  const file = files.get(client);
  if (!file) throw new Error("databaseFileOf: this PrismaClient was not made by createDb");
  return file;
}

export function createDb(file = databasePath()): PrismaClient {
  // timeout: wait up to 5 s for another process's write lock instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  // WAL with synchronous=NORMAL: commits no longer wait for an fsync each (the outbox writes
  // several rows per email). Safe against the app crashing; a power cut can lose the last commits.
  void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => {});
  files.set(client, file);
  return client;
}

const globalForDb = globalThis as unknown as { __dubanDb?: PrismaClient };

/** The process-wide client; created on first use so that importing this module has no effect. */
export function db(): PrismaClient {
  globalForDb.__dubanDb ??= createDb();
  return globalForDb.__dubanDb;
}

// One PrismaClient per process, on better-sqlite3 through Prisma's driver adapter.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databasePath } from "../config.server";
import { processWide } from "../utils/process-wide";

export type Db = PrismaClient;

const files = processWide("databaseFiles", () => new WeakMap<PrismaClient, string>());

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

/** What an interactive transaction's callback receives. */
export type TxClient = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

/**
 * An interactive transaction that takes SQLite's write lock before its first read, as BEGIN
 * IMMEDIATE would (Prisma's adapter only issues a deferred BEGIN). A deferred transaction that
 * reads and then writes fails at once when another process (the worker, another web process)
 * committed in between; one that asks for the lock first waits for it instead (busy timeout).
 * Every transaction that writes goes through here.
 */
export function writeTransaction<T>(
  client: PrismaClient,
  fn: (tx: TxClient) => Promise<T>,
  options?: { timeout?: number },
): Promise<T> {
  return client.$transaction(
    async (tx) => {
      // A write that matches no row still takes the write lock (tests/db.test.ts).
      await tx.$executeRawUnsafe(`DELETE FROM "Setting" WHERE 0`);
      return fn(tx);
    },
    { maxWait: 10_000, timeout: 15_000, ...options },
  );
}

const shared = processWide("db", () => ({ client: null as PrismaClient | null }));

/** The process-wide client; created on first use so that importing this module has no effect. */
export function db(): PrismaClient {
  shared.client ??= createDb();
  return shared.client;
}

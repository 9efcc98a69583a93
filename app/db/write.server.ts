// A writable better-sqlite3 connection per database file, for the outbox: a reminder run writes
// thousands of rows and every email's send claims and marks its row. Through Prisma each of those
// statements cost a few tenths of a millisecond and most of a send's CPU; prepared here, a few
// microseconds.
//
// Never use it while this process holds a Prisma transaction open (writeTransaction, a batch
// $transaction): SQLite has one writer, and a statement here would wait for that transaction's
// lock while blocking the event loop the transaction needs to finish. The worker and the jobs CLI,
// which use it, open no such transactions; the web server does not use it.
import Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { connectionsFor } from "./connections.server";

const writes = connectionsFor("write", (file) => {
  const conn = new Database(file, { fileMustExist: true, timeout: 5000 });
  // As the Prisma connection (app/db/db.server.ts): WAL, no fsync per commit.
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  conn.pragma("foreign_keys = ON");
  return conn;
});

/** A prepared statement on the write connection of the database behind `db` (prepared once). */
export const writeStatement = writes.statement;

/** Runs `fn` in one transaction that takes the write lock first (BEGIN IMMEDIATE). */
export function writeBatch<T>(db: PrismaClient, fn: () => T): T {
  return writes.connection(db).transaction(fn).immediate();
}

/** Closes the write connection of a database file (tests delete their files). */
export const closeWriteDb = writes.close;

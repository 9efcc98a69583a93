// A read-only better-sqlite3 connection per database file, for the few fixed reads on the hot
// path of every page (who the user is, a task's page). Through Prisma each such query costs about
// a quarter of a millisecond here (query compiler, interpreter, adapter); the same prepared
// statement costs a few microseconds. Writes and everything else stay with Prisma.
import Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { connectionsFor } from "./connections.server";

const reads = connectionsFor("read", (file) => {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  // Writers hold the lock for milliseconds; wait for them rather than fail with SQLITE_BUSY.
  conn.pragma("busy_timeout = 5000");
  return conn;
});

/** A prepared statement on the read connection of the database behind `db` (prepared once). */
export const readStatement = reads.statement;

/** Runs `fn` in one read transaction: its statements see one snapshot of the database. */
export function readSnapshot<T>(db: PrismaClient, fn: () => T): T {
  return reads.connection(db).transaction(fn)();
}

/** Closes the read connection of a database file (tests delete their files). */
export const closeReadDb = reads.close;

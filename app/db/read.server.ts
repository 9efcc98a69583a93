// A read-only better-sqlite3 connection per database file, for the few fixed reads on the hot
// path of every page (who the user is, a task's page). Through Prisma each such query costs about
// a quarter of a millisecond here (query compiler, interpreter, adapter); the same prepared
// statement costs a few microseconds. Writes and everything else stay with Prisma.
import Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { processWide } from "../utils/process-wide";
import { databaseFileOf } from "./db.server";

const connections = processWide("readConnections", () => new Map<string, { conn: Database.Database; statements: Map<string, Database.Statement> }>());

function entry(file: string) {
  let e = connections.get(file);
  if (!e) {
    e = { conn: new Database(file, { readonly: true, fileMustExist: true }), statements: new Map() };
    // Writers hold the lock for milliseconds; wait for them rather than fail with SQLITE_BUSY.
    e.conn.pragma("busy_timeout = 5000");
    connections.set(file, e);
  }
  return e;
}

/** A prepared statement on the read connection of the database behind `db` (prepared once). */
export function readStatement(db: PrismaClient, sql: string): Database.Statement {
  const e = entry(databaseFileOf(db));
  let st = e.statements.get(sql);
  if (!st) e.statements.set(sql, (st = e.conn.prepare(sql)));
  return st;
}

/** Runs `fn` in one read transaction: its statements see one snapshot of the database. */
export function readSnapshot<T>(db: PrismaClient, fn: () => T): T {
  return entry(databaseFileOf(db)).conn.transaction(fn)();
}

/** Closes the read connection of a database file (tests delete their files). */
export function closeReadDb(file: string) {
  connections.get(file)?.conn.close();
  connections.delete(file);
}

// Direct better-sqlite3 connections, one per database file and purpose, each keeping its prepared
// statements: the shared shape of app/db/read.server.ts and app/db/write.server.ts.
import type Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { processWide } from "../utils/process-wide";
import { databaseFileOf } from "./db.server";

export function connectionsFor(purpose: string, open: (file: string) => Database.Database) {
  const connections = processWide(
    `${purpose}Connections`,
    () =>
      new Map<string, { conn: Database.Database; statements: Map<string, Database.Statement> }>(),
  );
  const entry = (file: string) => {
    let e = connections.get(file);
    if (!e) connections.set(file, (e = { conn: open(file), statements: new Map() }));
    return e;
  };
  return {
    /** The connection to the database behind `db`. */
    connection: (db: PrismaClient) => entry(databaseFileOf(db)).conn,
    /** A prepared statement on it (prepared once). */
    statement(db: PrismaClient, sql: string): Database.Statement {
      const e = entry(databaseFileOf(db));
      let st = e.statements.get(sql);
      if (!st) e.statements.set(sql, (st = e.conn.prepare(sql)));
      return st;
    },
    /** Closes the connection to a database file (tests delete their files). */
    close(file: string) {
      connections.get(file)?.conn.close();
      connections.delete(file);
    },
  };
}

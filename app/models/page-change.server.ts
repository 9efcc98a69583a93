// The PageChange log: changes pages show that the task index does not hold — people's names and
// the demo flag, settings — written by triggers whoever writes them (prisma/migrations/
// *_page_change_log). Its newest seq is part of every cached page's key, and of what is derived
// from those tables and kept in memory (the demo flag).
import type { PrismaClient } from "../generated/prisma/client";
import { readStatement } from "../db/read.server";

/** The newest PageChange seq: one indexed read. */
export function pageChangeSeq(db: PrismaClient): number {
  return Number(readStatement(db, `SELECT coalesce(max(seq), 0) FROM "PageChange"`).pluck().get());
}

/** Drops entries older than `keepMs`, always keeping the newest (the seq must never go back). */
export async function prunePageChanges(
  db: PrismaClient,
  keepMs = 24 * 60 * 60 * 1000,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - keepMs).toISOString().replace("T", " ").slice(0, 19);
  return db.$executeRawUnsafe(
    `DELETE FROM "PageChange" WHERE at < ? AND seq < (SELECT max(seq) FROM "PageChange")`,
    cutoff,
  );
}

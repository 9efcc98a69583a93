// Where things live. Every path is derived from the project root so that the app, the worker,
// the CLI and the tests agree without sharing state.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveAppUrl } from "./cli/app-url.mjs";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Local state (SQLite file, Redis data, session secret, built reports). Never committed. */
export function dataDir(): string {
  return process.env.DUBAN_DATA_DIR
    ? path.resolve(process.env.DUBAN_DATA_DIR)
    : path.join(projectRoot, "data");
}

/** DATABASE_URL as a file path. Only SQLite file URLs are supported: file:/abs/path or file:./rel. */
export function databasePath(
  url = process.env.DATABASE_URL || `file:${path.join(dataDir(), "duban.db")}`,
): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file URL (file:/path/to/duban.db), got ${url}`);
  }
  const p = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  return path.isAbsolute(p) ? p : path.resolve(projectRoot, p);
}

export const seedsDir = path.join(projectRoot, "seeds");
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");

/**
 * The base URL of links in emails, the same in every process (app/cli/app-url.mjs): APP_URL, else
 * the URL the web server recorded in the data folder, else http://localhost:$PORT.
 */
export function appUrl(): string {
  return resolveAppUrl(dataDir()).url;
}

/** appUrl() and where it came from, for a CLI to say which address its emails link to. */
export function appUrlSource() {
  return resolveAppUrl(dataDir());
}

// The base URL every link in an email starts with, derived the same way by every process: the web
// server, the worker, the jobs CLI and `npm start`. Plain Node with no dependencies, because
// start.mjs runs before `npm install` has.
//
//   1. APP_URL, when set (production: the address people type, e.g. behind a proxy);
//   2. else the URL the web server last served from this data folder: it records it in
//      <data>/app-url.json when it starts listening, so a worker or `npm run jobs` started later in
//      another shell, without PORT, still links to the port `npm start` chose;
//   3. else http://localhost:$PORT (default 3000), as the web server would serve.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export const APP_URL_FILE = "app-url.json";

/** Normalises an APP_URL (no trailing slash), or throws a clear error for a value that is not one. */
export function checkAppUrl(value, from = "APP_URL") {
  let u;
  try {
    u = new URL(value);
  } catch {
    throw new Error(
      `${from} must be an http(s) URL such as https://duban.example.gov.cn, got "${value}"`,
    );
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new Error(`${from} must start with http:// or https://, got "${value}"`);
  return u.href.replace(/\/+$/, "");
}

/** @typedef {Record<string, string | undefined>} Env */

/** The port the web server listens on. @param {Env} [env] */
export function servedPort(env = process.env) {
  return Number(env.PORT || 3000);
}

/**
 * The URL the web server serves with this PORT and HOST: a wildcard bind address is "localhost".
 * @param {Env} [env]
 */
export function servedUrl(env = process.env) {
  const host = (env.HOST || "").trim();
  const wildcard = host === "" || host === "0.0.0.0" || host === "::" || host === "[::]";
  const name = wildcard
    ? "localhost"
    : host.includes(":") && !host.startsWith("[")
      ? `[${host}]`
      : host;
  return `http://${name}:${servedPort(env)}`;
}

/** Writes the served URL into the data folder (atomically: a reader never sees half a file). */
export function recordAppUrl(dataDir, url, by) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, APP_URL_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const record = { url, by, pid: process.pid, at: new Date().toISOString() };
  writeFileSync(tmp, JSON.stringify(record, null, 2) + "\n");
  renameSync(tmp, file);
}

/** The record the web server left in the data folder, or null (none, or not readable as one). */
export function recordedAppUrl(dataDir) {
  let record;
  try {
    record = JSON.parse(readFileSync(path.join(dataDir, APP_URL_FILE), "utf8"));
  } catch {
    return null;
  }
  try {
    return typeof record?.url === "string" ? { ...record, url: checkAppUrl(record.url) } : null;
  } catch {
    return null;
  }
}

/**
 * The base URL and where it came from: "APP_URL", "recorded" (with the record) or "PORT".
 * @param {string} dataDir
 * @param {Env} [env]
 */
export function resolveAppUrl(dataDir, env = process.env) {
  if (env.APP_URL) return { url: checkAppUrl(env.APP_URL), source: "APP_URL" };
  const record = recordedAppUrl(dataDir);
  if (record) return { url: record.url, source: "recorded", record };
  return { url: servedUrl(env), source: "PORT" };
}

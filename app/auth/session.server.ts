// Signed httpOnly session cookie. The secret is generated on first start and kept in the data
// folder (never in the repository); SESSION_SECRET overrides it.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createCookieSessionStorage } from "@remix-run/node";
import { dataDir } from "../config.server";

function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir(), "session-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir(), { recursive: true });
    // wx: two processes starting together must not overwrite each other's secret.
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

/** Secure unless COOKIE_SECURE=false; off by default outside production (plain http in development). */
function secureCookie(): boolean {
  if (process.env.COOKIE_SECURE) return process.env.COOKIE_SECURE !== "false";
  return process.env.NODE_ENV === "production";
}

type SessionData = { userId: string };
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | null = null;

export function sessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: "__duban",
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookie(),
      path: "/",
      maxAge: 60 * 60 * 12,
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

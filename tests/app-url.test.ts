// The base URL of links in emails: one rule for the web server, the worker, the jobs CLI and
// `npm start` (app/cli/app-url.mjs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  APP_URL_FILE,
  checkAppUrl,
  recordAppUrl,
  resolveAppUrl,
  servedUrl,
} from "~/cli/app-url.mjs";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "duban-app-url-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the base URL of links", () => {
  it("is APP_URL when set, without a trailing slash, whatever the data folder says", () => {
    const dir = tempDir();
    recordAppUrl(dir, "http://localhost:4123", "web");
    expect(resolveAppUrl(dir, { APP_URL: "https://duban.example.gov.cn/" })).toEqual({
      url: "https://duban.example.gov.cn",
      source: "APP_URL",
    });
    expect(resolveAppUrl(dir, { APP_URL: "https://example.gov.cn/duban/" }).url).toBe(
      "https://example.gov.cn/duban",
    );
  });

  it("refuses an APP_URL that is not an http(s) URL, saying what it got", () => {
    expect(() => checkAppUrl("localhost:3000")).toThrow(/http:\/\/ or https:\/\/.*localhost:3000/);
    expect(() => checkAppUrl("not a url")).toThrow(/APP_URL must be an http\(s\) URL/);
  });

  it("else is what the web server recorded in the data folder, even with another PORT here", () => {
    const dir = tempDir();
    recordAppUrl(dir, "http://localhost:4123", "web");
    const r = resolveAppUrl(dir, { PORT: "3000" });
    expect(r).toMatchObject({ url: "http://localhost:4123", source: "recorded" });
  });

  it("else is derived from PORT and HOST as the web server serves them", () => {
    const dir = tempDir();
    expect(resolveAppUrl(dir, {})).toEqual({ url: "http://localhost:3000", source: "PORT" });
    expect(servedUrl({ PORT: "8080" })).toBe("http://localhost:8080");
    expect(servedUrl({ PORT: "8080", HOST: "0.0.0.0" })).toBe("http://localhost:8080");
    expect(servedUrl({ PORT: "8080", HOST: "::" })).toBe("http://localhost:8080");
    expect(servedUrl({ HOST: "127.0.0.1" })).toBe("http://127.0.0.1:3000");
    expect(servedUrl({ HOST: "10.1.2.3", PORT: "80" })).toBe("http://10.1.2.3:80");
    expect(servedUrl({ HOST: "::1", PORT: "3001" })).toBe("http://[::1]:3001");
  });

  it("ignores a record that is not one (half-written, edited by hand)", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, APP_URL_FILE), "{ not json");
    expect(resolveAppUrl(dir, { PORT: "5000" }).url).toBe("http://localhost:5000");
    writeFileSync(path.join(dir, APP_URL_FILE), JSON.stringify({ url: "ftp://x" }));
    expect(resolveAppUrl(dir, { PORT: "5000" }).url).toBe("http://localhost:5000");
  });
});

describe("the Redis a command run on its own uses", () => {
  it("is REDIS_URL, else the local redis-server npm start recorded in the data folder", async () => {
    const { findRedisUrl } = await import("../jobs/redis");
    const dir = tempDir();
    const saved = { REDIS_URL: process.env.REDIS_URL, DUBAN_DATA_DIR: process.env.DUBAN_DATA_DIR };
    try {
      delete process.env.REDIS_URL;
      process.env.DUBAN_DATA_DIR = dir;
      expect(findRedisUrl()).toBeNull();
      mkdirSync(path.join(dir, "redis"));
      writeFileSync(path.join(dir, "redis", "redis.port"), "6391\n");
      expect(findRedisUrl()?.url).toBe("redis://127.0.0.1:6391");
      process.env.REDIS_URL = "redis://10.0.0.5:6379";
      expect(findRedisUrl()).toEqual({ url: "redis://10.0.0.5:6379", source: "REDIS_URL" });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, safeRedirect } from "~/auth/auth.server";
import { LOGIN_POLICY } from "~/auth/login-limits.server";
import { originAllowed } from "~/auth/origin";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { issueToken, peekToken, redeemToken } from "~/auth/tokens.server";
import { ensureFirstAdmin } from "~/models/user.server";
import { tempDatabase } from "./helpers/db";

describe("passwords", () => {
  it("are hashed with argon2id and verified", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "wrong")).toBe(false);
    expect(await verifyPassword("garbage", "x")).toBe(false);
  });
});

describe("sign-in", () => {
  const t = tempDatabase();
  beforeAll(async () => {
    await t.db.user.create({
      data: {
        email: "a@example.test",
        name: "甲",
        role: "REVIEWER",
        passwordHash: await hashPassword("password-one"),
      },
    });
    await t.db.user.create({
      data: {
        email: "off@example.test",
        name: "停",
        role: "REVIEWER",
        active: false,
        passwordHash: await hashPassword("password-one"),
      },
    });
  });
  afterAll(() => t.cleanup());

  it("accepts the right password (email case-insensitive) and refuses others", async () => {
    expect(await login(t.db, "A@Example.test", "password-one", "10.0.0.1")).toMatchObject({
      ok: true,
    });
    expect(await login(t.db, "a@example.test", "nope", "10.0.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await login(t.db, "nobody@example.test", "x", "10.0.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await login(t.db, "off@example.test", "password-one", "10.0.0.1")).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
  it(`slows an account and address after ${LOGIN_POLICY.perPair} failures, never the same account from another address`, async () => {
    await t.db.rateLimit.deleteMany();
    for (let i = 0; i < LOGIN_POLICY.perPair; i++)
      expect(await login(t.db, "a@example.test", "bad", "10.1.0.1")).toMatchObject({
        reason: "invalid",
      });
    // One more from there is checked (the slow lane: one a minute), the next is not.
    expect(await login(t.db, "a@example.test", "bad", "10.1.0.1")).toMatchObject({
      reason: "invalid",
    });
    expect(await login(t.db, "a@example.test", "password-one", "10.1.0.1")).toMatchObject({
      reason: "rate_limited",
    });
    // The real owner, elsewhere, signs in at once.
    expect(await login(t.db, "a@example.test", "password-one", "10.1.0.99")).toMatchObject({
      ok: true,
    });
  });
  it(`limits one address to ${LOGIN_POLICY.perAddress} attempts across accounts`, async () => {
    await t.db.rateLimit.deleteMany();
    for (let i = 0; i < LOGIN_POLICY.perAddress; i++)
      await login(t.db, `guess${i}@example.test`, "bad", "10.2.0.1");
    await login(t.db, "guess-slow@example.test", "bad", "10.2.0.1"); // the slow lane's one
    expect(await login(t.db, "a@example.test", "password-one", "10.2.0.1")).toMatchObject({
      reason: "rate_limited",
    });
    expect(await login(t.db, "a@example.test", "password-one", "10.2.0.2")).toMatchObject({
      ok: true,
    });
  });
  it("a success clears the account and address's failures", async () => {
    await t.db.rateLimit.deleteMany();
    for (let i = 0; i < LOGIN_POLICY.perPair - 1; i++)
      await login(t.db, "a@example.test", "bad", "10.3.0.1");
    expect(await login(t.db, "a@example.test", "password-one", "10.3.0.1")).toMatchObject({
      ok: true,
    });
    for (let i = 0; i < LOGIN_POLICY.perPair; i++)
      expect(await login(t.db, "a@example.test", "bad", "10.3.0.1")).toMatchObject({
        reason: "invalid",
      });
  });
});

describe("invitation and reset links", () => {
  const t = tempDatabase();
  afterAll(() => t.cleanup());
  it("work once, then never again", async () => {
    const u = await t.db.user.create({
      data: { email: "new@example.test", name: "新", role: "LIAISON" },
    });
    const token = await issueToken(t.db, u.id, "INVITE");
    expect(await peekToken(t.db, token, "INVITE")).not.toBeNull();
    expect(await peekToken(t.db, token, "RESET")).toBeNull();
    expect(await redeemToken(t.db, token, "INVITE", "hash1")).toMatchObject({
      id: u.id,
      passwordHash: "hash1",
    });
    expect(await redeemToken(t.db, token, "INVITE", "hash2")).toBeNull();
    expect(await peekToken(t.db, token, "INVITE")).toBeNull();
    expect(
      (await t.db.authToken.findFirstOrThrow({ where: { userId: u.id } })).tokenHash,
    ).not.toContain(token);
  });
  it("expire", async () => {
    const u = await t.db.user.create({
      data: { email: "late@example.test", name: "迟", role: "LIAISON" },
    });
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await issueToken(t.db, u.id, "RESET", issued);
    expect(await peekToken(t.db, token, "RESET", new Date("2026-01-01T01:59:00Z"))).not.toBeNull();
    expect(
      await redeemToken(t.db, token, "RESET", "h", new Date("2026-01-01T02:01:00Z")),
    ).toBeNull();
  });
  it("a new link replaces the unused old one", async () => {
    const u = await t.db.user.create({
      data: { email: "twice@example.test", name: "二", role: "LIAISON" },
    });
    const old = await issueToken(t.db, u.id, "RESET");
    await issueToken(t.db, u.id, "RESET");
    expect(await peekToken(t.db, old, "RESET")).toBeNull();
  });
});

describe("first start", () => {
  const t = tempDatabase();
  afterAll(() => t.cleanup());
  it("creates one admin with a one-time password only when there are no users", async () => {
    const first = await ensureFirstAdmin(t.db, "boss@example.test");
    expect(first?.email).toBe("boss@example.test");
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "boss@example.test" } });
    expect(user.role).toBe("ADMIN");
    expect(await verifyPassword(user.passwordHash!, first!.password)).toBe(true);
    expect(await ensureFirstAdmin(t.db, "boss@example.test")).toBeNull();
  });
});

describe("request safety", () => {
  it("redirects only within the site", () => {
    expect(safeRedirect("/tasks/1")).toBe("/tasks/1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect(null, "/my")).toBe("/my");
    // As a browser reads them: tabs and newlines dropped, "\\" a "/", dot segments resolved.
    for (const crafted of [
      "/\t/evil.example/",
      "/\n/evil.example",
      "/.//evil.example",
      "/\r\n/x.y",
    ])
      expect(new URL(safeRedirect(crafted), "http://duban.test").origin).toBe("http://duban.test");
    expect(safeRedirect("/a\r\nSet-Cookie: x=1")).not.toMatch(/[\r\n]/);
    expect(safeRedirect("/tasks/1?tab=报送#x")).toBe("/tasks/1?tab=%E6%8A%A5%E9%80%81#x");
  });
  it("refuses mutating requests from another origin", () => {
    expect(originAllowed("GET", "duban.local", undefined, undefined)).toBe(true);
    expect(originAllowed("POST", "duban.local:3000", "http://duban.local:3000", undefined)).toBe(
      true,
    );
    expect(
      originAllowed("POST", "duban.local:3000", undefined, "http://duban.local:3000/tasks/1"),
    ).toBe(true);
    expect(originAllowed("POST", "duban.local:3000", "https://evil.example", undefined)).toBe(
      false,
    );
    expect(originAllowed("POST", "duban.local:3000", "null", undefined)).toBe(false);
    expect(originAllowed("POST", "duban.local:3000", undefined, undefined)).toBe(false);
    expect(
      originAllowed("POST", "internal:3000", "https://duban.gov.cn", undefined, [
        "https://duban.gov.cn",
      ]),
    ).toBe(true);
  });
});

// Invitation and password-reset links: random, single-use, expiring; only their hash is stored.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { writeTransaction } from "../db/db.server";
import { endSessionsOf } from "./session.server";

export type TokenPurpose = "INVITE" | "RESET";
const LIFETIME_MS: Record<TokenPurpose, number> = {
  INVITE: 7 * 24 * 3600_000,
  RESET: 2 * 3600_000,
};

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export async function issueToken(
  db: PrismaClient,
  userId: string,
  purpose: TokenPurpose,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  // A new link replaces any unused one of the same purpose.
  await db.authToken.updateMany({
    where: { userId, purpose, usedAt: null },
    data: { usedAt: now },
  });
  await db.authToken.create({
    data: {
      tokenHash: sha256(token),
      userId,
      purpose,
      expiresAt: new Date(now.getTime() + LIFETIME_MS[purpose]),
    },
  });
  return token;
}

/** The token's user if it is valid, without using it up. */
export async function peekToken(
  db: PrismaClient,
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
) {
  const row = await db.authToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: true },
  });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now || !row.user.active)
    return null;
  return row;
}

/**
 * Uses the token up and sets the password, atomically: a second use finds it spent. The person
 * must be active (a link issued before a deactivation never works after it), and every session
 * they had ends — whoever had the old password is signed out.
 */
export async function redeemToken(
  db: PrismaClient,
  token: string,
  purpose: TokenPurpose,
  passwordHash: string,
  now = new Date(),
) {
  return writeTransaction(db, async (tx) => {
    const spent = await tx.authToken.updateMany({
      where: {
        tokenHash: sha256(token),
        purpose,
        usedAt: null,
        expiresAt: { gt: now },
        user: { active: true },
      },
      data: { usedAt: now },
    });
    if (spent.count !== 1) return null;
    const row = await tx.authToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    const user = await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await endSessionsOf(tx, user.id);
    await tx.auditEvent.create({
      data: {
        actorId: user.id,
        type: purpose === "INVITE" ? "user.invitation_accepted" : "user.password_reset",
        payload: "{}",
      },
    });
    return user;
  });
}

/** Every unused link of the person stops working (deactivation). */
export async function revokeTokens(
  db: Pick<PrismaClient, "authToken">,
  userId: string,
  now = new Date(),
) {
  await db.authToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
}

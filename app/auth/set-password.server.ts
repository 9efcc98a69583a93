// Shared by the invitation and password-reset pages: a valid link lets its user set a password once.
import { json } from "@remix-run/node";
import { db } from "../db/db.server";
import { fieldErrors, setPasswordSchema } from "../forms/user-forms";
import { createUserSession, homeFor } from "./auth.server";
import { hashPassword } from "./password.server";
import { peekToken, redeemToken, type TokenPurpose } from "./tokens.server";

const GONE = "此链接无效、已使用或已过期，请联系系统管理员重新发送。";

export async function setPasswordLoader(token: string, purpose: TokenPurpose) {
  const row = await peekToken(db(), token, purpose);
  if (!row) throw new Response(GONE, { status: 410 });
  return json({ email: row.user.email, name: row.user.name });
}

export async function setPasswordAction(request: Request, token: string, purpose: TokenPurpose) {
  const form = await request.formData();
  const parsed = setPasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const user = await redeemToken(db(), token, purpose, await hashPassword(parsed.data.password));
  if (!user) throw new Response(GONE, { status: 410 });
  return createUserSession(request, user.id, homeFor(user.role));
}

// npm run admin:reset -- <email> — when nobody can sign in as admin (the first start's password
// is lost, the admin forgot theirs): sets a new one-time password for that admin account and
// prints it once. The account is reactivated if it was deactivated; its sessions end and its
// unused links stop working. Run it on the server, with the same DATABASE_URL as the app.
import { databasePath } from "../config.server";
import { createDb } from "../db/db.server";
import { migrate } from "../db/migrate.server";
import { resetAdminPassword, UserError } from "../models/user.server";

const email = process.argv[2];
if (!email || email.startsWith("-")) {
  console.error("usage: npm run admin:reset -- <admin email>");
  process.exit(2);
}
const file = databasePath();
migrate(file);
const db = createDb(file);
try {
  const { email: account, password } = await resetAdminPassword(db, email);
  console.log("");
  console.log("  ┌─ A new password for an admin account. It is shown only once. ─");
  console.log(`  │  email:    ${account}`);
  console.log(`  │  password: ${password}`);
  console.log("  └─ Sign in, then set a password of your own under 个人设置. ─");
  console.log("");
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  console.error(`admin:reset: ${error.message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

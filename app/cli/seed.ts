// npm run db:seed [-- --demo] — applies migrations, seeds the unit directory and the documents
// in seeds/, creates the first admin on an empty user table (printing its one-time password once)
// and, with --demo, demo accounts and progress history. Safe to run any number of times.
import { databasePath, seedsDir } from "../config.server";
import { createDb } from "../db/db.server";
import { migrate } from "../db/migrate.server";
import { ensureFirstAdmin } from "../models/user.server";
import {
  DEMO_PASSWORD,
  DEMO_REVIEWER_EMAIL,
  DEMO_REVIEWER_TJ_EMAIL,
  fillDemoHistory,
  seedDemo,
} from "../seed/demo.server";
import { DEMO_LEADER_EMAIL } from "../seed/demo-leader.server";
import { formatSeedSummary } from "../seed/summary";
import { seedAll, SeedError } from "../seed/seed.server";
import { DirectoryError } from "../seed/unit-directory";

const file = databasePath();
migrate(file);
const db = createDb(file);
try {
  const summary = await seedAll(db, seedsDir);
  console.log(formatSeedSummary(summary));
  const admin = await ensureFirstAdmin(db);
  if (admin) {
    console.log("");
    console.log(
      "  ┌─ First start: an admin account was created. This password is shown only once. ─",
    );
    console.log(`  │  email:    ${admin.email}`);
    console.log(`  │  password: ${admin.password}`);
    console.log("  └─ Sign in, then invite people under 用户管理. ─");
    console.log("");
  }
  if (process.argv.includes("--demo")) {
    const demo = await seedDemo(db);
    console.log(
      demo.created
        ? `seed: demo data added: ${demo.users} accounts (reviewers ${DEMO_REVIEWER_EMAIL} for 四川省 and ${DEMO_REVIEWER_TJ_EMAIL} for 天津市, leader ${DEMO_LEADER_EMAIL} of 商务厅, liaisons liaison-*@demo.duban.invalid; password ${DEMO_PASSWORD}), ${demo.reports} progress reports`
        : `seed: demo data already present; ${demo.reports} progress reports added for the months since`,
    );
  } else if (await db.user.findUnique({ where: { email: DEMO_REVIEWER_EMAIL } })) {
    // A demo started again weeks later still looks alive: the months since are reported.
    const reports = await fillDemoHistory(db);
    if (reports > 0) console.log(`seed: demo data brought up to date: ${reports} progress reports`);
  }
} catch (error) {
  if (error instanceof SeedError || error instanceof DirectoryError) {
    console.error(`seed: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await db.$disconnect();
}

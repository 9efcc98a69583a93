// npm run db:seed — applies migrations, then seeds the unit directory and the documents in seeds/.
// Safe to run any number of times; prints what it created or changed.
import { databasePath, seedsDir } from "../config.server";
import { createDb } from "../db/db.server";
import { migrate } from "../db/migrate.server";
import { formatSeedSummary } from "../seed/summary";
import { seedAll, SeedError } from "../seed/seed.server";
import { DirectoryError } from "../seed/unit-directory";

const file = databasePath();
migrate(file);
const db = createDb(file);
try {
  const summary = await seedAll(db, seedsDir);
  console.log(formatSeedSummary(summary));
} catch (error) {
  if (error instanceof SeedError || error instanceof DirectoryError) {
    console.error(`seed: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await db.$disconnect();
}

// npm run db:migrate — creates the SQLite file if needed and applies pending migrations.
import { databasePath } from "../config.server";
import { migrate } from "../db/migrate.server";

const file = databasePath();
const result = migrate(file);
console.log(
  result.applied.length > 0
    ? `database ${file}: applied ${result.applied.join(", ")}`
    : `database ${file}: up to date (${result.alreadyApplied} migrations)`,
);

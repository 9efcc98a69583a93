// Read by the Prisma CLI (`prisma generate`). Migrations are applied by app/db/migrate.server.ts,
// not by the CLI; see the README ("Why not `prisma migrate`").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

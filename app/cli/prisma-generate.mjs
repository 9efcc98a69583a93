// Runs `prisma generate` without letting the Prisma CLI fetch its native schema engine.
// Prisma 7's CLI insists on downloading that binary before any command, even `generate`,
// which never executes it; this machine (and many locked-down ones) cannot reach the vendor's
// download host. Pointing PRISMA_SCHEMA_ENGINE_BINARY at /bin/false satisfies the check and
// makes any unexpected use fail loudly instead of silently. Migrations do not use the CLI at all
// (see app/db/migrate.server.ts and app/db/schema-diff.mjs).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let prismaCli;
try {
  prismaCli = require.resolve("prisma/build/index.js");
} catch {
  console.error("prisma-generate: the prisma package is not installed (run npm ci)");
  process.exit(1);
}
const stub = existsSync("/bin/false") ? "/bin/false" : "/usr/bin/false";
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);

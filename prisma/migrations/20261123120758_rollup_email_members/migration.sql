-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RollupReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "data" TEXT,
    "xlsxFile" TEXT,
    "docxFile" TEXT,
    "error" TEXT,
    "requestedById" TEXT,
    "emailMembers" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "builtAt" DATETIME
);
INSERT INTO "new_RollupReport" ("builtAt", "createdAt", "data", "documentId", "docxFile", "error", "id", "period", "progress", "requestedById", "status", "xlsxFile") SELECT "builtAt", "createdAt", "data", "documentId", "docxFile", "error", "id", "period", "progress", "requestedById", "status", "xlsxFile" FROM "RollupReport";
DROP TABLE "RollupReport";
ALTER TABLE "new_RollupReport" RENAME TO "RollupReport";
CREATE INDEX "RollupReport_createdAt_idx" ON "RollupReport"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

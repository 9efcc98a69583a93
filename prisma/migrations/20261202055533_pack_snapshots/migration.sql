-- CreateTable
CREATE TABLE "PackSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "PackSnapshot_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "RollupReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PackSnapshot_reportId_key" ON "PackSnapshot"("reportId");

-- CreateIndex
CREATE INDEX "PackSnapshot_scopeKey_takenAt_idx" ON "PackSnapshot"("scopeKey", "takenAt");

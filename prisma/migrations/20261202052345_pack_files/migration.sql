-- CreateTable
CREATE TABLE "PackFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "builtAt" DATETIME NOT NULL,
    CONSTRAINT "PackFile_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "RollupReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PackFile_reportId_kind_key" ON "PackFile"("reportId", "kind");

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

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "heldOn" DATETIME NOT NULL,
    "minutesNumber" TEXT NOT NULL,
    "attendees" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "recordedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Meeting_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

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
CREATE UNIQUE INDEX "PackFile_reportId_kind_key" ON "PackFile"("reportId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_documentId_key" ON "Meeting"("documentId");

-- CreateIndex
CREATE INDEX "Meeting_heldOn_idx" ON "Meeting"("heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "PackSnapshot_reportId_key" ON "PackSnapshot"("reportId");

-- CreateIndex
CREATE INDEX "PackSnapshot_scopeKey_takenAt_idx" ON "PackSnapshot"("scopeKey", "takenAt");

-- AlterTable
ALTER TABLE "Document" ADD COLUMN "implementsCitation" TEXT;
ALTER TABLE "Document" ADD COLUMN "importedAt" DATETIME;
ALTER TABLE "Document" ADD COLUMN "version" INTEGER;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Task" ADD COLUMN "leader" TEXT;

-- CreateTable
CREATE TABLE "ImportDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdById" TEXT,
    "jurisdictionId" TEXT NOT NULL,
    "fileName" TEXT,
    "format" TEXT NOT NULL,
    "fileBytes" BLOB,
    "sourceText" TEXT NOT NULL,
    "parsed" TEXT NOT NULL,
    "edits" TEXT NOT NULL DEFAULT '{}',
    "replacesId" TEXT,
    "replacesVersion" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "documentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "committedAt" DATETIME,
    CONSTRAINT "ImportDraft_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ImportDraft_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ImportDraft_createdById_status_idx" ON "ImportDraft"("createdById", "status");

-- CreateIndex
CREATE INDEX "ImportDraft_replacesId_idx" ON "ImportDraft"("replacesId");

-- AlterTable
ALTER TABLE "RollupReport" ADD COLUMN "supervisorId" TEXT;

-- CreateTable
CREATE TABLE "Supervision" (
    "unitId" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,

    PRIMARY KEY ("unitId", "jurisdictionId"),
    CONSTRAINT "Supervision_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Supervision_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Adoption" (
    "documentId" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "viaDocumentId" TEXT,
    "evidence" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("documentId", "jurisdictionId"),
    CONSTRAINT "Adoption_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_viaDocumentId_fkey" FOREIGN KEY ("viaDocumentId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sectionPath" TEXT NOT NULL,
    "heading" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "dueDate" DATETIME,
    "dueDateSource" TEXT,
    "dueDateText" TEXT,
    "recurrence" TEXT,
    "status" TEXT NOT NULL DEFAULT 'NOT_STARTED',
    "responsibilityNote" TEXT,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Task_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Task_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Edited by hand: existing tasks belong to their document's jurisdiction (the seed then moves a
-- national document's tasks to the jurisdictions that adopt it). The triggers on "Task" that this
-- rebuild drops are created again by the next migration.
INSERT INTO "new_Task" ("closedAt", "createdAt", "documentId", "jurisdictionId", "dueDate", "dueDateSource", "dueDateText", "heading", "id", "position", "recurrence", "ref", "responsibilityNote", "sectionPath", "status", "text", "updatedAt") SELECT "closedAt", "createdAt", "documentId", (SELECT d."jurisdictionId" FROM "Document" d WHERE d."id" = "Task"."documentId"), "dueDate", "dueDateSource", "dueDateText", "heading", "id", "position", "recurrence", "ref", "responsibilityNote", "sectionPath", "status", "text", "updatedAt" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE INDEX "Task_documentId_position_idx" ON "Task"("documentId", "position");
CREATE INDEX "Task_jurisdictionId_idx" ON "Task"("jurisdictionId");
CREATE INDEX "Task_status_dueDate_idx" ON "Task"("status", "dueDate");
CREATE UNIQUE INDEX "Task_documentId_jurisdictionId_ref_key" ON "Task"("documentId", "jurisdictionId", "ref");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Supervision_jurisdictionId_idx" ON "Supervision"("jurisdictionId");

-- CreateIndex
CREATE INDEX "Adoption_jurisdictionId_idx" ON "Adoption"("jurisdictionId");

-- CreateIndex
CREATE INDEX "RollupReport_supervisorId_createdAt_idx" ON "RollupReport"("supervisorId", "createdAt");

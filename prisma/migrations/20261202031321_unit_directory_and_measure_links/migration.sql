-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "unitId" TEXT;

-- CreateTable
CREATE TABLE "MeasureLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "implementsTaskId" TEXT NOT NULL,
    "score" REAL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" DATETIME,
    "removedById" TEXT,
    CONSTRAINT "MeasureLink_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeasureLink_implementsTaskId_fkey" FOREIGN KEY ("implementsTaskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Adoption" (
    "documentId" TEXT NOT NULL,
    "jurisdictionId" TEXT NOT NULL,
    "viaDocumentId" TEXT,
    "evidence" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'SEED',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("documentId", "jurisdictionId"),
    CONSTRAINT "Adoption_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Adoption_viaDocumentId_fkey" FOREIGN KEY ("viaDocumentId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Adoption" ("documentId", "evidence", "jurisdictionId", "viaDocumentId") SELECT "documentId", "evidence", "jurisdictionId", "viaDocumentId" FROM "Adoption";
DROP TABLE "Adoption";
ALTER TABLE "new_Adoption" RENAME TO "Adoption";
CREATE INDEX "Adoption_jurisdictionId_idx" ON "Adoption"("jurisdictionId");
CREATE TABLE "new_Unit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jurisdictionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recognized" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "successorId" TEXT,
    "succeededOn" DATETIME,
    "successionYear" INTEGER,
    "successionVerified" BOOLEAN NOT NULL DEFAULT true,
    "seedKey" TEXT,
    "editedFields" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" DATETIME,
    "mergedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Unit_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Unit_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Unit" ("createdAt", "id", "jurisdictionId", "kind", "name", "note", "recognized", "succeededOn", "successionVerified", "successionYear", "successorId", "updatedAt") SELECT "createdAt", "id", "jurisdictionId", "kind", "name", "note", "recognized", "succeededOn", "successionVerified", "successionYear", "successorId", "updatedAt" FROM "Unit";
DROP TABLE "Unit";
ALTER TABLE "new_Unit" RENAME TO "Unit";
CREATE INDEX "Unit_successorId_idx" ON "Unit"("successorId");
CREATE UNIQUE INDEX "Unit_jurisdictionId_name_key" ON "Unit"("jurisdictionId", "name");
CREATE UNIQUE INDEX "Unit_jurisdictionId_seedKey_key" ON "Unit"("jurisdictionId", "seedKey");
CREATE TABLE "new_UnitAlias" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jurisdictionId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ALIAS',
    "source" TEXT NOT NULL DEFAULT 'SEED',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" DATETIME,
    CONSTRAINT "UnitAlias_jurisdictionId_fkey" FOREIGN KEY ("jurisdictionId") REFERENCES "Jurisdiction" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "UnitAlias_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UnitAlias" ("alias", "id", "jurisdictionId", "unitId") SELECT "alias", "id", "jurisdictionId", "unitId" FROM "UnitAlias";
DROP TABLE "UnitAlias";
ALTER TABLE "new_UnitAlias" RENAME TO "UnitAlias";
CREATE INDEX "UnitAlias_unitId_idx" ON "UnitAlias"("unitId");
CREATE UNIQUE INDEX "UnitAlias_jurisdictionId_alias_key" ON "UnitAlias"("jurisdictionId", "alias");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MeasureLink_implementsTaskId_idx" ON "MeasureLink"("implementsTaskId");

-- CreateIndex
CREATE UNIQUE INDEX "MeasureLink_taskId_implementsTaskId_key" ON "MeasureLink"("taskId", "implementsTaskId");

-- CreateIndex
CREATE INDEX "AuditEvent_unitId_createdAt_idx" ON "AuditEvent"("unitId", "createdAt");

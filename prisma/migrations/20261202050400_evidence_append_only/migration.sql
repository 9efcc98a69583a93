-- 佐证材料 are append-only, like the reports they come with: the database itself refuses to change
-- or remove a row, whatever code asks. Written by hand (Prisma's schema cannot express triggers);
-- schema.prisma in this folder is unchanged from the previous migration.
CREATE TRIGGER "EvidenceFile_no_update" BEFORE UPDATE ON "EvidenceFile" BEGIN
    SELECT RAISE(ABORT, 'EvidenceFile is append-only');
END;
CREATE TRIGGER "EvidenceFile_no_delete" BEFORE DELETE ON "EvidenceFile" BEGIN
    SELECT RAISE(ABORT, 'EvidenceFile is append-only');
END;

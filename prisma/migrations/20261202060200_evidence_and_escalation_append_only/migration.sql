-- 佐证材料 are append-only, like the reports they come with: the database itself refuses to change
-- or remove a row, whatever code asks. Written by hand (Prisma's schema cannot express triggers);
-- schema.prisma in this folder is unchanged from the previous migration.
CREATE TRIGGER "EvidenceFile_no_update" BEFORE UPDATE ON "EvidenceFile" BEGIN
    SELECT RAISE(ABORT, 'EvidenceFile is append-only');
END;
CREATE TRIGGER "EvidenceFile_no_delete" BEFORE DELETE ON "EvidenceFile" BEGIN
    SELECT RAISE(ABORT, 'EvidenceFile is append-only');
END;
-- Steps taken on tasks are history: the database refuses to change or remove one (a 挂牌督办 is
-- lifted by a row of its own). Every such row is written with an AuditEvent on its task, whose
-- trigger tells the task's cached pages.
CREATE TRIGGER "Escalation_no_update" BEFORE UPDATE ON "Escalation" BEGIN
    SELECT RAISE(ABORT, 'Escalation is append-only');
END;
CREATE TRIGGER "Escalation_no_delete" BEFORE DELETE ON "Escalation" BEGIN
    SELECT RAISE(ABORT, 'Escalation is append-only');
END;

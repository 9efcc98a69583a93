-- Steps taken on tasks are history: the database refuses to change or remove one (a 挂牌督办 is
-- lifted by a row of its own). Every such row is written with an AuditEvent on its task, whose
-- trigger tells the task's cached pages. Written by hand; schema.prisma here is unchanged.
CREATE TRIGGER "Escalation_no_update" BEFORE UPDATE ON "Escalation" BEGIN
    SELECT RAISE(ABORT, 'Escalation is append-only');
END;
CREATE TRIGGER "Escalation_no_delete" BEFORE DELETE ON "Escalation" BEGIN
    SELECT RAISE(ABORT, 'Escalation is append-only');
END;

-- A pack's snapshot is what the conference was shown: it is never changed. Written by hand: Prisma's
-- schema cannot express triggers. schema.prisma in this folder is unchanged from the previous
-- migration.
CREATE TRIGGER "PackSnapshot_frozen" BEFORE UPDATE ON "PackSnapshot" BEGIN
    SELECT RAISE(ABORT, 'PackSnapshot rows are immutable');
END;

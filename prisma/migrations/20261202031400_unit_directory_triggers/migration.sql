-- The previous migration rebuilt "Unit", "UnitAlias" and "Adoption" (SQLite cannot add these
-- columns in place), and dropping the old tables dropped their triggers: the task change log is
-- wired to "Unit" and "Adoption" again here, as it was (*_task_change_log, *_supervision_triggers).
-- Measure links show on both tasks' pages (the national task lists the tasks that carry it, a
-- carrying task names what it carries out): each change logs both tasks, so every process's task
-- index re-reads them and their cached pages are rendered afresh.
-- The units seeded before this migration came from seeds/units.json (people could not edit the
-- directory yet): each keeps its name as its seed key, which a re-seed finds it by once people
-- rename it.
-- Written by hand: Prisma's schema cannot express triggers or data changes. schema.prisma in this
-- folder is unchanged from the previous migration.
CREATE TRIGGER "Unit_change_insert" AFTER INSERT ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Unit_change_update" AFTER UPDATE ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Unit_change_delete" AFTER DELETE ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;

CREATE TRIGGER "Adoption_change_insert" AFTER INSERT ON "Adoption" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Adoption_change_update" AFTER UPDATE ON "Adoption" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Adoption_change_delete" AFTER DELETE ON "Adoption" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;

CREATE TRIGGER "MeasureLink_change_insert" AFTER INSERT ON "MeasureLink" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
    INSERT INTO "TaskChange" ("taskId") VALUES (new."implementsTaskId");
END;
CREATE TRIGGER "MeasureLink_change_update" AFTER UPDATE ON "MeasureLink" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
    INSERT INTO "TaskChange" ("taskId") VALUES (new."implementsTaskId");
END;
CREATE TRIGGER "MeasureLink_change_delete" AFTER DELETE ON "MeasureLink" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (old."taskId");
    INSERT INTO "TaskChange" ("taskId") VALUES (old."implementsTaskId");
END;

UPDATE "Unit" SET "seedKey" = "name" WHERE "recognized" = 1;

-- The previous migration rebuilt "Task" (SQLite cannot add a required column with a foreign key
-- in place), and dropping the old table dropped its triggers: the task change log
-- (*_task_change_log) and the search index (*_search_index) are wired to it again here, as they
-- were. Supervision and adoption decide who sees and may act on which tasks: a change to either
-- reloads every process's task index (a NULL entry), as a change to units does.
-- Written by hand: Prisma's schema cannot express triggers. schema.prisma in this folder is
-- unchanged from the previous migration.
CREATE TRIGGER "Task_change_insert" AFTER INSERT ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."id");
END;
CREATE TRIGGER "Task_change_update" AFTER UPDATE ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."id");
END;
CREATE TRIGGER "Task_change_delete" AFTER DELETE ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (old."id");
END;

CREATE TRIGGER "Task_search_insert" AFTER INSERT ON "Task" BEGIN
    INSERT INTO "TaskSearch" ("taskId", "source", "body") VALUES (new."id", 'task:' || new."id", new."heading" || char(10) || new."text");
END;
CREATE TRIGGER "Task_search_update" AFTER UPDATE OF "heading", "text" ON "Task" BEGIN
    DELETE FROM "TaskSearch" WHERE "source" = 'task:' || old."id";
    INSERT INTO "TaskSearch" ("taskId", "source", "body") VALUES (new."id", 'task:' || new."id", new."heading" || char(10) || new."text");
END;
CREATE TRIGGER "Task_search_delete" AFTER DELETE ON "Task" BEGIN
    DELETE FROM "TaskSearch" WHERE "taskId" = old."id";
END;

CREATE TRIGGER "Supervision_change_insert" AFTER INSERT ON "Supervision" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Supervision_change_update" AFTER UPDATE ON "Supervision" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Supervision_change_delete" AFTER DELETE ON "Supervision" BEGIN
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

-- A change log of tasks, written by triggers in the same transaction as the change itself, so that
-- every process holding a read model of the tasks (app/models/task-index.server.ts) learns which
-- tasks to reload, whoever wrote them: this web process, another one, the worker, a seed run.
-- A NULL taskId means "reload everything" (units, memberships, documents changed).
-- Written by hand: Prisma's schema cannot express triggers; the table stays out of schema.prisma
-- (nothing reads it through Prisma). schema.prisma in this folder is unchanged from the previous
-- migration.
CREATE TABLE "TaskChange" (
    "seq" INTEGER PRIMARY KEY AUTOINCREMENT,
    "taskId" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER "Task_change_insert" AFTER INSERT ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."id");
END;
CREATE TRIGGER "Task_change_update" AFTER UPDATE ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."id");
END;
CREATE TRIGGER "Task_change_delete" AFTER DELETE ON "Task" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (old."id");
END;

CREATE TRIGGER "Assignment_change_insert" AFTER INSERT ON "Assignment" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Assignment_change_update" AFTER UPDATE ON "Assignment" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Assignment_change_delete" AFTER DELETE ON "Assignment" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (old."taskId");
END;

-- Reports are append-only.
CREATE TRIGGER "ProgressReport_change_insert" AFTER INSERT ON "ProgressReport" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;

CREATE TRIGGER "Document_change_update" AFTER UPDATE ON "Document" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Document_change_delete" AFTER DELETE ON "Document" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Unit_change_insert" AFTER INSERT ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Unit_change_update" AFTER UPDATE ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "Unit_change_delete" AFTER DELETE ON "Unit" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "UnitMembership_change_insert" AFTER INSERT ON "UnitMembership" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;
CREATE TRIGGER "UnitMembership_change_delete" AFTER DELETE ON "UnitMembership" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (NULL);
END;

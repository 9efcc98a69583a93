-- Full-text search over task text and progress reports, for reviewers (SQLite FTS5, trigram
-- tokenizer: matches any Chinese substring of 3+ characters without a word segmenter).
-- Written by hand: Prisma's schema cannot express virtual tables or triggers. schema.prisma in
-- this folder is unchanged from the previous migration.
CREATE VIRTUAL TABLE "TaskSearch" USING fts5(
    "taskId" UNINDEXED,
    "source" UNINDEXED,
    "body",
    tokenize = 'trigram'
);

INSERT INTO "TaskSearch" ("taskId", "source", "body")
SELECT "id", 'task:' || "id", "heading" || char(10) || "text" FROM "Task";

INSERT INTO "TaskSearch" ("taskId", "source", "body")
SELECT "taskId", 'report:' || "id", "progress" || char(10) || "problems" || char(10) || "nextSteps" || char(10) || "coordination"
FROM "ProgressReport";

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

-- Reports are append-only: inserted, never updated.
CREATE TRIGGER "ProgressReport_search_insert" AFTER INSERT ON "ProgressReport" BEGIN
    INSERT INTO "TaskSearch" ("taskId", "source", "body")
    VALUES (new."taskId", 'report:' || new."id", new."progress" || char(10) || new."problems" || char(10) || new."nextSteps" || char(10) || new."coordination");
END;

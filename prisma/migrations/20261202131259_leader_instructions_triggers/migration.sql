-- Leaders' instructions (领导批示) and their answers are history: the database refuses to change or
-- remove a row (whether an instruction is answered is derived, never stored). Each insert changes
-- its task's page, the lead unit's /my and the board: it logs the task (TaskChange) for every
-- process's task index. Written by hand: Prisma's schema cannot express triggers; schema.prisma in
-- this folder is unchanged from the previous migration.
CREATE TRIGGER "Instruction_change_insert" AFTER INSERT ON "Instruction" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "Instruction_no_update" BEFORE UPDATE ON "Instruction" BEGIN
    SELECT RAISE(ABORT, 'Instruction is append-only');
END;
CREATE TRIGGER "Instruction_no_delete" BEFORE DELETE ON "Instruction" BEGIN
    SELECT RAISE(ABORT, 'Instruction is append-only');
END;
CREATE TRIGGER "InstructionAnswer_change_insert" AFTER INSERT ON "InstructionAnswer" BEGIN
    INSERT INTO "TaskChange" ("taskId") VALUES (new."taskId");
END;
CREATE TRIGGER "InstructionAnswer_no_update" BEFORE UPDATE ON "InstructionAnswer" BEGIN
    SELECT RAISE(ABORT, 'InstructionAnswer is append-only');
END;
CREATE TRIGGER "InstructionAnswer_no_delete" BEFORE DELETE ON "InstructionAnswer" BEGIN
    SELECT RAISE(ABORT, 'InstructionAnswer is append-only');
END;

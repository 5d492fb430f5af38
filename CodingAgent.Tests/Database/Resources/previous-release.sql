-- A SQLite database as the previous release (commit dc4e3ea) made it: EnsureCreated of that release's model (no
-- __EFMigrationsHistory), then one session with a question, an answer with one step, a table artifact and the upload
-- sales.csv (33 bytes: region,revenue / north,20 / south,22), written through that release's AppDbContext and dumped
-- with sqlite3. Times are EF Core's DateTimeOffsetToBinaryConverter numbers; the session was created 2026-06-01 10:00 UTC.
BEGIN TRANSACTION;
CREATE TABLE "artifacts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_artifacts" PRIMARY KEY,
    "SessionId" TEXT NOT NULL,
    "RunId" TEXT NULL,
    "StepId" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "MediaType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_artifacts_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "sessions" ("Id") ON DELETE CASCADE
);
INSERT INTO "artifacts" VALUES('5E55A000-0000-4000-8000-000000000006','5E55A000-0000-4000-8000-000000000001','5E55A000-0000-4000-8000-000000000004','5E55A000-0000-4000-8000-000000000005','table','table-1.json','application/json',10,1308997732761600000);
CREATE TABLE "files" (
    "SessionId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DerivedFrom" TEXT NULL,
    CONSTRAINT "PK_files" PRIMARY KEY ("SessionId", "Name"),
    CONSTRAINT "FK_files_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "sessions" ("Id") ON DELETE CASCADE
);
INSERT INTO "files" VALUES('5E55A000-0000-4000-8000-000000000001','sales.csv',33,'e88065fb9691fe4172bdc6feb5ab56fb680a019344854c43f8b6862272e6b4be',1308997730918400000,NULL);
CREATE TABLE "messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_messages" PRIMARY KEY,
    "SessionId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RunId" TEXT NULL,
    "Status" TEXT NULL,
    "Error" TEXT NULL,
    "InputTokens" INTEGER NOT NULL,
    "OutputTokens" INTEGER NOT NULL,
    CONSTRAINT "FK_messages_sessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "sessions" ("Id") ON DELETE CASCADE
);
INSERT INTO "messages" VALUES('5E55A000-0000-4000-8000-000000000002','5E55A000-0000-4000-8000-000000000001','user','What were the total sales?',1308997731532800000,NULL,NULL,NULL,0,0);
INSERT INTO "messages" VALUES('5E55A000-0000-4000-8000-000000000003','5E55A000-0000-4000-8000-000000000001','assistant','Total sales were 42.',1308997731532820480,'5E55A000-0000-4000-8000-000000000004','completed',NULL,100,20);
CREATE TABLE "sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_sessions" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);
INSERT INTO "sessions" VALUES('5E55A000-0000-4000-8000-000000000001','Sales review',1308997730304000000,1308997736448000000);
CREATE TABLE "steps" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_steps" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "Index" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Stdout" TEXT NOT NULL,
    "Stderr" TEXT NOT NULL,
    "ResultText" TEXT NULL,
    "Succeeded" INTEGER NOT NULL,
    "ErrorType" TEXT NULL,
    "ErrorMessage" TEXT NULL,
    "Traceback" TEXT NULL,
    "DurationMs" REAL NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_steps_messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "messages" ("Id") ON DELETE CASCADE
);
INSERT INTO "steps" VALUES('5E55A000-0000-4000-8000-000000000005','5E55A000-0000-4000-8000-000000000003',0,'print(df.revenue.sum())','42
','',NULL,1,NULL,NULL,NULL,12.5,1308997732761600000);
CREATE INDEX "IX_artifacts_SessionId" ON "artifacts" ("SessionId");
CREATE INDEX "IX_artifacts_StepId" ON "artifacts" ("StepId");
CREATE INDEX "IX_messages_RunId" ON "messages" ("RunId");
CREATE INDEX "IX_messages_SessionId_CreatedAt" ON "messages" ("SessionId", "CreatedAt");
CREATE INDEX "IX_sessions_UpdatedAt" ON "sessions" ("UpdatedAt");
CREATE INDEX "IX_steps_MessageId_Index" ON "steps" ("MessageId", "Index");
COMMIT;

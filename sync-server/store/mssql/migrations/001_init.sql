-- Keywork schema, SQL Server dialect (SQL Server 2017+, Azure SQL Database, Azure SQL Managed Instance).
--
-- Batches are separated by GO lines: `keywork migrate` splits them, and sqlcmd / SSMS run this file as it
-- is. Every statement is guarded, so running the file again changes nothing. The migration runner
-- wraps the file in one transaction under an application lock and records it in schema_migrations.
--
-- Text: every text column is NVARCHAR (UTF-16), so 市发展改革委 is stored as written whatever the
-- database's code page; VARCHAR would turn it into ??????. Key columns (unit names, usernames, period
-- ids, token hashes, idempotency keys) use the binary collation Latin1_General_100_BIN2, so they are
-- equal exactly when the SQLite store's (BINARY) are: not case-, width- or kana-insensitively as under
-- the database default (Chinese_PRC_CI_AS and other _CI_ collations).
-- Times: DATETIME2(3) in UTC, read back as ISO-8601 strings ending in Z.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- OPENJSON, which carries batches of rows in one parameter, needs compatibility level 130 (SQL Server 2016) or higher.
IF (SELECT compatibility_level FROM sys.databases WHERE database_id = DB_ID()) < 130
  THROW 50100, N'Keywork needs database compatibility level 130 or higher: ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 140', 1;
GO

IF OBJECT_ID(N'dbo.units', N'U') IS NULL
CREATE TABLE dbo.units (
  name      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  kind      NVARCHAR(80)  NOT NULL,
  position  INT           NOT NULL,
  CONSTRAINT pk_units PRIMARY KEY CLUSTERED (name)
);
GO

IF OBJECT_ID(N'dbo.unit_aliases', N'U') IS NULL
CREATE TABLE dbo.unit_aliases (
  alias     NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  unit      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT pk_unit_aliases PRIMARY KEY CLUSTERED (alias),
  CONSTRAINT fk_unit_aliases_unit FOREIGN KEY (unit) REFERENCES dbo.units (name) ON DELETE CASCADE
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_unit_aliases_unit' AND object_id = OBJECT_ID(N'dbo.unit_aliases'))
  CREATE INDEX ix_unit_aliases_unit ON dbo.unit_aliases (unit);
GO

IF OBJECT_ID(N'dbo.users', N'U') IS NULL
CREATE TABLE dbo.users (
  id              INT IDENTITY(1, 1) NOT NULL,
  username        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  name            NVARCHAR(200) NOT NULL,
  unit            NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL,
  role            NVARCHAR(20)  NOT NULL,
  password_hash   NVARCHAR(400) NOT NULL,
  failed_signins  INT           NOT NULL CONSTRAINT df_users_failed_signins DEFAULT (0),
  locked_until    DATETIME2(3)  NULL,
  created_at      DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_users PRIMARY KEY CLUSTERED (id),
  CONSTRAINT uq_users_username UNIQUE (username),
  CONSTRAINT fk_users_unit FOREIGN KEY (unit) REFERENCES dbo.units (name),
  CONSTRAINT ck_users_role CHECK (role IN (N'coordinator', N'reporter', N'viewer'))
);
GO

-- Session and API tokens, only as SHA-256 hashes: a copy of the database signs nobody in.
IF OBJECT_ID(N'dbo.tokens', N'U') IS NULL
CREATE TABLE dbo.tokens (
  hash        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  user_id     INT           NOT NULL,
  kind        NVARCHAR(10)  NOT NULL,
  created_at  DATETIME2(3)  NOT NULL,
  expires_at  DATETIME2(3)  NULL,
  CONSTRAINT pk_tokens PRIMARY KEY CLUSTERED (hash),
  CONSTRAINT fk_tokens_user FOREIGN KEY (user_id) REFERENCES dbo.users (id) ON DELETE CASCADE,
  CONSTRAINT ck_tokens_kind CHECK (kind IN (N'session', N'api'))
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_tokens_user' AND object_id = OBJECT_ID(N'dbo.tokens'))
  CREATE INDEX ix_tokens_user ON dbo.tokens (user_id);
GO

IF OBJECT_ID(N'dbo.plans', N'U') IS NULL
CREATE TABLE dbo.plans (
  id          INT IDENTITY(1, 1) NOT NULL,
  title       NVARCHAR(400) NOT NULL,
  vocabulary  NVARCHAR(MAX) NOT NULL,          -- JSON: { values, aliases, notStarted }
  created_at  DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_plans PRIMARY KEY CLUSTERED (id),
  CONSTRAINT ck_plans_vocabulary CHECK (ISJSON(vocabulary) = 1)
);
GO

IF OBJECT_ID(N'dbo.plan_sections', N'U') IS NULL
CREATE TABLE dbo.plan_sections (
  plan_id     INT           NOT NULL,
  position    INT           NOT NULL,
  [no]        NVARCHAR(20)  NOT NULL,
  title       NVARCHAR(400) NOT NULL,
  CONSTRAINT pk_plan_sections PRIMARY KEY CLUSTERED (plan_id, position),
  CONSTRAINT fk_plan_sections_plan FOREIGN KEY (plan_id) REFERENCES dbo.plans (id) ON DELETE CASCADE
);
GO

IF OBJECT_ID(N'dbo.plan_subsections', N'U') IS NULL
CREATE TABLE dbo.plan_subsections (
  plan_id           INT           NOT NULL,
  section_position  INT           NOT NULL,
  position          INT           NOT NULL,
  title             NVARCHAR(400) NULL,        -- NULL: tasks directly under the section
  CONSTRAINT pk_plan_subsections PRIMARY KEY CLUSTERED (plan_id, section_position, position),
  CONSTRAINT fk_plan_subsections_section FOREIGN KEY (plan_id, section_position)
    REFERENCES dbo.plan_sections (plan_id, position) ON DELETE CASCADE
);
GO

IF OBJECT_ID(N'dbo.tasks', N'U') IS NULL
CREATE TABLE dbo.tasks (
  plan_id              INT            NOT NULL,
  seq                  INT            NOT NULL,
  section_position     INT            NOT NULL,
  subsection_position  INT            NOT NULL,
  position             INT            NOT NULL,
  task_text            NVARCHAR(4000) NOT NULL,
  CONSTRAINT pk_tasks PRIMARY KEY CLUSTERED (plan_id, seq),
  CONSTRAINT fk_tasks_subsection FOREIGN KEY (plan_id, section_position, subsection_position)
    REFERENCES dbo.plan_subsections (plan_id, section_position, position) ON DELETE CASCADE
);
GO

-- Units of a task in order; the first is the lead. Source tables repeat a name, so the position,
-- not the name, is the key.
IF OBJECT_ID(N'dbo.task_units', N'U') IS NULL
CREATE TABLE dbo.task_units (
  plan_id   INT           NOT NULL,
  seq       INT           NOT NULL,
  position  INT           NOT NULL,
  unit      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  CONSTRAINT pk_task_units PRIMARY KEY CLUSTERED (plan_id, seq, position),
  CONSTRAINT fk_task_units_task FOREIGN KEY (plan_id, seq) REFERENCES dbo.tasks (plan_id, seq) ON DELETE CASCADE,
  CONSTRAINT fk_task_units_unit FOREIGN KEY (unit) REFERENCES dbo.units (name)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_task_units_unit' AND object_id = OBJECT_ID(N'dbo.task_units'))
  CREATE INDEX ix_task_units_unit ON dbo.task_units (unit, plan_id);
GO

-- due_at is the deadline as the coordinator entered it, a date (2022-07-10) or a date-time, and is
-- given back exactly as entered, as the SQLite store does; it is a label, not a point in time.
IF OBJECT_ID(N'dbo.periods', N'U') IS NULL
CREATE TABLE dbo.periods (
  id                  NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  title               NVARCHAR(400) NOT NULL,
  plan_id             INT           NOT NULL,
  due_at              NVARCHAR(40)  NULL,
  locked              BIT           NOT NULL CONSTRAINT df_periods_locked DEFAULT (0),
  previous_period_id  NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NULL,
  created_at          DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_periods PRIMARY KEY CLUSTERED (id),
  CONSTRAINT fk_periods_plan FOREIGN KEY (plan_id) REFERENCES dbo.plans (id),
  CONSTRAINT fk_periods_previous FOREIGN KEY (previous_period_id) REFERENCES dbo.periods (id),
  CONSTRAINT ck_periods_due_at CHECK (due_at LIKE N'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]%')
);
GO

-- One row per (period, task, unit), created by the unit's first submission. Clustered by unit within
-- the period: one submission locks one contiguous range, not rows scattered among other units'.
IF OBJECT_ID(N'dbo.report_rows', N'U') IS NULL
CREATE TABLE dbo.report_rows (
  period_id   NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  seq         INT           NOT NULL,
  unit        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  status      NVARCHAR(100) NOT NULL,
  progress    NVARCHAR(MAX) NOT NULL,
  version     INT           NOT NULL,
  updated_by  NVARCHAR(128) NOT NULL,
  updated_at  DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_report_rows PRIMARY KEY CLUSTERED (period_id, unit, seq),
  CONSTRAINT fk_report_rows_period FOREIGN KEY (period_id) REFERENCES dbo.periods (id),
  CONSTRAINT fk_report_rows_unit FOREIGN KEY (unit) REFERENCES dbo.units (name),
  CONSTRAINT ck_report_rows_version CHECK (version > 0)
);
GO

IF OBJECT_ID(N'dbo.history', N'U') IS NULL
CREATE TABLE dbo.history (
  id            BIGINT IDENTITY(1, 1) NOT NULL,
  period_id     NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  seq           INT           NOT NULL,
  unit          NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  version       INT           NOT NULL,
  old_status    NVARCHAR(100) NULL,
  old_progress  NVARCHAR(MAX) NULL,
  new_status    NVARCHAR(100) NOT NULL,
  new_progress  NVARCHAR(MAX) NOT NULL,
  changed_by    NVARCHAR(128) NOT NULL,
  changed_at    DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_history PRIMARY KEY CLUSTERED (id)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_history_row' AND object_id = OBJECT_ID(N'dbo.history'))
  CREATE INDEX ix_history_row ON dbo.history (period_id, seq, id);
GO

-- The history is append-only, also against a mistaken UPDATE or DELETE by hand. (The application's
-- login is also denied UPDATE and DELETE on it: docs/sql-server.md.) Like SQLite's row triggers, a
-- statement that touches no row passes.
CREATE OR ALTER TRIGGER dbo.history_append_only ON dbo.history
INSTEAD OF UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  IF EXISTS (SELECT 1 FROM deleted)
    THROW 50001, N'history is append-only / 修改记录只能追加', 1;
END;
GO

IF OBJECT_ID(N'dbo.idempotency', N'U') IS NULL
CREATE TABLE dbo.idempotency (
  user_id          INT           NOT NULL,
  idempotency_key  NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
  request_hash     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
  response         NVARCHAR(MAX) NOT NULL,        -- JSON of the first answer
  created_at       DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_idempotency PRIMARY KEY CLUSTERED (user_id, idempotency_key),
  CONSTRAINT fk_idempotency_user FOREIGN KEY (user_id) REFERENCES dbo.users (id) ON DELETE CASCADE
);
GO

IF OBJECT_ID(N'dbo.returns', N'U') IS NULL
CREATE TABLE dbo.returns (
  id           INT IDENTITY(1, 1) NOT NULL,
  period_id    NVARCHAR(32)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  seq          INT            NOT NULL,
  unit         NVARCHAR(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
  comment      NVARCHAR(4000) NOT NULL,
  created_by   NVARCHAR(128)  NOT NULL,
  created_at   DATETIME2(3)   NOT NULL,
  resolved_at  DATETIME2(3)   NULL,
  CONSTRAINT pk_returns PRIMARY KEY CLUSTERED (id),
  CONSTRAINT fk_returns_period FOREIGN KEY (period_id) REFERENCES dbo.periods (id),
  CONSTRAINT fk_returns_unit FOREIGN KEY (unit) REFERENCES dbo.units (name)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_returns_period' AND object_id = OBJECT_ID(N'dbo.returns'))
  CREATE INDEX ix_returns_period ON dbo.returns (period_id, unit, seq);
GO

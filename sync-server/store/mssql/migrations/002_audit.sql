-- The audit log of administrative actions (units, accounts, periods, lock/unlock, returns): who, when,
-- what. Append-only like the history, enforced by a trigger (and by the login's grants: docs/sql-server.md).

IF OBJECT_ID(N'dbo.audit_log', N'U') IS NULL
CREATE TABLE dbo.audit_log (
  id      BIGINT IDENTITY(1, 1) NOT NULL,
  at      DATETIME2(3)   NOT NULL,
  actor   NVARCHAR(160)  NOT NULL,
  action  NVARCHAR(64)   COLLATE Latin1_General_100_BIN2 NOT NULL,
  target  NVARCHAR(200)  NOT NULL,
  detail  NVARCHAR(MAX)  NULL,
  CONSTRAINT pk_audit_log PRIMARY KEY CLUSTERED (id)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_audit_log_action' AND object_id = OBJECT_ID(N'dbo.audit_log'))
  CREATE INDEX ix_audit_log_action ON dbo.audit_log (action, id);
GO

CREATE OR ALTER TRIGGER dbo.audit_log_append_only ON dbo.audit_log
INSTEAD OF UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  IF EXISTS (SELECT 1 FROM deleted)
    THROW 50002, N'the audit log is append-only / 审计日志只能追加', 1;
END;
GO

-- The busy hour (issue 12): a counter that every change to the unit directory moves on, by trigger,
-- so that no write path (nor a fix by hand) can forget it. Each server process keeps the directory
-- it read and reads it again only when the counter moved. (SQLite's 006 also moves its limits tables
-- to a file of their own; SQL Server locks rows, so they stay here.)

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

IF OBJECT_ID(N'dbo.directory_version', N'U') IS NULL
BEGIN
  CREATE TABLE dbo.directory_version (
    id       INT     NOT NULL CONSTRAINT ck_directory_version_one CHECK (id = 1),
    version  BIGINT  NOT NULL,
    CONSTRAINT pk_directory_version PRIMARY KEY CLUSTERED (id)
  );
  INSERT INTO dbo.directory_version (id, version) VALUES (1, 0);
END;
GO

CREATE OR ALTER TRIGGER dbo.units_changed ON dbo.units
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  UPDATE dbo.directory_version SET version = version + 1 WHERE id = 1;
END;
GO

CREATE OR ALTER TRIGGER dbo.unit_aliases_changed ON dbo.unit_aliases
AFTER INSERT, UPDATE, DELETE
AS
BEGIN
  SET NOCOUNT ON;
  UPDATE dbo.directory_version SET version = version + 1 WHERE id = 1;
END;
GO

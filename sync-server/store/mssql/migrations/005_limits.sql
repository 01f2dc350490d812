-- What several server processes on one database must share instead of keeping in memory (issue 12):
-- failed sign-in counters, the API rate limiter's windows, and leases (one housekeeper at a time).
-- Each row is updated atomically (UPDATE under UPDLOCK, HOLDLOCK, then INSERT if missing, in one
-- transaction), so attempts at the same instant in two processes both count.

SET ANSI_NULLS ON;
SET QUOTED_IDENTIFIER ON;
GO

-- Sign-in attempts not (yet) known to have succeeded, per key: n:<username>|a:<address> and a:<address>.
-- Keyed on the name as typed, whether or not such a user exists, so the counters reveal nothing.
IF OBJECT_ID(N'dbo.signin_throttle', N'U') IS NULL
CREATE TABLE dbo.signin_throttle (
  throttle_key  NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL,
  failures      INT           NOT NULL,
  last_at       DATETIME2(3)  NOT NULL,
  prev_at       DATETIME2(3)  NULL,
  expires_at    DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_signin_throttle PRIMARY KEY CLUSTERED (throttle_key)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_signin_throttle_expires' AND object_id = OBJECT_ID(N'dbo.signin_throttle'))
  CREATE INDEX ix_signin_throttle_expires ON dbo.signin_throttle (expires_at);
GO

-- One row per caller (u:<user id> or a:<address>), holding only its current one-minute window,
-- which starts at the caller's first request after the previous window ended.
IF OBJECT_ID(N'dbo.rate_limits', N'U') IS NULL
CREATE TABLE dbo.rate_limits (
  rate_key      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  window_start  DATETIME2(3)  NOT NULL,
  hits          INT           NOT NULL,
  CONSTRAINT pk_rate_limits PRIMARY KEY CLUSTERED (rate_key)
);
GO

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_rate_limits_window' AND object_id = OBJECT_ID(N'dbo.rate_limits'))
  CREATE INDEX ix_rate_limits_window ON dbo.rate_limits (window_start);
GO

-- A named lease held by one process until it expires (housekeeping).
IF OBJECT_ID(N'dbo.leases', N'U') IS NULL
CREATE TABLE dbo.leases (
  name        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
  holder      NVARCHAR(200) NOT NULL,
  expires_at  DATETIME2(3)  NOT NULL,
  CONSTRAINT pk_leases PRIMARY KEY CLUSTERED (name)
);
GO

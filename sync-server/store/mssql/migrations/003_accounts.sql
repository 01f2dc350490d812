-- Accounts (issue 11): an account can be disabled (its sessions and API tokens stop working at once),
-- an initial or reset password must be changed at first sign-in, and a roster may give a phone and
-- an e-mail address for the coordinator to reach the person. Guarded, so running it again changes nothing.

IF COL_LENGTH(N'dbo.users', N'disabled') IS NULL
  ALTER TABLE dbo.users ADD disabled BIT NOT NULL CONSTRAINT df_users_disabled DEFAULT (0);
GO

IF COL_LENGTH(N'dbo.users', N'must_change_password') IS NULL
  ALTER TABLE dbo.users ADD must_change_password BIT NOT NULL CONSTRAINT df_users_must_change_password DEFAULT (0);
GO

IF COL_LENGTH(N'dbo.users', N'phone') IS NULL
  ALTER TABLE dbo.users ADD phone NVARCHAR(40) NULL;
GO

IF COL_LENGTH(N'dbo.users', N'email') IS NULL
  ALTER TABLE dbo.users ADD email NVARCHAR(200) NULL;
GO

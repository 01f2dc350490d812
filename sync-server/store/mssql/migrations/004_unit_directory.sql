-- The unit directory after 机构改革: a renamed or merged unit keeps its row, so that the report rows,
-- returns and plans of past periods keep the name the unit had then (and their foreign keys hold).
-- retired_into names the unit that took it over; only units with retired_into NULL are listed, and
-- the old name becomes an alias of the new unit so that old sheets still validate.

IF COL_LENGTH(N'dbo.units', N'retired_into') IS NULL
  ALTER TABLE dbo.units ADD retired_into NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NULL;
GO

IF COL_LENGTH(N'dbo.units', N'retired_at') IS NULL
  ALTER TABLE dbo.units ADD retired_at DATETIME2(3) NULL;
GO

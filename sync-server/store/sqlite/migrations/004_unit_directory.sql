-- The unit directory after 机构改革: a renamed or merged unit keeps its row, so that the report rows,
-- returns and plans of past periods keep the name the unit had then (and their foreign keys hold).
-- retired_into names the unit that took it over; only units with retired_into NULL are listed, and
-- the old name becomes an alias of the new unit so that old sheets still validate.
ALTER TABLE units ADD COLUMN retired_into TEXT;
ALTER TABLE units ADD COLUMN retired_at TEXT;

-- Two changes for the busy hour (issue 12), SQLite only (SQL Server locks rows, not the database).

-- 1. The sign-in counters and the rate limiter's windows move to a file of their own (`<db>-limits`,
--    created by the store when it opens: see limits-file.ts). Every API request counts one hit; in this
--    file it would take the database's single write lock, which a server process holds while another
--    one commits a group of submissions, and wait for that commit's disk flush. Their rows are
--    short-lived counters, so nothing is carried over.
DROP TABLE signin_throttle;
DROP TABLE rate_limits;

-- 2. A counter that every change to the unit directory moves on (by trigger, so that no write path,
--    nor a fix by hand, can forget it). Each process keeps the directory it read and reads it again
--    only when the counter moved: one tiny SELECT per request instead of the whole directory.
CREATE TABLE directory_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE TRIGGER units_inserted AFTER INSERT ON units BEGIN UPDATE directory_version SET version = version + 1; END;
CREATE TRIGGER units_updated AFTER UPDATE ON units BEGIN UPDATE directory_version SET version = version + 1; END;
CREATE TRIGGER units_deleted AFTER DELETE ON units BEGIN UPDATE directory_version SET version = version + 1; END;
CREATE TRIGGER aliases_inserted AFTER INSERT ON unit_aliases BEGIN UPDATE directory_version SET version = version + 1; END;
CREATE TRIGGER aliases_updated AFTER UPDATE ON unit_aliases BEGIN UPDATE directory_version SET version = version + 1; END;
CREATE TRIGGER aliases_deleted AFTER DELETE ON unit_aliases BEGIN UPDATE directory_version SET version = version + 1; END;

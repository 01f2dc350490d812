-- What several server processes on one database must share instead of keeping in memory (issue 12):
-- failed sign-in counters, the API rate limiter's windows, and leases (one housekeeper at a time).
-- Each row is updated by one atomic statement, so attempts at the same instant in two processes both count.

-- Sign-in attempts not (yet) known to have succeeded, per key: `n:<username>|a:<address>` and `a:<address>`.
-- Keyed on the name as typed, whether or not such a user exists, so the counters reveal nothing.
CREATE TABLE signin_throttle (
  throttle_key  TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  last_at       TEXT NOT NULL,        -- the latest counted attempt
  prev_at       TEXT,                 -- the one before it (NULL: the first of this window)
  expires_at    TEXT NOT NULL         -- forgotten after this time (housekeeping deletes it)
);
CREATE INDEX signin_throttle_expires ON signin_throttle(expires_at);

-- One row per caller (`u:<user id>` or `a:<address>`), holding only its current one-minute window,
-- which starts at the caller's first request after the previous window ended.
CREATE TABLE rate_limits (
  rate_key      TEXT PRIMARY KEY,
  window_start  TEXT NOT NULL,
  hits          INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits(window_start);

-- A named lease held by one process until it expires (housekeeping).
CREATE TABLE leases (
  name        TEXT PRIMARY KEY,
  holder      TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);

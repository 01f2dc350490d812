-- The audit log of administrative actions (units, accounts, periods, lock/unlock, returns): who, when,
-- what. Append-only like the history, enforced by triggers.

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,              -- a username, or "cli:<os user>" for the command line
  action  TEXT NOT NULL,              -- e.g. unit.rename, user.disable, period.lock
  target  TEXT NOT NULL,              -- what it was done to: a unit, a username, a period id
  detail  TEXT                        -- JSON, never a password or token
);
CREATE INDEX audit_log_action ON audit_log(action, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

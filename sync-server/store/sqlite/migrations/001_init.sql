-- Keywork schema, SQLite dialect. Text is UTF-8; times are ISO-8601 UTC strings.

CREATE TABLE units (
  name        TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  position    INTEGER NOT NULL
);

CREATE TABLE unit_aliases (
  alias       TEXT PRIMARY KEY,
  unit        TEXT NOT NULL REFERENCES units(name) ON DELETE CASCADE
);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  unit           TEXT REFERENCES units(name),
  role           TEXT NOT NULL CHECK (role IN ('coordinator', 'reporter', 'viewer')),
  password_hash  TEXT NOT NULL,
  failed_signins INTEGER NOT NULL DEFAULT 0,
  locked_until   TEXT,
  created_at     TEXT NOT NULL
);

-- Session and API tokens, only as SHA-256 hashes: a copy of the database signs nobody in.
CREATE TABLE tokens (
  hash        TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('session', 'api')),
  created_at  TEXT NOT NULL,
  expires_at  TEXT
);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE plans (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  vocabulary  TEXT NOT NULL,          -- JSON: { values, aliases, notStarted }
  created_at  TEXT NOT NULL
);

CREATE TABLE plan_sections (
  plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  no          TEXT NOT NULL,
  title       TEXT NOT NULL,
  PRIMARY KEY (plan_id, position)
);

CREATE TABLE plan_subsections (
  plan_id          INTEGER NOT NULL,
  section_position INTEGER NOT NULL,
  position         INTEGER NOT NULL,
  title            TEXT,              -- NULL: tasks directly under the section
  PRIMARY KEY (plan_id, section_position, position),
  FOREIGN KEY (plan_id, section_position) REFERENCES plan_sections(plan_id, position) ON DELETE CASCADE
);

CREATE TABLE tasks (
  plan_id             INTEGER NOT NULL,
  seq                 INTEGER NOT NULL,
  section_position    INTEGER NOT NULL,
  subsection_position INTEGER NOT NULL,
  position            INTEGER NOT NULL,
  text                TEXT NOT NULL,
  PRIMARY KEY (plan_id, seq),
  FOREIGN KEY (plan_id, section_position, subsection_position)
    REFERENCES plan_subsections(plan_id, section_position, position) ON DELETE CASCADE
);

-- Units of a task in order; the first is the lead. Redacted source tables repeat a name, so the
-- position, not the name, is the key.
CREATE TABLE task_units (
  plan_id     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  unit        TEXT NOT NULL REFERENCES units(name),
  PRIMARY KEY (plan_id, seq, position),
  FOREIGN KEY (plan_id, seq) REFERENCES tasks(plan_id, seq) ON DELETE CASCADE
);
CREATE INDEX task_units_unit ON task_units(unit, plan_id);

CREATE TABLE periods (
  id                 TEXT PRIMARY KEY,
  title              TEXT NOT NULL,
  plan_id            INTEGER NOT NULL REFERENCES plans(id),
  due_at             TEXT,
  locked             INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  previous_period_id TEXT REFERENCES periods(id),
  created_at         TEXT NOT NULL
);

-- One row per (period, task, unit), created by the unit's first submission.
CREATE TABLE report_rows (
  period_id   TEXT NOT NULL REFERENCES periods(id),
  seq         INTEGER NOT NULL,
  unit        TEXT NOT NULL REFERENCES units(name),
  status      TEXT NOT NULL,
  progress    TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version > 0),
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (period_id, seq, unit)
);

CREATE TABLE history (
  id            INTEGER PRIMARY KEY,
  period_id     TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  unit          TEXT NOT NULL,
  version       INTEGER NOT NULL,
  old_status    TEXT,
  old_progress  TEXT,
  new_status    TEXT NOT NULL,
  new_progress  TEXT NOT NULL,
  changed_by    TEXT NOT NULL,
  changed_at    TEXT NOT NULL
);
CREATE INDEX history_row ON history(period_id, seq, id);

-- The history is append-only, also against a mistaken UPDATE by hand.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TABLE idempotency (
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  response      TEXT NOT NULL,        -- JSON of the first answer
  created_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE returns (
  id          INTEGER PRIMARY KEY,
  period_id   TEXT NOT NULL REFERENCES periods(id),
  seq         INTEGER NOT NULL,
  unit        TEXT NOT NULL REFERENCES units(name),
  comment     TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX returns_period ON returns(period_id, unit);

// Every statement the SQL Server store sends, as constants with typed parameters (see query.ts).
// No text here is ever built from values; test/store/mssql-sql.test.ts parses each one with a T-SQL
// grammar and checks that the @parameters used are exactly the ones typed.
//
// Batches of rows travel as one JSON parameter opened with OPENJSON … WITH (typed columns): one round
// trip for 3,000 rows, no table type to create, alter or grant (see docs/sql-server.md). OPENJSON's
// string columns come out in the database's default collation, so where one meets a key column
// (binary collation) the comparison names the collation, which also keeps it exact.
import { P, query } from "./query.ts";

// Column sizes, the same as in migrations/001_init.sql (each at least the schema's limit).
const UNIT = P.text(100);
const PERIOD = P.text(32);
const USERNAME = P.text(128);
const HASH = P.text(128);
const IDEMPOTENCY_KEY = P.text(200);
const TITLE = P.text(400);

// ── migrations ──────────────────────────────────────────────────────────────────────────────────

/** A plain batch: the SET stays in force for the session, so migration batches run with it. */
export const SET_XACT_ABORT = "SET XACT_ABORT ON;";

export const appliedMigrations = query(
  `IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
     SELECT CAST(NULL AS NVARCHAR(200)) AS name WHERE 1 = 0
   ELSE
     SELECT name FROM dbo.schema_migrations;`,
  {},
);

/**
 * Inside the migration's transaction: one migrator at a time across every process (the lock is
 * released at commit or rollback), then whether this migration was applied meanwhile. The lock wait
 * stays under the default request timeout (30 s), so a busy lock is reported as such.
 */
export const lockMigrations = query(
  `SET XACT_ABORT ON;
   EXEC sys.sp_getapplock @Resource = N'keywork:migrate', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 25000;
   IF APPLOCK_MODE(N'public', N'keywork:migrate', N'Transaction') <> N'Exclusive'
     THROW 50020, N'keywork: another process is migrating this database and did not finish within 25 seconds; run keywork migrate again', 1;
   IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
     CREATE TABLE dbo.schema_migrations (
       name        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
       applied_at  DATETIME2(3)  NOT NULL
     );
   SELECT COUNT(*) AS applied FROM dbo.schema_migrations WHERE name = @name;`,
  { name: P.text(200) },
);

export const recordMigration = query(
  `INSERT INTO dbo.schema_migrations (name, applied_at) VALUES (@name, @at);`,
  {
    name: P.text(200),
    at: P.time,
  },
);

export const ping = query(`SELECT 1 AS ok;`, {});

// ── units ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Upserts the units (UPDATE, then INSERT what is missing under UPDLOCK, HOLDLOCK — never MERGE),
 * replaces their aliases, keeps units and aliases absent from the list. One transaction.
 * @units: [{ name, kind, position }], names distinct; @aliases: [{ alias, unit }], aliases distinct.
 */
export const replaceUnits = query(
  `SET XACT_ABORT ON;
   BEGIN TRANSACTION;
   DECLARE @u TABLE (
     name      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
     kind      NVARCHAR(80)  NOT NULL,
     position  INT           NOT NULL
   );
   INSERT INTO @u (name, kind, position)
   SELECT j.name, j.kind, j.position
   FROM OPENJSON(@units) WITH (name NVARCHAR(MAX) '$.name', kind NVARCHAR(MAX) '$.kind', position INT '$.position') AS j;
   UPDATE u SET u.kind = n.kind, u.position = n.position
   FROM dbo.units AS u WITH (UPDLOCK, HOLDLOCK)
   INNER JOIN @u AS n ON n.name = u.name;
   INSERT INTO dbo.units (name, kind, position)
   SELECT n.name, n.kind, n.position FROM @u AS n
   WHERE NOT EXISTS (SELECT 1 FROM dbo.units AS u WITH (UPDLOCK, HOLDLOCK) WHERE u.name = n.name);
   DELETE a FROM dbo.unit_aliases AS a
   WHERE EXISTS (SELECT 1 FROM @u AS n WHERE n.name = a.unit);
   INSERT INTO dbo.unit_aliases (alias, unit)
   SELECT j.alias, j.unit
   FROM OPENJSON(@aliases) WITH (alias NVARCHAR(MAX) '$.alias', unit NVARCHAR(MAX) '$.unit') AS j
   WHERE NOT EXISTS (
     SELECT 1 FROM dbo.unit_aliases AS a WITH (UPDLOCK, HOLDLOCK)
     WHERE a.alias = j.alias COLLATE Latin1_General_100_BIN2
   );
   COMMIT TRANSACTION;`,
  { units: P.json, aliases: P.json },
);

/** Moved on by triggers at every change to units or aliases (migration 006). */
export const directoryVersion = query(`SELECT version FROM dbo.directory_version WHERE id = 1;`, {});

export const listUnits = query(
  `SELECT name, kind, position FROM dbo.units WHERE retired_into IS NULL;
   SELECT alias, unit FROM dbo.unit_aliases;`,
  {},
);

/**
 * In a transaction: adds or updates the listed units (kind; a retired one is active again; new ones at
 * the end in list order), replaces their aliases, and moves an alias listed here from its old unit.
 * @units: [{ name, kind, ord }], names distinct; @aliases: [{ alias, unit }], aliases distinct.
 */
export const saveUnits = query(
  `SET XACT_ABORT ON;
   DECLARE @u TABLE (
     name      NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
     kind      NVARCHAR(80)  NOT NULL,
     ord       INT           NOT NULL
   );
   INSERT INTO @u (name, kind, ord)
   SELECT j.name, j.kind, j.ord
   FROM OPENJSON(@units) WITH (name NVARCHAR(MAX) '$.name', kind NVARCHAR(MAX) '$.kind', ord INT '$.ord') AS j;
   UPDATE u SET u.kind = n.kind, u.retired_into = NULL, u.retired_at = NULL
   FROM dbo.units AS u WITH (UPDLOCK, HOLDLOCK)
   INNER JOIN @u AS n ON n.name = u.name;
   DECLARE @last INT = (SELECT COALESCE(MAX(position), -1) FROM dbo.units WITH (UPDLOCK, HOLDLOCK));
   INSERT INTO dbo.units (name, kind, position)
   SELECT n.name, n.kind, @last + ROW_NUMBER() OVER (ORDER BY n.ord) FROM @u AS n
   WHERE NOT EXISTS (SELECT 1 FROM dbo.units AS u WHERE u.name = n.name);
   DELETE a FROM dbo.unit_aliases AS a
   WHERE EXISTS (SELECT 1 FROM @u AS n WHERE n.name = a.unit)
      OR a.alias IN (SELECT j.alias COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@aliases) WITH (alias NVARCHAR(MAX) '$.alias') AS j);
   INSERT INTO dbo.unit_aliases (alias, unit)
   SELECT j.alias, j.unit
   FROM OPENJSON(@aliases) WITH (alias NVARCHAR(MAX) '$.alias', unit NVARCHAR(MAX) '$.unit') AS j;`,
  { units: P.json, aliases: P.json },
);

export const listRetiredUnits = query(
  `SELECT name, kind, retired_into, retired_at FROM dbo.units WHERE retired_into IS NOT NULL ORDER BY retired_at;`,
  {},
);

/**
 * In a transaction, a rename or merge (@from: a JSON array of names): @into created or made active,
 * aliases and retired units follow, each old name becomes an alias and is retired, accounts move,
 * report rows of open periods move (where two meet on one task the latest stays) and so do their
 * open returns. Answers the plans of open periods that name a source, then the counts.
 */
export const mergeUnits = query(
  `SET XACT_ABORT ON;
   DECLARE @f TABLE (name NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY);
   INSERT INTO @f (name) SELECT DISTINCT j.name FROM OPENJSON(@from) WITH (name NVARCHAR(MAX) '$') AS j;
   IF NOT EXISTS (SELECT 1 FROM dbo.units WITH (UPDLOCK, HOLDLOCK) WHERE name = @into)
     INSERT INTO dbo.units (name, kind, position)
     SELECT @into, @kind, MIN(u.position) FROM dbo.units AS u WHERE u.name IN (SELECT name FROM @f);
   ELSE
     UPDATE dbo.units SET retired_into = NULL, retired_at = NULL WHERE name = @into;
   UPDATE dbo.unit_aliases SET unit = @into WHERE unit IN (SELECT name FROM @f);
   UPDATE dbo.units SET retired_into = @into WHERE retired_into IN (SELECT name FROM @f);
   UPDATE dbo.units SET retired_into = @into, retired_at = @at WHERE name IN (SELECT name FROM @f);
   DELETE FROM dbo.unit_aliases WHERE alias IN (SELECT name FROM @f) OR alias = @into;
   INSERT INTO dbo.unit_aliases (alias, unit) SELECT name, @into FROM @f;
   UPDATE dbo.users SET unit = @into WHERE unit IN (SELECT name FROM @f);
   DECLARE @users INT = @@ROWCOUNT;
   SELECT DISTINCT p.plan_id FROM dbo.periods AS p WITH (UPDLOCK, HOLDLOCK)
   WHERE p.locked = 0 AND EXISTS (
     SELECT 1 FROM dbo.task_units AS t WHERE t.plan_id = p.plan_id AND t.unit IN (SELECT name FROM @f));
   WITH ranked AS (
     SELECT r.unit, ROW_NUMBER() OVER (
       PARTITION BY r.period_id, r.seq ORDER BY r.updated_at DESC, CASE WHEN r.unit = @into THEN 0 ELSE 1 END
     ) AS k
     FROM dbo.report_rows AS r WITH (UPDLOCK, HOLDLOCK)
     WHERE (r.unit = @into OR r.unit IN (SELECT name FROM @f))
       AND r.period_id IN (SELECT id FROM dbo.periods WHERE locked = 0)
   )
   DELETE FROM ranked WHERE k > 1;
   UPDATE dbo.report_rows SET unit = @into
   WHERE unit IN (SELECT name FROM @f) AND period_id IN (SELECT id FROM dbo.periods WHERE locked = 0);
   DECLARE @reports INT = @@ROWCOUNT;
   UPDATE dbo.returns SET unit = @into
   WHERE resolved_at IS NULL AND unit IN (SELECT name FROM @f)
     AND period_id IN (SELECT id FROM dbo.periods WHERE locked = 0);
   DECLARE @returns INT = @@ROWCOUNT;
   SELECT @users AS users, @reports AS reports, @returns AS [returns];`,
  { from: P.json, into: UNIT, kind: P.text(80), at: P.time },
);

/**
 * In the merge's transaction: a new version of plan @planId with the units of @from named @into (two
 * that meet on one task become one, at the first place), and the open periods on it repointed.
 * Published plans are never updated in place: every process caches them by id.
 */
export const copyPlanForMerge = query(
  `SET XACT_ABORT ON;
   INSERT INTO dbo.plans (title, vocabulary, created_at) SELECT title, vocabulary, @at FROM dbo.plans WHERE id = @planId;
   DECLARE @newPlan INT = CAST(SCOPE_IDENTITY() AS INT);
   INSERT INTO dbo.plan_sections (plan_id, position, [no], title)
   SELECT @newPlan, position, [no], title FROM dbo.plan_sections WHERE plan_id = @planId;
   INSERT INTO dbo.plan_subsections (plan_id, section_position, position, title)
   SELECT @newPlan, section_position, position, title FROM dbo.plan_subsections WHERE plan_id = @planId;
   INSERT INTO dbo.tasks (plan_id, seq, section_position, subsection_position, position, task_text)
   SELECT @newPlan, seq, section_position, subsection_position, position, task_text FROM dbo.tasks WHERE plan_id = @planId;
   INSERT INTO dbo.task_units (plan_id, seq, position, unit)
   SELECT @newPlan, d.seq, ROW_NUMBER() OVER (PARTITION BY d.seq ORDER BY d.position) - 1, d.unit
   FROM (
     SELECT m.seq, m.position, m.unit, ROW_NUMBER() OVER (PARTITION BY m.seq, m.unit ORDER BY m.position) AS k
     FROM (
       SELECT t.seq, t.position,
         CASE WHEN t.unit IN (SELECT j.name COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@from) WITH (name NVARCHAR(MAX) '$') AS j)
           THEN @into ELSE t.unit END AS unit
       FROM dbo.task_units AS t WHERE t.plan_id = @planId
     ) AS m
   ) AS d
   WHERE d.k = 1 OR d.unit <> @into;
   SELECT id FROM dbo.periods WHERE locked = 0 AND plan_id = @planId ORDER BY id;
   UPDATE dbo.periods SET plan_id = @newPlan WHERE locked = 0 AND plan_id = @planId;`,
  { planId: P.int, from: P.json, into: UNIT, at: P.time },
);

// ── users and tokens ────────────────────────────────────────────────────────────────────────────

export const createUser = query(
  `INSERT INTO dbo.users (username, name, unit, role, password_hash, created_at, must_change_password, phone, email)
   OUTPUT INSERTED.id
   VALUES (@username, @name, @unit, @role, @passwordHash, @at, @mustChange, @phone, @email);`,
  {
    username: USERNAME,
    name: P.text(200),
    unit: P.nullable(UNIT),
    role: P.text(20),
    passwordHash: P.text(400),
    at: P.time,
    mustChange: P.bit,
    phone: P.nullable(P.text(40)),
    email: P.nullable(P.text(200)),
  },
);

export const findUserByUsername = query(
  `SELECT id, username, name, unit, role, password_hash, disabled, must_change_password, phone, email FROM dbo.users WHERE username = @username;`,
  {
    username: USERNAME,
  },
);

export const findUserById = query(
  `SELECT id, username, name, unit, role, password_hash, disabled, must_change_password, phone, email FROM dbo.users WHERE id = @id;`,
  { id: P.int },
);

export const countUsers = query(`SELECT COUNT(*) AS n FROM dbo.users;`, {});

export const setPassword = query(`UPDATE dbo.users SET password_hash = @passwordHash WHERE id = @id;`, {
  id: P.int,
  passwordHash: P.text(400),
});

export const listUsers = query(
  `SELECT id, username, name, unit, role, password_hash, disabled, must_change_password, phone, email
   FROM dbo.users ORDER BY username;`,
  {},
);

/**
 * In the roster's transaction, under key-range locks (a concurrent import of the same names waits):
 * which of the usernames are taken, and which of the units exist. @usernames, @units: JSON string arrays.
 */
export const createUsersCheck = query(
  `SET XACT_ABORT ON;
   SELECT u.username FROM dbo.users AS u WITH (UPDLOCK, HOLDLOCK)
   WHERE u.username IN (SELECT j.name COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@usernames) WITH (name NVARCHAR(MAX) '$') AS j);
   SELECT n.name FROM dbo.units AS n
   WHERE n.name IN (SELECT j.name COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@units) WITH (name NVARCHAR(MAX) '$') AS j);`,
  { usernames: P.json, units: P.json },
);

/** @users: [{ username, name, unit, role, passwordHash, mustChange, phone, email }]. */
export const createUsers = query(
  `SET XACT_ABORT ON;
   INSERT INTO dbo.users (username, name, unit, role, password_hash, created_at, must_change_password, phone, email)
   SELECT j.username, j.name, j.unit, j.role, j.passwordHash, @at, j.mustChange, j.phone, j.email
   FROM OPENJSON(@users) WITH (
     username NVARCHAR(128) '$.username', name NVARCHAR(200) '$.name', unit NVARCHAR(100) '$.unit',
     role NVARCHAR(20) '$.role', passwordHash NVARCHAR(400) '$.passwordHash', mustChange BIT '$.mustChange',
     phone NVARCHAR(40) '$.phone', email NVARCHAR(200) '$.email'
   ) AS j;`,
  { users: P.json, at: P.time },
);

/** The account, locked for the change, and how many other active coordinators there are. */
export const lockUser = query(
  `SET XACT_ABORT ON;
   SELECT id, username, name, unit, role, password_hash, disabled, must_change_password, phone, email
   FROM dbo.users WITH (UPDLOCK, HOLDLOCK) WHERE username = @username;
   SELECT COUNT(*) AS n FROM dbo.users WITH (UPDLOCK, HOLDLOCK)
   WHERE role = N'coordinator' AND disabled = 0 AND username <> @username;
   SELECT COUNT(*) AS n FROM dbo.units WHERE name = @unit;`,
  { username: USERNAME, unit: P.nullable(UNIT) },
);

/** Sets role, unit and disabled; disabling deletes the account's tokens. */
export const updateUser = query(
  `SET XACT_ABORT ON;
   UPDATE dbo.users SET role = @role, unit = @unit, disabled = @disabled WHERE id = @id;
   IF @disabled = 1 DELETE FROM dbo.tokens WHERE user_id = @id;`,
  { id: P.int, role: P.text(20), unit: P.nullable(UNIT), disabled: P.bit },
);

/** A new password (and whether it must be changed); the account's other sessions end. */
export const replacePassword = query(
  `SET XACT_ABORT ON;
   UPDATE dbo.users SET password_hash = @passwordHash, must_change_password = @mustChange WHERE id = @id;
   DELETE FROM dbo.tokens WHERE user_id = @id AND kind = N'session' AND (@keepToken IS NULL OR hash <> @keepToken);`,
  { id: P.int, passwordHash: P.text(400), mustChange: P.bit, keepToken: P.nullable(HASH) },
);

export const createToken = query(
  `INSERT INTO dbo.tokens (hash, user_id, kind, created_at, expires_at) VALUES (@hash, @userId, @kind, @createdAt, @expiresAt);`,
  { hash: HASH, userId: P.int, kind: P.text(10), createdAt: P.time, expiresAt: P.nullable(P.time) },
);

export const findToken = query(
  `SELECT t.hash AS t_hash, t.kind AS t_kind, t.created_at AS t_created_at, t.expires_at AS t_expires_at,
          u.id, u.username, u.name, u.unit, u.role, u.password_hash,
          u.disabled, u.must_change_password, u.phone, u.email
   FROM dbo.tokens AS t
   INNER JOIN dbo.users AS u ON u.id = t.user_id
   WHERE t.hash = @hash AND (t.expires_at IS NULL OR t.expires_at > @now) AND u.disabled = 0;`,
  { hash: HASH, now: P.time },
);

export const deleteToken = query(`DELETE FROM dbo.tokens WHERE hash = @hash;`, { hash: HASH });

export const purgeTokens = query(
  `DELETE FROM dbo.tokens WHERE expires_at IS NOT NULL AND expires_at <= @now;
   SELECT @@ROWCOUNT AS n;`,
  { now: P.time },
);

export const purgeAnswers = query(
  `DELETE FROM dbo.idempotency WHERE created_at < @before;
   SELECT @@ROWCOUNT AS n;`,
  { before: P.time },
);

// ── shared limits (migration 005) ───────────────────────────────────────────────────────────────

/**
 * One sign-in attempt counted against one key: UPDATE under UPDLOCK, HOLDLOCK (a concurrent attempt on
 * the same key, even one not stored yet, waits here), INSERT when there was none, then the count and
 * the attempt before this one, read inside the same transaction.
 */
export const countSigninAttempt = query(
  `SET XACT_ABORT ON;
   BEGIN TRANSACTION;
   UPDATE t SET
     t.failures = CASE WHEN t.expires_at <= @at THEN 1 ELSE t.failures + 1 END,
     t.prev_at = CASE WHEN t.expires_at <= @at THEN NULL ELSE t.last_at END,
     t.last_at = @at,
     t.expires_at = @expiresAt
   FROM dbo.signin_throttle AS t WITH (UPDLOCK, HOLDLOCK)
   WHERE t.throttle_key = @key;
   IF @@ROWCOUNT = 0
     INSERT INTO dbo.signin_throttle (throttle_key, failures, last_at, prev_at, expires_at)
     VALUES (@key, 1, @at, NULL, @expiresAt);
   SELECT failures, prev_at FROM dbo.signin_throttle WHERE throttle_key = @key;
   COMMIT TRANSACTION;`,
  { key: P.text(300), at: P.time, expiresAt: P.time },
);

export const peekSignin = query(
  `SELECT t.throttle_key, t.failures, t.last_at FROM dbo.signin_throttle AS t
   WHERE t.throttle_key IN (SELECT j.k COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@keys) WITH (k NVARCHAR(300) '$') AS j)
     AND t.expires_at > @now;`,
  { keys: P.json, now: P.time },
);

/** Compare-and-set of the last attempt: one of several attempts arriving together wins. */
export const claimSignin = query(
  `UPDATE dbo.signin_throttle SET last_at = @now WHERE throttle_key = @key AND last_at = @lastAt;
   SELECT @@ROWCOUNT AS n;`,
  { key: P.text(300), lastAt: P.time, now: P.time },
);

export const clearSigninAttempts = query(`DELETE FROM dbo.signin_throttle WHERE throttle_key = @key;`, {
  key: P.text(300),
});

/** One request counted in the caller's current window, as countSigninAttempt: one round trip. */
export const hitRateLimit = query(
  `SET XACT_ABORT ON;
   SET NOCOUNT ON;
   BEGIN TRANSACTION;
   UPDATE r SET
     r.hits = CASE WHEN r.window_start > @windowAfter THEN r.hits + 1 ELSE 1 END,
     r.window_start = CASE WHEN r.window_start > @windowAfter THEN r.window_start ELSE @now END
   FROM dbo.rate_limits AS r WITH (UPDLOCK, HOLDLOCK)
   WHERE r.rate_key = @key;
   IF @@ROWCOUNT = 0
     INSERT INTO dbo.rate_limits (rate_key, window_start, hits) VALUES (@key, @now, 1);
   SELECT hits, window_start FROM dbo.rate_limits WHERE rate_key = @key;
   COMMIT TRANSACTION;`,
  { key: P.text(100), now: P.time, windowAfter: P.time },
);

export const purgeLimits = query(
  `SET XACT_ABORT ON;
   DELETE FROM dbo.signin_throttle WHERE expires_at <= @now;
   DECLARE @signins INT = @@ROWCOUNT;
   DELETE FROM dbo.rate_limits WHERE window_start <= @windowsEndedBy;
   SELECT @signins AS signins, @@ROWCOUNT AS rate_limits;`,
  { now: P.time, windowsEndedBy: P.time },
);

/** Takes the lease when free, expired or already ours; answers whether it did. */
export const acquireLease = query(
  `SET XACT_ABORT ON;
   BEGIN TRANSACTION;
   DECLARE @taken INT = 0;
   UPDATE l SET l.holder = @holder, l.expires_at = @expiresAt
   FROM dbo.leases AS l WITH (UPDLOCK, HOLDLOCK)
   WHERE l.name = @name AND (l.expires_at <= @now OR l.holder = @holder);
   SET @taken = @@ROWCOUNT;
   IF @taken = 0 AND NOT EXISTS (SELECT 1 FROM dbo.leases WITH (UPDLOCK, HOLDLOCK) WHERE name = @name)
   BEGIN
     INSERT INTO dbo.leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt);
     SET @taken = 1;
   END;
   COMMIT TRANSACTION;
   SELECT @taken AS taken;`,
  { name: P.text(100), holder: P.text(200), now: P.time, expiresAt: P.time },
);

export const releaseLease = query(`DELETE FROM dbo.leases WHERE name = @name AND holder = @holder;`, {
  name: P.text(100),
  holder: P.text(200),
});

// ── plans and periods ───────────────────────────────────────────────────────────────────────────

/**
 * In the publishing transaction: whether the period exists (a key-range lock keeps a concurrent
 * publisher of the same id waiting until this one ends), and which of the plan's units are known.
 */
export const publishCheck = query(
  `SET XACT_ABORT ON;
   SELECT COUNT(*) AS n FROM dbo.periods WITH (UPDLOCK, HOLDLOCK) WHERE id = @periodId;
   SELECT u.name FROM dbo.units AS u
   WHERE u.retired_into IS NULL AND u.name IN (SELECT j.name COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@units) WITH (name NVARCHAR(MAX) '$') AS j);`,
  { periodId: PERIOD, units: P.json },
);

/**
 * The plan's flat tables from one JSON document, then the period. @plan: { sections: [{ position,
 * no, title }], subsections: [{ section, position, title }], tasks: [{ seq, section, subsection,
 * position, text }], units: [{ seq, position, unit }] }.
 */
export const publishPlan = query(
  `SET XACT_ABORT ON;
   INSERT INTO dbo.plans (title, vocabulary, created_at) VALUES (@title, @vocabulary, @at);
   DECLARE @planId INT = CAST(SCOPE_IDENTITY() AS INT);
   INSERT INTO dbo.plan_sections (plan_id, position, [no], title)
   SELECT @planId, j.position, j.[no], j.title
   FROM OPENJSON(@plan, '$.sections') WITH (position INT '$.position', [no] NVARCHAR(MAX) '$.no', title NVARCHAR(MAX) '$.title') AS j;
   INSERT INTO dbo.plan_subsections (plan_id, section_position, position, title)
   SELECT @planId, j.section_position, j.position, j.title
   FROM OPENJSON(@plan, '$.subsections') WITH (section_position INT '$.section', position INT '$.position', title NVARCHAR(MAX) '$.title') AS j;
   INSERT INTO dbo.tasks (plan_id, seq, section_position, subsection_position, position, task_text)
   SELECT @planId, j.seq, j.section_position, j.subsection_position, j.position, j.task_text
   FROM OPENJSON(@plan, '$.tasks') WITH (
     seq INT '$.seq', section_position INT '$.section', subsection_position INT '$.subsection',
     position INT '$.position', task_text NVARCHAR(MAX) '$.text'
   ) AS j;
   INSERT INTO dbo.task_units (plan_id, seq, position, unit)
   SELECT @planId, j.seq, j.position, j.unit
   FROM OPENJSON(@plan, '$.units') WITH (seq INT '$.seq', position INT '$.position', unit NVARCHAR(MAX) '$.unit') AS j;
   INSERT INTO dbo.periods (id, title, plan_id, due_at, locked, previous_period_id, created_at)
   VALUES (@periodId, @periodTitle, @planId, @dueAt, 0, @previousPeriodId, @at);
   SELECT @planId AS plan_id;`,
  {
    title: TITLE,
    vocabulary: P.json,
    at: P.time,
    plan: P.json,
    periodId: PERIOD,
    periodTitle: TITLE,
    dueAt: P.nullable(P.text(40)),
    previousPeriodId: P.nullable(PERIOD),
  },
);

export const listPeriods = query(
  `SELECT id, title, plan_id, due_at, locked, previous_period_id, created_at FROM dbo.periods ORDER BY created_at, id;`,
  {},
);

export const getPeriod = query(
  `SELECT id, title, plan_id, due_at, locked, previous_period_id, created_at FROM dbo.periods WHERE id = @id;`,
  { id: PERIOD },
);

export const getPlan = query(
  `SELECT id, title, vocabulary FROM dbo.plans WHERE id = @planId;
   SELECT position, [no], title FROM dbo.plan_sections WHERE plan_id = @planId ORDER BY position;
   SELECT section_position, position, title FROM dbo.plan_subsections WHERE plan_id = @planId ORDER BY section_position, position;
   SELECT seq, section_position, subsection_position, position, task_text AS [text] FROM dbo.tasks
   WHERE plan_id = @planId ORDER BY section_position, subsection_position, position;
   SELECT seq, unit FROM dbo.task_units WHERE plan_id = @planId ORDER BY seq, position;`,
  { planId: P.int },
);

/** In a transaction: whether the period exists (key-range locked until the end), for a rollover. */
export const periodExists = query(
  `SET XACT_ABORT ON;
   SELECT COUNT(*) AS n FROM dbo.periods WITH (UPDLOCK, HOLDLOCK) WHERE id = @periodId;`,
  { periodId: PERIOD },
);

/** A rollover: a new period on an already published plan. */
export const openPeriod = query(
  `INSERT INTO dbo.periods (id, title, plan_id, due_at, locked, previous_period_id, created_at)
   VALUES (@periodId, @periodTitle, @planId, @dueAt, 0, @previousPeriodId, @at);`,
  {
    periodId: PERIOD,
    periodTitle: TITLE,
    planId: P.int,
    dueAt: P.nullable(P.text(40)),
    previousPeriodId: P.nullable(PERIOD),
    at: P.time,
  },
);

export const setPeriodLocked = query(`UPDATE dbo.periods SET locked = @locked WHERE id = @id;`, {
  id: PERIOD,
  locked: P.bit,
});

// ── reports and submissions ─────────────────────────────────────────────────────────────────────

export const listReports = query(
  `SELECT period_id, seq, unit, status, progress, version, updated_by, updated_at FROM dbo.report_rows WHERE period_id = @periodId;`,
  {
    periodId: PERIOD,
  },
);

export const listUnitReports = query(
  `SELECT period_id, seq, unit, status, progress, version, updated_by, updated_at FROM dbo.report_rows WHERE period_id = @periodId AND unit = @unit ORDER BY seq;`,
  { periodId: PERIOD, unit: UNIT },
);

/**
 * The submission's reads, in its transaction, each under the lock that makes its answer hold until
 * commit: the idempotency key (UPDLOCK, HOLDLOCK: a concurrent request with the same key waits here
 * and then finds this one's answer, instead of racing it to the rows), the period (HOLDLOCK: a lock
 * waits for submissions in flight, and a submission after it sees it), and the rows (UPDLOCK,
 * HOLDLOCK: read-to-write, a second writer of the same row waits; key-range locks cover rows not yet
 * reported). @seqs: [seq, …] in ascending order, so locks are taken in one order.
 */
export const submissionRead = query(
  `SET XACT_ABORT ON;
   SELECT i.request_hash, i.response FROM dbo.idempotency AS i WITH (UPDLOCK, HOLDLOCK)
   WHERE @key IS NOT NULL AND i.user_id = @userId AND i.idempotency_key = @key;
   SELECT p.locked FROM dbo.periods AS p WITH (HOLDLOCK) WHERE p.id = @periodId;
   SELECT r.seq, r.status, r.progress, r.version, r.updated_by, r.updated_at
   FROM dbo.report_rows AS r WITH (UPDLOCK, HOLDLOCK)
   WHERE r.period_id = @periodId AND r.unit = @unit
     AND r.seq IN (SELECT j.seq FROM OPENJSON(@seqs) WITH (seq INT '$') AS j);`,
  { key: P.nullable(IDEMPOTENCY_KEY), userId: P.int, periodId: PERIOD, unit: UNIT, seqs: P.json },
);

/**
 * The submission's writes, set-based: one history entry per changed row (old → new), UPDATE … WHERE
 * version = the version read (its @@ROWCOUNT checked), INSERT of new rows under UPDLOCK, HOLDLOCK,
 * open returns of changed rows resolved, the idempotency answer stored (its primary key makes a
 * concurrent duplicate fail with 2627, and the adapter then replays). @rows: [{ seq, status,
 * progress, version }] of changed rows, version = the current version (0: not reported yet).
 */
export const submissionWrite = query(
  `SET XACT_ABORT ON;
   DECLARE @changes TABLE (
     seq       INT           NOT NULL PRIMARY KEY,
     status    NVARCHAR(100) NOT NULL,
     progress  NVARCHAR(MAX) NOT NULL,
     version   INT           NOT NULL
   );
   INSERT INTO @changes (seq, status, progress, version)
   SELECT j.seq, j.status, j.progress, j.version
   FROM OPENJSON(@rows) WITH (seq INT '$.seq', status NVARCHAR(MAX) '$.status', progress NVARCHAR(MAX) '$.progress', version INT '$.version') AS j;
   INSERT INTO dbo.history (period_id, seq, unit, version, old_status, old_progress, new_status, new_progress, changed_by, changed_at)
   SELECT @periodId, c.seq, @unit, c.version + 1, r.status, r.progress, c.status, c.progress, @username, @at
   FROM @changes AS c
   LEFT JOIN dbo.report_rows AS r ON r.period_id = @periodId AND r.unit = @unit AND r.seq = c.seq
   ORDER BY c.seq;
   UPDATE r SET r.status = c.status, r.progress = c.progress, r.version = r.version + 1, r.updated_by = @username, r.updated_at = @at
   FROM dbo.report_rows AS r
   INNER JOIN @changes AS c ON c.seq = r.seq
   WHERE r.period_id = @periodId AND r.unit = @unit AND c.version > 0 AND r.version = c.version;
   IF @@ROWCOUNT <> @updates
     THROW 50002, N'keywork: a report row changed after it was read; the transaction is retried', 1;
   INSERT INTO dbo.report_rows (period_id, seq, unit, status, progress, version, updated_by, updated_at)
   SELECT @periodId, c.seq, @unit, c.status, c.progress, 1, @username, @at
   FROM @changes AS c
   WHERE c.version = 0
     AND NOT EXISTS (
       SELECT 1 FROM dbo.report_rows AS r WITH (UPDLOCK, HOLDLOCK)
       WHERE r.period_id = @periodId AND r.unit = @unit AND r.seq = c.seq
     );
   IF @@ROWCOUNT <> @inserts
     THROW 50002, N'keywork: a report row appeared after it was read; the transaction is retried', 1;
   UPDATE t SET t.resolved_at = @at
   FROM dbo.returns AS t
   INNER JOIN @changes AS c ON c.seq = t.seq
   WHERE t.period_id = @periodId AND t.unit = @unit AND t.resolved_at IS NULL;
   IF @key IS NOT NULL
     INSERT INTO dbo.idempotency (user_id, idempotency_key, request_hash, response, created_at)
     VALUES (@userId, @key, @requestHash, @response, @at);`,
  {
    periodId: PERIOD,
    unit: UNIT,
    username: USERNAME,
    at: P.time,
    rows: P.json,
    updates: P.int,
    inserts: P.int,
    key: P.nullable(IDEMPOTENCY_KEY),
    userId: P.int,
    requestHash: HASH,
    response: P.json,
  },
);

export const history = query(
  `SELECT id, period_id, seq, unit, version, old_status, old_progress, new_status, new_progress, changed_by, changed_at
   FROM dbo.history WHERE period_id = @periodId AND seq = @seq ORDER BY id;`,
  { periodId: PERIOD, seq: P.int },
);

// ── returns ─────────────────────────────────────────────────────────────────────────────────────

export const createReturn = query(
  `INSERT INTO dbo.returns (period_id, seq, unit, comment, created_by, created_at)
   OUTPUT INSERTED.id, INSERTED.period_id, INSERTED.seq, INSERTED.unit, INSERTED.comment, INSERTED.created_by, INSERTED.created_at, INSERTED.resolved_at
   VALUES (@periodId, @seq, @unit, @comment, @createdBy, @at);`,
  { periodId: PERIOD, seq: P.int, unit: UNIT, comment: P.text(4000), createdBy: USERNAME, at: P.time },
);

export const listReturns = query(
  `SELECT id, period_id, seq, unit, comment, created_by, created_at, resolved_at FROM dbo.returns
   WHERE period_id = @periodId AND (@openOnly = 0 OR resolved_at IS NULL) AND (@unit IS NULL OR unit = @unit)
   ORDER BY id;`,
  { periodId: PERIOD, openOnly: P.bit, unit: P.nullable(UNIT) },
);

// ── audit log ───────────────────────────────────────────────────────────────────────────────────

export const insertAudit = query(
  `INSERT INTO dbo.audit_log (at, actor, action, target, detail)
   OUTPUT INSERTED.id
   VALUES (@at, @actor, @action, @target, @detail);`,
  { at: P.time, actor: P.text(160), action: P.text(64), target: P.text(200), detail: P.nullable(P.maxText) },
);

export const listAudit = query(
  `SELECT TOP (@count) id, at, actor, action, target, detail FROM dbo.audit_log
   WHERE (@before IS NULL OR id < @before) AND (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor)
   ORDER BY id DESC;`,
  { count: P.int, before: P.nullable(P.int), action: P.nullable(P.text(64)), actor: P.nullable(P.text(160)) },
);

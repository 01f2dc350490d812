-- Accounts (issue 11): an account can be disabled (its sessions and API tokens stop working at once),
-- an initial or reset password must be changed at first sign-in, and a roster may give a phone and
-- an e-mail address for the coordinator to reach the person.

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN email TEXT;

-- PostgreSQL's twin of sqlite/0010_people_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- The people directory pages by name with a keyset on (lower(name), id):
-- without an index on that expression every page sorted every account.
-- Old login failures are pruned by time on each successful login: without
-- an index on `at` that was a full scan of the ledger (tests/store/test_plans.c).
CREATE INDEX IF NOT EXISTS users_name ON users(lower(name), id);
CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures(at);

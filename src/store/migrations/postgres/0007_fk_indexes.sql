-- PostgreSQL's twin of sqlite/0007_fk_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Indexes on foreign-key columns that had none. With foreign keys enforced,
-- SQLite looks up the child rows of a parent key on every insert, update or
-- delete of the parent; without an index on the child column that lookup is
-- a full scan of the child table (tests/store/test_plans.c found it).
CREATE INDEX IF NOT EXISTS mentor_requests_program ON mentor_requests(program_id, status);

-- The bookkeeping of schema migrations (store/migrate.c): which versions are
-- applied. The migrations themselves are scripts, not named statements.

-- name: migration_lock
-- Taken first in every migration's transaction, so that two servers
-- starting at once apply each migration once: on PostgreSQL an advisory
-- lock held to the end of the transaction (the key is arbitrary: "mentord"
-- migrations); SQLite's write lock already does this.
SELECT 1;
-- postgres:
SELECT pg_advisory_xact_lock(7091842);

-- name: migrations_table
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL
);

-- name: migration_latest -> int
SELECT COALESCE(MAX(version), 0) FROM schema_migrations;

-- name: migration_applied (version int) -> int
SELECT version FROM schema_migrations WHERE version = $1;

-- name: migration_record (version int, name text, at int)
INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3);

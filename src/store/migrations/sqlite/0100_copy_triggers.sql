-- Nothing to do on SQLite: the twin of postgres/0100_copy_triggers.sql,
-- which lets copy-db switch PostgreSQL's rollup triggers off while it
-- writes. SQLite cannot switch triggers off; copy-db replaces what they
-- build with the source's rollups instead (src/store/store_copy.c).
SELECT 1;

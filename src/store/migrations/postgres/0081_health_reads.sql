-- PostgreSQL's twin of sqlite/0081_health_reads.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- The program health page reads a program's open repeated-feedback tags
-- that recur at least repeat_min times: an index that ranges over n and
-- covers the columns read.
DROP INDEX health_tags_open;
CREATE INDEX health_tags_open ON health_tags(program_id, n, relationship_id, to_id, tag)
  WHERE corrected_at IS NULL;

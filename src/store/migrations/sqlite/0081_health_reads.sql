-- The program health page reads a program's open repeated-feedback tags
-- that recur at least repeat_min times. The index of 0004 put n after the
-- relationship, so SQLite walked every open tag of the program (254,000 in
-- the 50,000-relationship bench) to keep the few thousand that recur, and
-- went to the table for each tag's text. This one ranges over n and covers
-- the columns read.
DROP INDEX health_tags_open;
CREATE INDEX health_tags_open ON health_tags(program_id, n, relationship_id, to_id, tag)
  WHERE corrected_at IS NULL;

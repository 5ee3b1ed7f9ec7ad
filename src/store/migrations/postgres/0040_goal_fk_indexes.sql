-- PostgreSQL's twin of sqlite/0040_goal_fk_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Indexes on the foreign keys that point at goals. With foreign keys
-- enforced, SQLite looks up a goal's wins and action items whenever a goal
-- is written (and sets them to NULL when one is deleted); without these
-- indexes each lookup is a full scan of wins and actions
-- (tests/store/test_plans.c found it on goal_insert).
CREATE INDEX IF NOT EXISTS wins_goal ON wins(goal_id);
CREATE INDEX IF NOT EXISTS actions_goal ON actions(goal_id);

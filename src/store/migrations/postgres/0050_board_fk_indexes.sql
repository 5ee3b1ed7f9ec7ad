-- PostgreSQL's twin of sqlite/0050_board_fk_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Indexes on the foreign-key columns of the cooperation board and the wins
-- feed that had none. With foreign keys enforced SQLite looks up the child
-- rows of a parent key when the parent row is written; without an index
-- that lookup is a full scan of the child table (tests/store/test_plans.c:
-- concern_insert scanned actions, idea_insert scanned wins and
-- idea_credits), and the credit ledger's count per idea scanned the ledger.
-- The goal links are indexed for the same reason on the goals' side.
CREATE INDEX IF NOT EXISTS idea_credits_idea ON idea_credits(idea_id);
CREATE INDEX IF NOT EXISTS actions_concern ON actions(concern_id);
CREATE INDEX IF NOT EXISTS actions_goal ON actions(goal_id);
CREATE INDEX IF NOT EXISTS wins_idea ON wins(idea_id);
CREATE INDEX IF NOT EXISTS wins_goal ON wins(goal_id);

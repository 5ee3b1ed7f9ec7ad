-- Nothing to do on SQLite: the twin of
-- postgres/0185_enrolment_rollups_per_statement.sql, which keeps the
-- enrolments' rollups once per INSERT statement on PostgreSQL. SQLite
-- updates a row in place, so its row triggers (0008, 0080) cost the same
-- for the hundredth enrolment of a transaction as for the first.
SELECT 1;

-- PostgreSQL's twin of sqlite/0020_profile_notify_indexes.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Indexes for the statements of the people directory, the outbox and the
-- reminder job (tests/store/test_plans.c) (the directory's index is
-- 0010's): an outbox row (a parent of the digests' rows through
-- digest_id) is inserted without a scan for children that would refer to
-- it; the reminders find meetings, goals and action items coming due
-- through partial indexes of the live rows instead of reading every row of
-- their tables on each pass.
CREATE INDEX outbox_digest ON outbox(digest_id);
CREATE INDEX meetings_due ON meetings(starts_at) WHERE status = 'scheduled' AND rrule IS NULL;
CREATE INDEX meetings_series ON meetings(status, id) WHERE rrule IS NOT NULL;
CREATE INDEX goals_due ON goals(due_on) WHERE status = 'active';
CREATE INDEX actions_due ON actions(due_on) WHERE status = 'open';

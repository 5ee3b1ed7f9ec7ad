-- PostgreSQL's twin of sqlite/0155_match_review.sql: the same change in
-- PostgreSQL's dialect (docs/schema.md).
-- Match review at scale (issue 13): a run's proposed pairs and unmatched
-- mentees keep the mentee's department as it was when the run was made (the
-- review's department filter), an unmatched mentee keeps what would help
-- them (worked out from the program's people when the run is made, see
-- svc/matching.c), and indexes let the review read any page of a run of
-- 10,000 pairs by keyset in the order it shows them, at the cost of the page.

ALTER TABLE match_run_pairs ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE match_run_unmatched ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE match_run_unmatched ADD COLUMN help TEXT NOT NULL DEFAULT '';

-- Runs made before: the mentee's department today is the best there is.
UPDATE match_run_pairs
SET department = COALESCE((SELECT pr.department FROM profiles pr WHERE pr.user_id = match_run_pairs.mentee_id), '');
UPDATE match_run_unmatched
SET department = COALESCE((SELECT pr.department FROM profiles pr WHERE pr.user_id = match_run_unmatched.mentee_id), '');

-- Pairs best first (score, then mentee id, both descending: a row value
-- keyset), within a run and within a run's department.
CREATE INDEX match_run_pairs_score ON match_run_pairs(run_id, score, mentee_id);
CREATE INDEX match_run_pairs_department ON match_run_pairs(run_id, department, score, mentee_id);
-- How many mentees a run gives a mentor (an edit's capacity check), and
-- the run's summary in one pass over an index that holds all it reads.
CREATE INDEX match_run_pairs_mentor ON match_run_pairs(run_id, mentor_id, score, edited);
CREATE INDEX match_run_unmatched_department ON match_run_unmatched(run_id, department, mentee_id);

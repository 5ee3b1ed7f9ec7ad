-- Matching: match runs (a draft proposal of pairs, each with its reasons,
-- and the mentees left unmatched, with why), self-match mentor requests, and
-- (match_people_*, last) the people of a program as the engine loads them:
-- a handful of set-wise reads that store_match_people joins in memory.
-- A run's weights and stats, and a pair's reasons, are stored as JSON text;
-- store_match.c reads and writes them.

-- row match_run: id int, program_id int, algorithm text, status text, weights text,
--   total_score int, stats text, created_by int?, created_at int, published_at int?,
--   pairs int, unmatched_count int

-- name: match_run_insert (program_id int, algorithm text, weights text, total_score int, stats text, created_by int?, now int) -> int
INSERT INTO match_runs (program_id, algorithm, status, weights, total_score, stats, created_by, created_at)
VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7) RETURNING id;

-- name: match_run_get (id int) -> one match_run
SELECT r.id, r.program_id, r.algorithm, r.status, r.weights, r.total_score, r.stats,
       r.created_by, r.created_at, r.published_at,
       (SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = r.id),
       (SELECT COUNT(*) FROM match_run_unmatched u WHERE u.run_id = r.id)
FROM match_runs r WHERE r.id = $1;

-- name: match_run_list (program_id int) -> many match_run
-- A program's runs, newest first.
SELECT r.id, r.program_id, r.algorithm, r.status, r.weights, r.total_score, r.stats,
       r.created_by, r.created_at, r.published_at,
       (SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = r.id),
       (SELECT COUNT(*) FROM match_run_unmatched u WHERE u.run_id = r.id)
FROM match_runs r WHERE r.program_id = $1 ORDER BY r.id DESC;

-- name: match_run_total (run_id int)
-- The run's total score as the sum of its pairs' scores (after an edit).
UPDATE match_runs SET total_score = (SELECT COALESCE(SUM(score), 0) FROM match_run_pairs
                                     WHERE run_id = $1)
WHERE id = $1;

-- name: match_run_publish (id int, now int) -> changes
UPDATE match_runs SET status = 'published', published_at = $2 WHERE id = $1 AND status = 'draft';

-- row match_pair: mentee_id int, mentee_name text, mentor_id int, mentor_name text, score int,
--   reasons text, edited bool, department text

-- name: match_pair_list (run_id int) -> many match_pair
-- A run's pairs, best score first.
SELECT p.mentee_id, me.name, p.mentor_id, mo.name, p.score, p.reasons, p.edited, p.department
FROM match_run_pairs p JOIN users me ON me.id = p.mentee_id JOIN users mo ON mo.id = p.mentor_id
WHERE p.run_id = $1 ORDER BY p.score DESC, p.mentee_id;

-- name: match_pair_put (run_id int, mentee_id int, mentor_id int, score int, reasons text, edited bool, department text)
-- Sets the mentee's mentor in the run (a new pair, or a changed one);
-- department is the mentee's.
INSERT INTO match_run_pairs (run_id, mentee_id, mentor_id, score, reasons, edited, department)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (run_id, mentee_id) DO UPDATE SET mentor_id = excluded.mentor_id,
       score = excluded.score, reasons = excluded.reasons, edited = excluded.edited;

-- name: match_pair_delete (run_id int, mentee_id int)
DELETE FROM match_run_pairs WHERE run_id = $1 AND mentee_id = $2;

-- name: match_pair_mentor_load (run_id int, mentor_id int, mentee_id int) -> int
-- How many mentees the run gives the mentor besides this one.
SELECT COUNT(*) FROM match_run_pairs WHERE run_id = $1 AND mentor_id = $2 AND mentee_id <> $3;

-- row match_unmatched: mentee_id int, mentee_name text, reason text, department text, help text

-- name: match_unmatched_list (run_id int) -> many match_unmatched
SELECT u.mentee_id, me.name, u.reason, u.department, u.help
FROM match_run_unmatched u JOIN users me ON me.id = u.mentee_id
WHERE u.run_id = $1 ORDER BY u.mentee_id;

-- name: match_unmatched_put (run_id int, mentee_id int, reason text, department text, help text)
-- The mentee left without a mentor, why, and what would help them.
INSERT INTO match_run_unmatched (run_id, mentee_id, reason, department, help) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id, mentee_id) DO UPDATE SET reason = excluded.reason, help = excluded.help;

-- row match_pair_page: mentee_id int, mentee_name text, mentor_id int, mentor_name text, score int,
--   reasons text, edited bool, department text

-- name: match_pair_page (run_id int, min_score int, before_score int, before_mentee int, limit int) -> many match_pair_page
-- A page of a run's pairs scoring min_score or more, best first (score,
-- then mentee id, descending), strictly after the pair (before_score,
-- before_mentee) of the previous page: a keyset on the run's score index,
-- so a page deep in a run of 10,000 pairs costs what the first one does.
SELECT p.mentee_id, me.name, p.mentor_id, mo.name, p.score, p.reasons, p.edited, p.department
FROM match_run_pairs p JOIN users me ON me.id = p.mentee_id JOIN users mo ON mo.id = p.mentor_id
WHERE p.run_id = $1 AND p.score >= $2 AND (p.score, p.mentee_id) < ($3, $4)
ORDER BY p.score DESC, p.mentee_id DESC LIMIT $5;

-- name: match_pair_page_department (run_id int, department text, min_score int, before_score int, before_mentee int, limit int) -> many match_pair_page
-- The same within the mentees of one department.
SELECT p.mentee_id, me.name, p.mentor_id, mo.name, p.score, p.reasons, p.edited, p.department
FROM match_run_pairs p JOIN users me ON me.id = p.mentee_id JOIN users mo ON mo.id = p.mentor_id
WHERE p.run_id = $1 AND p.department = $2 AND p.score >= $3 AND (p.score, p.mentee_id) < ($4, $5)
ORDER BY p.score DESC, p.mentee_id DESC LIMIT $6;

-- name: match_unmatched_page (run_id int, after_mentee int, limit int) -> many match_unmatched
-- A page of a run's unmatched mentees, by mentee id, after after_mentee.
SELECT u.mentee_id, me.name, u.reason, u.department, u.help
FROM match_run_unmatched u JOIN users me ON me.id = u.mentee_id
WHERE u.run_id = $1 AND u.mentee_id > $2 ORDER BY u.mentee_id LIMIT $3;

-- name: match_unmatched_page_department (run_id int, department text, after_mentee int, limit int) -> many match_unmatched
SELECT u.mentee_id, me.name, u.reason, u.department, u.help
FROM match_run_unmatched u JOIN users me ON me.id = u.mentee_id
WHERE u.run_id = $1 AND u.department = $2 AND u.mentee_id > $3 ORDER BY u.mentee_id LIMIT $4;

-- row match_run_summary: pairs int, score_sum int, mentors_used int, excellent int, good int, fair int,
--   edited int

-- name: match_run_summary (run_id int, excellent_min int, good_min int, fair_min int) -> one match_run_summary
-- A run's figures: pairs, their total score, mentors given a mentee, pairs
-- in each fit band (weak: the rest) and pairs a manager set. One pass over
-- the run's pairs.
SELECT COUNT(*), COALESCE(SUM(score), 0), COUNT(DISTINCT mentor_id),
       COALESCE(SUM(CASE WHEN score >= $2 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN score >= $3 AND score < $2 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN score >= $4 AND score < $3 THEN 1 ELSE 0 END), 0), COALESCE(SUM(edited), 0)
FROM match_run_pairs WHERE run_id = $1;

-- row match_reason_count: reason text, n int

-- name: match_unmatched_reasons (run_id int) -> many match_reason_count
-- A run's unmatched mentees by reason, the commonest first.
SELECT reason, COUNT(*) FROM match_run_unmatched WHERE run_id = $1 GROUP BY reason ORDER BY 2 DESC, 1;

-- row match_department_count: department text, pairs int, unmatched int

-- name: match_run_departments (run_id int) -> many match_department_count
-- The mentees' departments in a run, with their pairs and unmatched.
SELECT department, SUM(pairs), SUM(unmatched) FROM (
  SELECT department, COUNT(*) AS pairs, 0 AS unmatched FROM match_run_pairs WHERE run_id = $1 GROUP BY department
  UNION ALL
  SELECT department, 0, COUNT(*) FROM match_run_unmatched WHERE run_id = $1 GROUP BY department) AS d
GROUP BY department ORDER BY department;

-- row match_run_mentee: mentee_id int, mentee_name text, department text, mentor_id int?, mentor_name text?,
--   score int?, reasons text?, edited bool?, reason text?, help text?

-- name: match_run_mentee (run_id int, mentee_id int) -> one match_run_mentee
-- One mentee of a run: their pair, or why they are unmatched (no row: the
-- mentee is in neither).
SELECT me.id, me.name, COALESCE(p.department, u.department), p.mentor_id, mo.name, p.score, p.reasons,
       p.edited, u.reason, u.help
FROM users me
LEFT JOIN match_run_pairs p ON p.run_id = $1 AND p.mentee_id = me.id
LEFT JOIN users mo ON mo.id = p.mentor_id
LEFT JOIN match_run_unmatched u ON u.run_id = $1 AND u.mentee_id = me.id
WHERE me.id = $2 AND (p.mentee_id IS NOT NULL OR u.mentee_id IS NOT NULL);

-- row match_mentor_place: user_id int, name text, department text, capacity int, active int, in_run int

-- name: match_run_mentors_of (run_id int, program_id int, ids text) -> many match_mentor_place
-- Mentors (ids: a JSON array of user ids) of the program with their
-- places: capacity, active relationships, mentees this run gives them.
SELECT x.user_id, u.name, COALESCE(pr.department, ''), x.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = x.user_id AND r.program_id = x.program_id
          AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
       (SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = $1 AND p.mentor_id = x.user_id)
FROM json_each($3) j JOIN participants x ON x.program_id = $2 AND x.user_id = j.value AND x.role = 'mentor'
JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
ORDER BY u.name, x.user_id;
-- postgres:
SELECT x.user_id, u.name, COALESCE(pr.department, ''), x.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = x.user_id AND r.program_id = x.program_id
          AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
       (SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = $1 AND p.mentor_id = x.user_id)
FROM json_array_elements_text(CAST($3 AS JSON)) j(value)
JOIN participants x ON x.program_id = $2 AND x.user_id = CAST(j.value AS BIGINT) AND x.role = 'mentor'
JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
ORDER BY u.name, x.user_id;

-- name: match_run_mentor_search (run_id int, program_id int, q text, limit int) -> many match_mentor_place
-- The program's mentors whose name or email contains q (case-folded by
-- the caller into a LIKE pattern), by name, with their places.
SELECT x.user_id, u.name, COALESCE(pr.department, ''), x.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = x.user_id AND r.program_id = x.program_id
          AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
       (SELECT COUNT(*) FROM match_run_pairs p WHERE p.run_id = $1 AND p.mentor_id = x.user_id)
FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
WHERE x.program_id = $2 AND x.role = 'mentor' AND u.active = 1
  AND (lower(u.name) LIKE $3 ESCAPE '\' OR u.email LIKE $3 ESCAPE '\')
ORDER BY u.name, x.user_id LIMIT $4;

-- name: match_unmatched_delete (run_id int, mentee_id int)
DELETE FROM match_run_unmatched WHERE run_id = $1 AND mentee_id = $2;

-- row mentor_request: id int, program_id int, mentee_id int, mentee_name text, mentor_id int,
--   mentor_name text, message text, status text, answer text, relationship_id int?,
--   created_at int, answered_at int?

-- name: mentor_request_insert (program_id int, mentee_id int, mentor_id int, message text, now int) -> int
INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, message, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: mentor_request_get (id int) -> one mentor_request
SELECT q.id, q.program_id, q.mentee_id, me.name, q.mentor_id, mo.name, q.message, q.status,
       q.answer, q.relationship_id, q.created_at, q.answered_at
FROM mentor_requests q JOIN users me ON me.id = q.mentee_id JOIN users mo ON mo.id = q.mentor_id
WHERE q.id = $1;

-- name: mentor_request_list (program_id int, user_id int) -> many mentor_request
-- A program's requests, newest first: all of them (user_id 0, for its
-- managers), or those user_id asked or was asked.
SELECT q.id, q.program_id, q.mentee_id, me.name, q.mentor_id, mo.name, q.message, q.status,
       q.answer, q.relationship_id, q.created_at, q.answered_at
FROM mentor_requests q JOIN users me ON me.id = q.mentee_id JOIN users mo ON mo.id = q.mentor_id
WHERE q.program_id = $1 AND ($2 = 0 OR q.mentee_id = $2 OR q.mentor_id = $2)
ORDER BY q.id DESC;

-- name: mentor_request_pending (program_id int, mentee_id int, mentor_id int) -> int
-- Whether the mentee's request to this mentor still waits for an answer.
SELECT 1 FROM mentor_requests
WHERE mentee_id = $2 AND status = 'pending' AND program_id = $1 AND mentor_id = $3 LIMIT 1;

-- name: mentor_request_answer (id int, status text, answer text, relationship_id int?, now int) -> changes
UPDATE mentor_requests SET status = $2, answer = $3, relationship_id = $4, answered_at = $5
WHERE id = $1 AND status = 'pending';

-- row mentor_request_inbox: id int, program_id int, program_name text, mentee_id int,
--   mentee_name text, message text, status text, answer text, relationship_id int?,
--   created_at int, answered_at int?

-- name: mentor_request_inbox (mentor_id int) -> many mentor_request_inbox
-- The requests addressed to a mentor in the self-match programs they
-- mentor in, by program, newest first.
SELECT q.id, q.program_id, p.name, q.mentee_id, me.name, q.message, q.status, q.answer,
       q.relationship_id, q.created_at, q.answered_at
FROM mentor_requests q JOIN programs p ON p.id = q.program_id JOIN users me ON me.id = q.mentee_id
WHERE q.mentor_id = $1 AND p.matching = 'self'
  AND EXISTS (SELECT 1 FROM participants x WHERE x.program_id = q.program_id AND x.user_id = $1
                                            AND x.role = 'mentor')
ORDER BY q.program_id, q.id DESC;

-- row match_person: user_id int, role text, capacity int, name text, department text,
--   seniority int, timezone text, manager_id int, active int
-- row match_person_item: user_id int, kind text, value text
-- row match_person_item_at: user_id int, kind text, position int, value text
-- row match_person_avail: user_id int, day int, start_min int, end_min int
-- row match_id_pair: first int, second int

-- name: match_people_count (program_id int) -> int
SELECT COUNT(*) FROM participants WHERE program_id = $1;

-- name: match_people_participants (program_id int) -> many match_person
-- Every active participant with their profile and how many active
-- relationships they have in the program (in their role).
SELECT x.user_id, x.role, x.capacity, u.name, COALESCE(pr.department, ''), COALESCE(pr.seniority, 0), COALESCE(pr.timezone, 'UTC'), COALESCE(pr.manager_id, 0), (SELECT COUNT(*) FROM relationships r WHERE r.program_id = x.program_id AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') AND ((x.role = 'mentor' AND r.mentor_id = x.user_id) OR (x.role = 'mentee' AND r.mentee_id = x.user_id))) FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id WHERE x.program_id = $1 AND u.active = 1 ORDER BY x.user_id;

-- name: match_people_items (program_id int, first_user int, last_user int) -> many match_person_item_at
-- The skills, interests and languages of the participants with user ids
-- first_user..last_user, by person; each person's are put in order of
-- kind and position in memory.
SELECT pi.user_id, pi.kind, pi.position, pi.value FROM profile_items pi WHERE pi.user_id IN (SELECT user_id FROM participants WHERE program_id = $1 AND user_id BETWEEN $2 AND $3) ORDER BY pi.user_id;

-- name: match_people_avail (program_id int) -> many match_person_avail
SELECT user_id, day, start_min, end_min FROM availability WHERE user_id IN (SELECT user_id FROM participants WHERE program_id = $1) ORDER BY user_id, day, start_min;

-- name: match_people_prefs (program_id int) -> many match_person_item
-- The mentees' stated mentor preferences.
SELECT user_id, kind, value FROM profile_prefs WHERE user_id IN (SELECT user_id FROM participants WHERE program_id = $1 AND role = 'mentee') ORDER BY user_id, kind, position;

-- name: match_people_past_pairs -> many match_id_pair
-- scan: every pair there ever was, read once per run (no repeat pairs unless allowed)
SELECT mentee_id, mentor_id FROM relationships;

-- name: match_people_managers -> many match_id_pair
-- scan: every manager line, read once per run to walk management chains in memory
SELECT user_id, manager_id FROM profiles WHERE manager_id IS NOT NULL;

-- Finding a mentor: the mentors of the programs a person takes part in or
-- manages (never anyone else's), searched and paged by name, with what a
-- card shows; and what a mentee waits for.
--
-- Batches: statements whose parameter is `ids` take the people of one page
-- at once as a JSON array ("[3,7,12]"), unpacked by json_each, on
-- PostgreSQL by json_array_elements_text (their texts after `-- postgres:`).

-- row mentor_hit: user_id int, sort_name text
-- name: mentor_search (viewer int, program_id int?, skill text?, language text?, department text?, pattern text?, available bool, after int, lim int) -> many mentor_hit
-- A page of mentors by name, then id, after the mentor with id after (0:
-- the first page). skill and language are profile_norm'd values, pattern a
-- store_like_pattern. available: a place left in at least one program.
WITH mine(id) AS (
  SELECT x.program_id FROM participants x WHERE x.user_id = $1
  UNION
  SELECT g.program_id FROM program_managers g WHERE g.user_id = $1
)
SELECT DISTINCT u.id, lower(u.name)
FROM mine
JOIN programs p ON p.id = mine.id AND p.archived_at IS NULL
JOIN participants m ON m.program_id = p.id AND m.role = 'mentor'
JOIN users u ON u.id = m.user_id AND u.active = 1
LEFT JOIN profiles pr ON pr.user_id = u.id
WHERE u.id <> $1
  AND ($2 IS NULL OR p.id = $2)
  AND ($3 IS NULL OR EXISTS (SELECT 1 FROM profile_items i
                             WHERE i.user_id = u.id AND i.kind = 'skill_offered' AND i.norm = $3))
  AND ($4 IS NULL OR EXISTS (SELECT 1 FROM profile_items i
                             WHERE i.user_id = u.id AND i.kind = 'language' AND i.norm = $4))
  AND ($5 IS NULL OR lower(trim(pr.department)) = lower(trim($5)))
  AND ($6 IS NULL OR lower(u.name) LIKE $6 ESCAPE '\' OR lower(pr.headline) LIKE $6 ESCAPE '\'
       OR lower(pr.bio) LIKE $6 ESCAPE '\' OR lower(pr.department) LIKE $6 ESCAPE '\'
       OR EXISTS (SELECT 1 FROM profile_items i WHERE i.user_id = u.id
                  AND i.kind IN ('skill_offered', 'interest', 'language') AND i.norm LIKE $6 ESCAPE '\'))
  AND ($7 = 0 OR m.capacity > (SELECT COUNT(*) FROM relationships r
                               WHERE r.mentor_id = m.user_id AND +r.program_id = m.program_id
                                 AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')))
  AND ($8 = 0 OR (lower(u.name), u.id) > (SELECT lower(c.name), c.id FROM users c WHERE c.id = $8))
ORDER BY 2, 1 LIMIT $9;

-- row mentor_card: user_id int, name text, headline text, bio text, department text, location text
-- name: mentor_cards (ids text) -> many mentor_card
SELECT u.id, u.name, COALESCE(pr.headline, ''), COALESCE(pr.bio, ''), COALESCE(pr.department, ''),
       COALESCE(pr.location, '')
FROM users u LEFT JOIN profiles pr ON pr.user_id = u.id
WHERE u.id IN (SELECT value FROM json_each($1));
-- postgres:
SELECT u.id, u.name, COALESCE(pr.headline, ''), COALESCE(pr.bio, ''), COALESCE(pr.department, ''),
       COALESCE(pr.location, '')
FROM users u LEFT JOIN profiles pr ON pr.user_id = u.id
WHERE u.id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON)));

-- row mentor_item: user_id int, kind text, value text
-- name: mentor_items (ids text) -> many mentor_item
SELECT i.user_id, i.kind, i.value FROM profile_items i
WHERE i.user_id IN (SELECT value FROM json_each($1)) AND i.kind IN ('language', 'skill_offered', 'interest')
ORDER BY i.user_id, i.kind, i.position;
-- postgres:
SELECT i.user_id, i.kind, i.value FROM profile_items i
WHERE i.user_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON)))
  AND i.kind IN ('language', 'skill_offered', 'interest')
ORDER BY i.user_id, i.kind, i.position;

-- row mentor_place: user_id int, program_id int, name text, matching text, capacity int, active int,
--   viewer_mentee bool, asked bool, paired bool
-- name: mentor_places (viewer int, ids text) -> many mentor_place
-- Where each mentor of a page mentors among the viewer's programs: capacity,
-- active relationships, and whether the viewer is a mentee there, has asked
-- this mentor already or has them as a mentor.
SELECT m.user_id, p.id, p.name, p.matching, m.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = m.user_id AND +r.program_id = p.id
          AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
       EXISTS (SELECT 1 FROM participants v WHERE v.program_id = p.id AND v.user_id = $1 AND v.role = 'mentee'),
       EXISTS (SELECT 1 FROM mentor_requests q WHERE q.mentee_id = $1 AND q.status = 'pending'
                 AND q.mentor_id = m.user_id AND +q.program_id = p.id),
       EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = $1 AND r.mentor_id = m.user_id
                 AND +r.program_id = p.id AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
FROM participants m JOIN programs p ON p.id = m.program_id AND p.archived_at IS NULL
WHERE m.user_id IN (SELECT value FROM json_each($2)) AND m.role = 'mentor'
  AND (EXISTS (SELECT 1 FROM participants x WHERE x.program_id = p.id AND x.user_id = $1)
       OR EXISTS (SELECT 1 FROM program_managers g WHERE g.program_id = p.id AND g.user_id = $1))
ORDER BY m.user_id, p.id;
-- postgres:
SELECT m.user_id, p.id, p.name, p.matching, m.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentor_id = m.user_id AND +r.program_id = p.id
          AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
       EXISTS (SELECT 1 FROM participants v WHERE v.program_id = p.id AND v.user_id = $1 AND v.role = 'mentee'),
       EXISTS (SELECT 1 FROM mentor_requests q WHERE q.mentee_id = $1 AND q.status = 'pending'
                 AND q.mentor_id = m.user_id AND +q.program_id = p.id),
       EXISTS (SELECT 1 FROM relationships r WHERE r.mentee_id = $1 AND r.mentor_id = m.user_id
                 AND +r.program_id = p.id AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'))
FROM participants m JOIN programs p ON p.id = m.program_id AND p.archived_at IS NULL
WHERE m.user_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($2 AS JSON))) AND m.role = 'mentor'
  AND (EXISTS (SELECT 1 FROM participants x WHERE x.program_id = p.id AND x.user_id = $1)
       OR EXISTS (SELECT 1 FROM program_managers g WHERE g.program_id = p.id AND g.user_id = $1))
ORDER BY m.user_id, p.id;

-- name: program_member (program_id int, user_id int) -> int
-- Whether a person takes part in or manages a program.
SELECT 1 WHERE EXISTS (SELECT 1 FROM participants WHERE program_id = $1 AND user_id = $2)
            OR EXISTS (SELECT 1 FROM program_managers WHERE program_id = $1 AND user_id = $2);

-- row mentee_step: program_id int, name text, matching text, capacity int, active int, pending int
-- name: mentee_steps (user_id int, lim int) -> many mentee_step
-- The live programs a person is a mentee in, with how many mentors they have
-- and how many requests wait for an answer: the dashboard's next step.
-- Live phases are the ones not ended (a list of four would be a temporary
-- b-tree built on every run); the programs come in the order of the
-- index participants_user (user_id, program_id), so nothing is sorted.
SELECT p.id, p.name, p.matching, x.capacity,
       (SELECT COUNT(*) FROM relationships r WHERE r.mentee_id = $1 AND +r.program_id = p.id
          AND r.phase <> 'completed' AND r.phase <> 'alumni'),
       (SELECT COUNT(*) FROM mentor_requests q WHERE q.mentee_id = $1 AND q.status = 'pending'
          AND +q.program_id = p.id)
FROM participants x JOIN programs p ON p.id = x.program_id AND p.archived_at IS NULL
WHERE x.user_id = $1 AND x.role = 'mentee'
ORDER BY x.program_id LIMIT $2;

-- row pending_request: id int, program_id int, program_name text, mentor_id int, mentor_name text,
--   created_at int
-- name: mentee_pending_requests (user_id int, lim int) -> many pending_request
-- The requests a mentee sent that wait for an answer, newest first, in the
-- order of the index mentor_requests_mentee (nothing sorted).
SELECT q.id, q.program_id, p.name, q.mentor_id, u.name, q.created_at
FROM mentor_requests q JOIN programs p ON p.id = q.program_id JOIN users u ON u.id = q.mentor_id
WHERE q.mentee_id = $1 AND q.status = 'pending'
ORDER BY q.created_at DESC, q.id DESC LIMIT $2;

-- Programs, their managers, and who takes part in them.

-- row program: id int, name text, description text, kind text, starts_on text, ends_on text,
--   matching text, cadence_days int, max_mentors_per_mentee int, weights text,
--   created_at int, updated_at int, mentors int, mentees int, archived_at int?, open_to text,
--   eligible_departments text, eligible_locations text, mentee_seniority_min int?,
--   mentee_seniority_max int?, mentor_seniority_min int?, mentor_seniority_max int?
-- row program_manager: program_id int, user_id int

-- name: program_get (id int) -> one program
-- One program with how many mentors and mentees it has (kept by triggers,
-- migration 0008).
SELECT p.id, p.name, p.description, p.kind, p.starts_on, p.ends_on, p.matching,
       p.cadence_days, p.max_mentors_per_mentee, p.weights, p.created_at, p.updated_at,
       p.mentors, p.mentees, p.archived_at, p.open_to, p.eligible_departments, p.eligible_locations,
       p.mentee_seniority_min, p.mentee_seniority_max, p.mentor_seniority_min, p.mentor_seniority_max
FROM programs p WHERE p.id = $1;

-- name: program_list (after int, all bool, user_id int, lim int) -> many program
-- Programs after an id: every one (all), or those user_id manages or takes part in.
SELECT p.id, p.name, p.description, p.kind, p.starts_on, p.ends_on, p.matching,
       p.cadence_days, p.max_mentors_per_mentee, p.weights, p.created_at, p.updated_at,
       p.mentors, p.mentees, p.archived_at, p.open_to, p.eligible_departments, p.eligible_locations,
       p.mentee_seniority_min, p.mentee_seniority_max, p.mentor_seniority_min, p.mentor_seniority_max
FROM programs p
WHERE p.id > $1 AND ($2 = 1
   OR EXISTS (SELECT 1 FROM program_managers m WHERE m.program_id = p.id AND m.user_id = $3)
   OR EXISTS (SELECT 1 FROM participants x WHERE x.program_id = p.id AND x.user_id = $3))
ORDER BY p.id LIMIT $4;

-- name: program_insert (name text, description text, kind text, starts_on text, ends_on text, matching text, cadence_days int, max_mentors_per_mentee int, weights text, created_by int?, now int) -> int
INSERT INTO programs (name, description, kind, starts_on, ends_on, matching, cadence_days,
                      max_mentors_per_mentee, weights, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id;

-- name: program_update (id int, name text, description text, kind text, starts_on text, ends_on text, matching text, cadence_days int, max_mentors_per_mentee int, weights text, now int) -> changes
UPDATE programs SET name = $2, description = $3, kind = $4, starts_on = $5, ends_on = $6,
       matching = $7, cadence_days = $8, max_mentors_per_mentee = $9, weights = $10, updated_at = $11
WHERE id = $1;

-- name: program_open_list (after int, today text, lim int) -> many program
-- A page of the programs open for self-enrolment (index programs_open,
-- migration 0150) that have not ended.
SELECT p.id, p.name, p.description, p.kind, p.starts_on, p.ends_on, p.matching,
       p.cadence_days, p.max_mentors_per_mentee, p.weights, p.created_at, p.updated_at,
       p.mentors, p.mentees, p.archived_at, p.open_to, p.eligible_departments, p.eligible_locations,
       p.mentee_seniority_min, p.mentee_seniority_max, p.mentor_seniority_min, p.mentor_seniority_max
FROM programs p
WHERE p.open_to <> '' AND p.archived_at IS NULL AND p.id > $1 AND p.ends_on >= $2
ORDER BY p.id LIMIT $3;

-- name: program_set_enrolment (id int, open_to text, departments text, locations text, mentee_min int?, mentee_max int?, mentor_min int?, mentor_max int?, now int)
UPDATE programs SET open_to = $2, eligible_departments = $3, eligible_locations = $4,
       mentee_seniority_min = $5, mentee_seniority_max = $6, mentor_seniority_min = $7,
       mentor_seniority_max = $8, updated_at = $9
WHERE id = $1;

-- name: program_set_archived (id int, archived_at int?, archived_by int?, now int) -> changes
-- Archives (archived_at set) or restores (NULL) a program; changes 0 when
-- it already was in that state.
UPDATE programs SET archived_at = $2, archived_by = $3, updated_at = $4
WHERE id = $1 AND (archived_at IS NULL) = ($2 IS NOT NULL);

-- name: program_managers (program_id int) -> many program_manager
SELECT program_id, user_id FROM program_managers WHERE program_id = $1 ORDER BY user_id;

-- name: program_managers_of (first int, last int) -> many program_manager
-- The managers of a range of programs at once (a page of the list).
SELECT program_id, user_id FROM program_managers
WHERE program_id BETWEEN $1 AND $2 ORDER BY program_id, user_id;

-- name: program_managers_clear (program_id int)
DELETE FROM program_managers WHERE program_id = $1;

-- name: program_manager_add (program_id int, user_id int)
INSERT INTO program_managers (program_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: program_is_manager (program_id int, user_id int) -> int
SELECT 1 FROM program_managers WHERE program_id = $1 AND user_id = $2;

-- name: program_is_participant (program_id int, user_id int) -> int
SELECT 1 FROM participants WHERE program_id = $1 AND user_id = $2 LIMIT 1;

-- name: program_open_relationships (program_id int) -> int
-- How many of a program's relationships are active (getting_to_know to
-- closing): what archiving it would leave read-only.
SELECT COUNT(*) FROM relationships
WHERE program_id = $1 AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing');

-- Enrolments: a person in a program as a mentor (with a capacity) or a mentee.

-- row participant: id int, program_id int, user_id int, role text, capacity int, created_at int,
--   name text, email text, department text

-- name: participant_insert (program_id int, user_id int, role text, capacity int, now int) -> int
INSERT INTO participants (program_id, user_id, role, capacity, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: participant_get (program_id int, user_id int, role text) -> one participant
SELECT x.id, x.program_id, x.user_id, x.role, x.capacity, x.created_at, u.name, u.email,
       COALESCE(pr.department, '')
FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
WHERE x.program_id = $1 AND x.user_id = $2 AND x.role = $3;

-- name: participant_list (program_id int, role text?, after int, lim int) -> many participant
-- A page of a program's participants, of one role or (role NULL) both.
SELECT x.id, x.program_id, x.user_id, x.role, x.capacity, x.created_at, u.name, u.email,
       COALESCE(pr.department, '')
FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
WHERE x.program_id = $1 AND ($2 IS NULL OR x.role = $2) AND x.id > $3
ORDER BY x.id LIMIT $4;

-- name: participant_is_fellow_mentor (user_id int, mentor_id int) -> int
-- Whether mentor_id mentors in a program user_id takes part in.
SELECT 1 FROM participants m JOIN participants me ON me.program_id = m.program_id
WHERE m.user_id = $2 AND m.role = 'mentor' AND me.user_id = $1 LIMIT 1;

-- row participant_role: program_id int, role text
-- name: participant_roles_of (user_id int, first int, last int) -> many participant_role
-- What user_id is in a range of programs (a page of their dashboard's list):
-- mentor, mentee, and manager where they are listed as one.
SELECT program_id, role FROM participants WHERE user_id = $1 AND program_id BETWEEN $2 AND $3
UNION ALL
SELECT program_id, 'manager' FROM program_managers WHERE user_id = $1 AND program_id BETWEEN $2 AND $3
ORDER BY 1, 2;

-- name: participant_delete (id int)
-- Takes back an enrolment an import wrote before it failed.
DELETE FROM participants WHERE id = $1;

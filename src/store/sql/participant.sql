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

-- name: participant_by_id (id int) -> one participant
SELECT x.id, x.program_id, x.user_id, x.role, x.capacity, x.created_at, u.name, u.email,
       COALESCE(pr.department, '')
FROM participants x JOIN users u ON u.id = x.user_id LEFT JOIN profiles pr ON pr.user_id = x.user_id
WHERE x.id = $1;

-- name: participant_update (id int, role text, capacity int) -> changes
-- The enrolment's role and capacity (the program's counts follow by
-- trigger, migration 0008).
UPDATE participants SET role = $2, capacity = $3 WHERE id = $1;

-- name: participant_delete (id int) -> changes
-- Withdraws an enrolment, or takes back one an import wrote before it failed.
DELETE FROM participants WHERE id = $1;

-- row open_rel: id int, other_id int, other_name text, phase text
-- name: rel_open_as_mentor (program_id int, user_id int) -> many open_rel
-- The active relationships (getting_to_know to closing) a person mentors in
-- a program, with the mentee. The unary + keeps the planner on the person's
-- index rather than the program's, which holds every pair of a large program.
SELECT r.id, r.mentee_id, u.name, r.phase
FROM relationships r JOIN users u ON u.id = r.mentee_id
WHERE r.mentor_id = $2 AND +r.program_id = $1
  AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')
ORDER BY r.id;

-- name: rel_open_as_mentee (program_id int, user_id int) -> many open_rel
-- The same for a mentee, with the mentor.
SELECT r.id, r.mentor_id, u.name, r.phase
FROM relationships r JOIN users u ON u.id = r.mentor_id
WHERE r.mentee_id = $2 AND +r.program_id = $1
  AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')
ORDER BY r.id;

-- name: mentor_requests_decline_of (program_id int, user_id int, role text, answer text, now int) -> changes
-- Declines the pending mentor requests a withdrawn participant asked (as a
-- mentee) or was asked (as a mentor) in the program.
UPDATE mentor_requests SET status = 'declined', answer = $4, answered_at = $5
WHERE id IN (SELECT q.id FROM mentor_requests q WHERE q.mentor_id = $2 AND q.status = 'pending'
               AND +q.program_id = $1 AND $3 = 'mentor'
             UNION ALL
             SELECT q.id FROM mentor_requests q WHERE q.mentee_id = $2 AND q.status = 'pending'
               AND +q.program_id = $1 AND $3 = 'mentee');

-- row withdrawal: id int, program_id int, user_id int, name text, role text, capacity int,
--   reason text, ended text, withdrawn_by int?, withdrawn_at int, enrolled_at int
-- name: withdrawal_insert (program_id int, user_id int, role text, capacity int, enrolled_at int, reason text, ended text, withdrawn_by int?, now int) -> int
INSERT INTO participant_withdrawals (program_id, user_id, role, capacity, enrolled_at, reason, ended,
                                     withdrawn_by, withdrawn_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id;

-- name: withdrawal_get (id int) -> one withdrawal
SELECT w.id, w.program_id, w.user_id, u.name, w.role, w.capacity, w.reason, w.ended, w.withdrawn_by,
       w.withdrawn_at, w.enrolled_at
FROM participant_withdrawals w JOIN users u ON u.id = w.user_id WHERE w.id = $1;

-- name: withdrawal_list (program_id int, before int, lim int) -> many withdrawal
-- A page of a program's withdrawals, newest first (before 0: the first page).
SELECT w.id, w.program_id, w.user_id, u.name, w.role, w.capacity, w.reason, w.ended, w.withdrawn_by,
       w.withdrawn_at, w.enrolled_at
FROM participant_withdrawals w JOIN users u ON u.id = w.user_id
WHERE w.program_id = $1 AND ($2 = 0 OR w.id < $2)
ORDER BY w.id DESC LIMIT $3;

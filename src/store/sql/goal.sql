-- Goals, the mentor's confirmation that one is attainable, and progress
-- check-ins toward its target (store/store_goal.c, svc/goal.c).

-- row goal: id int, relationship_id int, title text, outcome text, term text, metric text,
--   baseline real?, target real?, due_on text?, relevance text, status text, confirmed_by int?,
--   confirmed_at int?, created_by int, created_at int, updated_at int, current real?
-- row goal_progress: id int, value real, note text, author_id int, at int
-- row goal_terms: purpose text, duration_weeks int

-- name: goal_get (id int) -> one goal
-- One goal with its latest progress value (current).
SELECT g.id, g.relationship_id, g.title, g.outcome, g.term, g.metric, g.baseline, g.target,
       g.due_on, g.relevance, g.status, g.confirmed_by, g.confirmed_at, g.created_by,
       g.created_at, g.updated_at,
       (SELECT p.value FROM goal_progress p WHERE p.goal_id = g.id ORDER BY p.at DESC, p.id DESC LIMIT 1)
FROM goals g WHERE g.id = $1;

-- name: goal_list (relationship_id int) -> many goal
-- A relationship's goals, oldest first, each with its latest progress value.
SELECT g.id, g.relationship_id, g.title, g.outcome, g.term, g.metric, g.baseline, g.target,
       g.due_on, g.relevance, g.status, g.confirmed_by, g.confirmed_at, g.created_by,
       g.created_at, g.updated_at,
       (SELECT p.value FROM goal_progress p WHERE p.goal_id = g.id ORDER BY p.at DESC, p.id DESC LIMIT 1)
FROM goals g WHERE g.relationship_id = $1 ORDER BY g.id;

-- name: goal_insert (relationship_id int, title text, outcome text, term text, metric text, has_baseline bool, baseline real, has_target bool, target real, due_on text?, relevance text, created_by int, now int) -> int
-- baseline and target are NULL unless given (0 is a real baseline).
INSERT INTO goals (relationship_id, title, outcome, term, metric, baseline, target, due_on,
                   relevance, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 = 1 THEN $7 END, CASE WHEN $8 = 1 THEN $9 END, $10,
        $11, $12, $13, $13)
RETURNING id;

-- name: goal_update (id int, title text, outcome text, term text, metric text, has_baseline bool, baseline real, has_target bool, target real, due_on text?, relevance text, status text, unconfirm bool, now int) -> changes
-- Saves a goal; unconfirm clears the mentor's confirmation (what was confirmed changed).
UPDATE goals SET title = $2, outcome = $3, term = $4, metric = $5,
       baseline = CASE WHEN $6 = 1 THEN $7 END, target = CASE WHEN $8 = 1 THEN $9 END,
       due_on = $10, relevance = $11, status = $12, updated_at = $14,
       confirmed_by = CASE WHEN $13 = 1 THEN NULL ELSE confirmed_by END,
       confirmed_at = CASE WHEN $13 = 1 THEN NULL ELSE confirmed_at END
WHERE id = $1;

-- name: goal_confirm (id int, by int, now int) -> changes
UPDATE goals SET confirmed_by = $2, confirmed_at = $3, updated_at = $3 WHERE id = $1;

-- name: goal_count_confirmed (relationship_id int) -> int
-- Goals the mentor confirmed and that were not dropped.
SELECT COUNT(*) FROM goals
WHERE relationship_id = $1 AND confirmed_at IS NOT NULL AND status <> 'dropped';

-- name: goal_terms (relationship_id int) -> one goal_terms
-- What of the agreement a goal is judged by: its purpose (relevant) and
-- its duration (time-bound).
SELECT purpose, duration_weeks FROM agreements WHERE relationship_id = $1;

-- name: goal_progress_add (goal_id int, value real, note text, author_id int, now int) -> int
INSERT INTO goal_progress (goal_id, value, note, author_id, at) VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: goal_progress_list (goal_id int) -> many goal_progress
-- A goal's check-ins, oldest first.
SELECT id, value, note, author_id, at FROM goal_progress WHERE goal_id = $1 ORDER BY at, id;

-- The cooperation board of a relationship: concerns, the ideas brainstormed
-- for them with the credit ledger, the chosen plan, and action items.

-- row concern: id int, relationship_id int, author_id int, title text, detail text, status text,
--   plan text?, plan_idea_id int?, created_at int, updated_at int
-- row idea: id int, concern_id int, relationship_id int, author_id int, credited_to int, text text,
--   created_at int, credit_changes int
-- row action: id int, relationship_id int, concern_id int?, title text, owner_id int, due_on text,
--   goal_id int?, status text, created_by int, created_at int, updated_at int
-- row board_goal: id int, title text

-- name: concern_insert (relationship_id int, author_id int, title text, detail text, now int) -> int
INSERT INTO concerns (relationship_id, author_id, title, detail, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id;

-- name: concern_get (id int) -> one concern
SELECT id, relationship_id, author_id, title, detail, status, plan, plan_idea_id, created_at, updated_at
FROM concerns WHERE id = $1;

-- name: concern_list (relationship_id int) -> many concern
SELECT id, relationship_id, author_id, title, detail, status, plan, plan_idea_id, created_at, updated_at
FROM concerns WHERE relationship_id = $1 ORDER BY id;

-- name: concern_set_plan (id int, plan text?, plan_idea_id int?, status text, now int) -> changes
-- The plan (and the idea it comes from) and the concern's status, together:
-- a new status keeps the plan, a new plan makes the concern planned.
UPDATE concerns SET plan = $2, plan_idea_id = $3, status = $4, updated_at = $5 WHERE id = $1;

-- name: idea_insert (concern_id int, author_id int, text text, now int) -> int
-- Credited to its author until the author hands the credit on.
INSERT INTO ideas (concern_id, author_id, credited_to, text, created_at)
VALUES ($1, $2, $2, $3, $4) RETURNING id;

-- name: idea_get (id int) -> one idea
-- An idea with its concern's relationship (for the access check) and the
-- number of entries in its credit ledger.
SELECT i.id, i.concern_id, c.relationship_id, i.author_id, i.credited_to, i.text, i.created_at,
       (SELECT COUNT(*) FROM idea_credits x WHERE x.idea_id = i.id)
FROM ideas i JOIN concerns c ON c.id = i.concern_id WHERE i.id = $1;

-- name: idea_list (concern_id int) -> many idea
SELECT i.id, i.concern_id, c.relationship_id, i.author_id, i.credited_to, i.text, i.created_at,
       (SELECT COUNT(*) FROM idea_credits x WHERE x.idea_id = i.id)
FROM ideas i JOIN concerns c ON c.id = i.concern_id WHERE i.concern_id = $1 ORDER BY i.id;

-- name: idea_list_rel (relationship_id int) -> many idea
-- Every idea on a relationship's board at once, by concern (the board page).
SELECT i.id, i.concern_id, c.relationship_id, i.author_id, i.credited_to, i.text, i.created_at,
       (SELECT COUNT(*) FROM idea_credits x WHERE x.idea_id = i.id)
FROM concerns c JOIN ideas i ON i.concern_id = c.id WHERE c.relationship_id = $1
ORDER BY i.concern_id, i.id;

-- name: idea_set_credit (id int, credited_to int) -> changes
UPDATE ideas SET credited_to = $2 WHERE id = $1;

-- name: idea_credit_log (idea_id int, from_user int, to_user int, by_user int, at int)
-- The credit ledger: every change of an idea's attribution, and who made it.
INSERT INTO idea_credits (idea_id, from_user, to_user, by_user, at) VALUES ($1, $2, $3, $4, $5);

-- name: action_insert (relationship_id int, concern_id int?, title text, owner_id int, due_on text, goal_id int?, created_by int, now int) -> int
INSERT INTO actions (relationship_id, concern_id, title, owner_id, due_on, goal_id, created_by,
                     created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id;

-- name: action_get (id int) -> one action
SELECT id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by,
       created_at, updated_at
FROM actions WHERE id = $1;

-- name: action_list (relationship_id int) -> many action
-- A relationship's action items, the next due first.
SELECT id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by,
       created_at, updated_at
FROM actions WHERE relationship_id = $1 ORDER BY due_on, id;

-- name: action_list_concern (relationship_id int, concern_id int) -> many action
SELECT id, relationship_id, concern_id, title, owner_id, due_on, goal_id, status, created_by,
       created_at, updated_at
FROM actions WHERE relationship_id = $1 AND concern_id = $2 ORDER BY due_on, id;

-- name: action_update (id int, title text, owner_id int, due_on text, goal_id int?, status text, now int) -> changes
UPDATE actions SET title = $2, owner_id = $3, due_on = $4, goal_id = $5, status = $6, updated_at = $7
WHERE id = $1;

-- name: board_goal_relationship (goal_id int) -> int
-- The relationship a goal belongs to: an action or a win may only link a
-- goal of its own relationship.
SELECT relationship_id FROM goals WHERE id = $1;

-- name: board_goals (relationship_id int) -> many board_goal
-- The goals an action item can be linked to, for the board's goal picker.
SELECT id, title FROM goals WHERE relationship_id = $1 ORDER BY id;

-- Stepping in on a relationship: the conversation between the program's
-- managers and the pair, the managers' notes, who manages a program, and
-- the health watch's memory of each relationship (health_watch).

-- row stepin_post: id int, relationship_id int, author_id int?, author_name text, body text, created_at int

-- name: manager_message_insert (relationship_id int, author_id int, body text, now int) -> int
INSERT INTO manager_messages (relationship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: manager_message_list (relationship_id int) -> many stepin_post
-- The conversation, oldest first.
SELECT m.id, m.relationship_id, m.author_id, COALESCE(u.name, ''), m.body, m.created_at
FROM manager_messages m LEFT JOIN users u ON u.id = m.author_id
WHERE m.relationship_id = $1 ORDER BY m.id;

-- name: manager_note_insert (relationship_id int, author_id int, body text, now int) -> int
INSERT INTO manager_notes (relationship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: manager_note_list (relationship_id int) -> many stepin_post
-- The managers' notes, newest first.
SELECT n.id, n.relationship_id, n.author_id, COALESCE(u.name, ''), n.body, n.created_at
FROM manager_notes n LEFT JOIN users u ON u.id = n.author_id
WHERE n.relationship_id = $1 ORDER BY n.id DESC;

-- row stepin_id: id int

-- name: program_manager_ids (program_id int) -> many stepin_id
-- The active managers of a program.
SELECT pm.user_id FROM program_managers pm JOIN users u ON u.id = pm.user_id
WHERE pm.program_id = $1 AND u.active = 1 ORDER BY pm.user_id;

-- row stepin_ended: detail text, at int, actor_name text

-- name: rel_ended_event (relationship_id int) -> one stepin_ended
-- Why and when a manager ended the relationship (the latest such event).
SELECT e.detail, e.at, COALESCE(u.name, '') FROM relationship_events e LEFT JOIN users u ON u.id = e.actor_id
WHERE e.relationship_id = $1 AND e.kind = 'ended' ORDER BY e.id DESC LIMIT 1;

-- name: watch_programs -> many stepin_id
-- scan: every program, once per pass of the health watch (a handful of rows)
SELECT id FROM programs ORDER BY id;

-- row watch: relationship_id int, state text?, flags int, at_risk_count int

-- name: watch_of_program (program_id int) -> many watch
-- What the watch last saw of each relationship of a program, by id.
SELECT w.relationship_id, w.state, w.flags, w.at_risk_count
FROM relationships r JOIN health_watch w ON w.relationship_id = r.id
WHERE r.program_id = $1 ORDER BY w.relationship_id;

-- name: watch_put (relationship_id int, state text, flags int, at_risk_count int, now int)
INSERT INTO health_watch (relationship_id, state, flags, at_risk_count, checked_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (relationship_id) DO UPDATE SET state = excluded.state, flags = excluded.flags,
       at_risk_count = excluded.at_risk_count, checked_at = excluded.checked_at;

-- The relationship's streams: the wins feed, the message thread, pulse
-- check-ins and the two-way learning log.

-- row win: id int, relationship_id int, author_id int, text text, goal_id int?, idea_id int?,
--   created_at int
-- row message: id int, relationship_id int, author_id int, body text, created_at int
-- row checkin: id int, relationship_id int, author_id int, mood int, note text, created_at int
-- row learning: id int, relationship_id int, author_id int, direction text, text text, created_at int
--
-- Each *_create is its *_insert answering with the row it added: a service's answer needs
-- no read of it afterwards.

-- name: win_insert (relationship_id int, author_id int, text text, goal_id int?, idea_id int?, now int) -> int
INSERT INTO wins (relationship_id, author_id, text, goal_id, idea_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;

-- name: win_create (relationship_id int, author_id int, text text, goal_id int?, idea_id int?, now int) -> one win
INSERT INTO wins (relationship_id, author_id, text, goal_id, idea_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, relationship_id, author_id, text, goal_id, idea_id, created_at;

-- name: win_list (relationship_id int) -> many win
-- The feed, newest first.
SELECT id, relationship_id, author_id, text, goal_id, idea_id, created_at
FROM wins WHERE relationship_id = $1 ORDER BY created_at DESC, id DESC;

-- name: message_insert (relationship_id int, author_id int, body text, now int) -> int
INSERT INTO messages (relationship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: message_create (relationship_id int, author_id int, body text, now int) -> one message
INSERT INTO messages (relationship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)
RETURNING id, relationship_id, author_id, body, created_at;

-- name: message_list (relationship_id int, after int, lim int) -> many message
-- A page of the thread, oldest first, after the message with id `after`.
SELECT id, relationship_id, author_id, body, created_at
FROM messages WHERE relationship_id = $1 AND id > $2 ORDER BY id LIMIT $3;

-- name: checkin_insert (relationship_id int, author_id int, mood int, note text, now int) -> int
INSERT INTO checkins (relationship_id, author_id, mood, note, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: checkin_create (relationship_id int, author_id int, mood int, note text, now int) -> one checkin
INSERT INTO checkins (relationship_id, author_id, mood, note, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id, relationship_id, author_id, mood, note, created_at;

-- name: checkin_list (relationship_id int) -> many checkin
-- Newest first.
SELECT id, relationship_id, author_id, mood, note, created_at
FROM checkins WHERE relationship_id = $1 ORDER BY created_at DESC, id DESC;

-- name: learning_insert (relationship_id int, author_id int, direction text, text text, now int) -> int
INSERT INTO learnings (relationship_id, author_id, direction, text, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: learning_create (relationship_id int, author_id int, direction text, text text, now int) -> one learning
INSERT INTO learnings (relationship_id, author_id, direction, text, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id, relationship_id, author_id, direction, text, created_at;

-- name: learning_list (relationship_id int) -> many learning
SELECT id, relationship_id, author_id, direction, text, created_at
FROM learnings WHERE relationship_id = $1 ORDER BY id;

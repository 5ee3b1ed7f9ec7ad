-- Requests to a program's managers ("Have more questions? Submit a
-- request") and their reply threads (svc/help_request.c).

-- row help_request: id int, program_id int, program_name text, relationship_id int?,
--   article_id int?, article_title text?, asker_id int, asker_name text, subject text, body text,
--   status text, replies int, created_at int, updated_at int, answered_at int?
-- row help_reply: id int, author_id int?, author_name text?, body text, created_at int

-- name: help_request_get (id int) -> one help_request
SELECT r.id, r.program_id, p.name, r.relationship_id, r.article_id, a.title, r.asker_id, u.name,
       r.subject, r.body, r.status, r.replies, r.created_at, r.updated_at, r.answered_at
FROM help_requests r JOIN programs p ON p.id = r.program_id JOIN users u ON u.id = r.asker_id
LEFT JOIN articles a ON a.id = r.article_id
WHERE r.id = $1;

-- name: help_request_list (before int, user_id int, asked bool, managed bool, admin bool, status text?, lim int) -> many help_request
-- Newest first, before an id: the requests user_id asked (asked), those of
-- the programs user_id manages (managed), and, for an administrator
-- (admin), every request that is not about a relationship; the last two
-- leave out user_id's own. Each part walks its own index.
-- scan: only of ids, the page itself (at most lim rows); each part of it searches an index of help_requests
WITH ids AS (
  SELECT r.id FROM help_requests r
  WHERE $3 = 1 AND r.asker_id = $2 AND r.id < $1 AND ($6 IS NULL OR r.status = $6)
  UNION
  SELECT r.id FROM program_managers m JOIN help_requests r ON r.program_id = m.program_id
  WHERE $4 = 1 AND m.user_id = $2 AND r.asker_id <> $2 AND r.id < $1 AND ($6 IS NULL OR r.status = $6)
  UNION
  SELECT r.id FROM help_requests r
  WHERE $5 = 1 AND r.relationship_id IS NULL AND r.asker_id <> $2 AND r.id < $1
    AND ($6 IS NULL OR r.status = $6)
  ORDER BY 1 DESC LIMIT $7)
SELECT r.id, r.program_id, p.name, r.relationship_id, r.article_id, a.title, r.asker_id, u.name,
       r.subject, r.body, r.status, r.replies, r.created_at, r.updated_at, r.answered_at
FROM ids JOIN help_requests r ON r.id = ids.id JOIN programs p ON p.id = r.program_id
JOIN users u ON u.id = r.asker_id LEFT JOIN articles a ON a.id = r.article_id
ORDER BY r.id DESC;

-- name: help_request_open_count (user_id int, admin bool) -> int
-- How many open requests wait for user_id to answer (as in help_request_list's inbox).
SELECT COUNT(*) FROM help_requests r
WHERE r.status = 'open' AND r.asker_id <> $1
  AND (r.program_id IN (SELECT m.program_id FROM program_managers m WHERE m.user_id = $1)
       OR ($2 = 1 AND r.relationship_id IS NULL));

-- name: help_request_insert (program_id int, relationship_id int?, article_id int?, asker_id int, subject text, body text, now int) -> int
INSERT INTO help_requests (program_id, relationship_id, article_id, asker_id, subject, body,
                           created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id;

-- name: help_request_answered (id int, by int, now int) -> changes
UPDATE help_requests SET status = 'answered', answered_by = $2, answered_at = $3, updated_at = $3
WHERE id = $1;

-- name: help_request_reopen (id int, now int) -> changes
-- The asker wrote again: the request waits for an answer once more.
UPDATE help_requests SET status = 'open', answered_by = NULL, answered_at = NULL, updated_at = $2
WHERE id = $1;

-- name: help_request_touch (id int, now int) -> changes
UPDATE help_requests SET updated_at = $2 WHERE id = $1;

-- name: help_request_rel_ok (relationship_id int, program_id int, user_id int) -> int
-- Whether a relationship is user_id's own (as mentor or mentee) in a program.
SELECT 1 FROM relationships
WHERE id = $1 AND program_id = $2 AND (mentor_id = $3 OR mentee_id = $3);

-- name: help_reply_add (request_id int, author_id int, body text, now int) -> int
INSERT INTO help_replies (request_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: help_replies (request_id int) -> many help_reply
-- A request's thread, oldest first.
SELECT h.id, h.author_id, u.name, h.body, h.created_at
FROM help_replies h LEFT JOIN users u ON u.id = h.author_id
WHERE h.request_id = $1 ORDER BY h.id;

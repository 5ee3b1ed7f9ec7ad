-- Reading the audit log (its rows are written by audit_insert, user.sql):
-- newest first, a page before an id, by person (who acted, or the account
-- acted on) and by action (one action, or every action under a prefix such
-- as "user."), each through its index (migration 0120).

-- name: audit_page (before int, lim int) -> many audit
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE l.id < $1 ORDER BY l.id DESC LIMIT $2;

-- name: audit_by_action (lo text, hi text, before int, lim int) -> many audit
-- Actions from lo to hi: one action (lo = hi), or a prefix (hi = lo followed by DEL).
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE l.action BETWEEN $1 AND $2 AND l.id < $3 ORDER BY l.id DESC LIMIT $4;
-- postgres:
-- By bytes, whatever the database's collation (DEL sorts after every
-- character of an action there), through migration 0120's index.
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE l.action COLLATE "C" BETWEEN $1 AND $2 AND l.id < $3 ORDER BY l.id DESC LIMIT $4;

-- name: audit_by_person (person int, before int, lim int) -> many audit
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE (l.actor_id = $1 OR (l.object_type = 'user' AND l.object_id = $1)) AND l.id < $2
ORDER BY l.id DESC LIMIT $3;

-- name: audit_by_person_action (person int, lo text, hi text, before int, lim int) -> many audit
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE (l.actor_id = $1 OR (l.object_type = 'user' AND l.object_id = $1))
  AND l.action BETWEEN $2 AND $3 AND l.id < $4
ORDER BY l.id DESC LIMIT $5;
-- postgres:
SELECT l.id, l.at, l.actor_id, a.name, l.action, l.object_type, l.object_id, l.detail
FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id
WHERE (l.actor_id = $1 OR (l.object_type = 'user' AND l.object_id = $1))
  AND l.action COLLATE "C" BETWEEN $2 AND $3 AND l.id < $4
ORDER BY l.id DESC LIMIT $5;

-- Accounts, the audit log, the people directory, and the liveness check.
-- Emails are stored lower-cased, so uniqueness is case-insensitive on every
-- backend; every statement that takes an email lower-cases it too.

-- row user: id int, email text, name text, role text, active bool, has_password bool,
--   created_at int, updated_at int, last_login_at int?, two_factor bool, invited_at int?,
--   invite_expires_at int?
-- row user_login: id int, email text, name text, role text, active bool, has_password bool,
--   created_at int, updated_at int, last_login_at int?, two_factor bool, password_hash text?
-- row audit: id int, at int, actor_id int?, actor_name text?, action text, object_type text,
--   object_id int?, detail text

-- An account's state: deactivated; invited (no password and never signed
-- in: the invitation is not accepted yet); or active. The two-factor flag
-- and the latest invitation (when made; when its link expires while it is
-- unused) come from their tables by the account's id.

-- name: user_insert (email text, name text, role text, password_hash text?, now int) -> int
-- With RETURNING, SQLite's plan lists the checks of every table that refers to users for orphans a
-- new parent row would adopt; they run only while a deferred foreign-key violation is pending.
-- scan: none at run time (foreign-key checks skipped without a pending deferred violation)
INSERT INTO users (email, name, role, password_hash, active, created_at, updated_at)
VALUES (lower($1), $2, $3, $4, 1, $5, $5) RETURNING id;

-- name: user_get (id int) -> one user
SELECT u.id, u.email, u.name, u.role, u.active, u.password_hash IS NOT NULL, u.created_at, u.updated_at,
       u.last_login_at,
       EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),
       (SELECT MAX(l.created_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'),
       (SELECT MAX(l.expires_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'
          AND l.used_at IS NULL AND l.revoked_at IS NULL)
FROM users u WHERE u.id = $1;

-- name: user_by_email (email text) -> one user_login
-- The account and its password hash (NULL: no password login), for logging in.
SELECT u.id, u.email, u.name, u.role, u.active, u.password_hash IS NOT NULL, u.created_at, u.updated_at,
       u.last_login_at,
       EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),
       u.password_hash
FROM users u WHERE u.email = lower($1);

-- name: user_list (after int, pattern text?, role text?, status text?, lim int) -> many user
-- Accounts after an id; pattern (a LIKE pattern, see store_like_pattern) filters on name or email,
-- role and status (invited, active, deactivated) on those.
SELECT u.id, u.email, u.name, u.role, u.active, u.password_hash IS NOT NULL, u.created_at, u.updated_at,
       u.last_login_at,
       EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL),
       (SELECT MAX(l.created_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'),
       (SELECT MAX(l.expires_at) FROM account_links l WHERE l.user_id = u.id AND l.purpose = 'invite'
          AND l.used_at IS NULL AND l.revoked_at IS NULL)
FROM users u
WHERE u.id > $1 AND ($2 IS NULL OR lower(u.name) LIKE $2 ESCAPE '\' OR u.email LIKE $2 ESCAPE '\')
  AND ($3 IS NULL OR u.role = $3)
  AND ($4 IS NULL OR $4 = CASE WHEN u.active = 0 THEN 'deactivated'
                                WHEN u.password_hash IS NULL AND u.last_login_at IS NULL THEN 'invited'
                                ELSE 'active' END)
ORDER BY u.id LIMIT $5;

-- name: user_update (id int, email text, name text, role text, active bool, now int) -> changes
UPDATE users SET email = lower($2), name = $3, role = $4, active = $5, updated_at = $6 WHERE id = $1;

-- name: user_set_password (id int, password_hash text, now int)
UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1;

-- name: user_logged_in (id int, now int)
UPDATE users SET last_login_at = $2 WHERE id = $1;

-- name: user_reactivate (id int, now int)
UPDATE users SET active = 1, updated_at = $2 WHERE id = $1;

-- name: user_deactivate (id int, now int)
UPDATE users SET active = 0, updated_at = $2 WHERE id = $1;

-- name: user_count -> int
-- scan: the number of accounts is what the metric and the demo report; SQLite counts the smallest index
SELECT COUNT(*) FROM users;

-- name: audit_insert (at int, actor_id int?, action text, object_type text, object_id int?, detail text)
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) VALUES ($1, $2, $3, $4, $5, $6);

-- name: ping -> int
-- A round trip to the database, for GET /healthz.
SELECT 1;

-- name: user_delete_unused (id int) -> changes
-- Takes back an account an import created before it failed, unless
-- something has come to refer to it meanwhile (then it stays).
-- scan: only when an import fails after writing; SQLite's foreign-key check looks through every table that names users without an index on that column
DELETE FROM users WHERE id = $1
  AND NOT EXISTS (SELECT 1 FROM participants x WHERE x.user_id = $1)
  AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.mentor_id = $1 OR r.mentee_id = $1)
  AND NOT EXISTS (SELECT 1 FROM program_managers m WHERE m.user_id = $1);

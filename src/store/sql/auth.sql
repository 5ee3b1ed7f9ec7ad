-- Sessions, personal API tokens, the second step of a two-factor login and
-- the login throttle. Only hashes of secrets are stored. Kept in the
-- database, not in process memory, so several app servers share them.

-- row session_cred: id int, user_id int, role text, name text, email text, csrf_token text,
--   last_seen_at int, must_setup bool
-- row token_cred: id int, user_id int, role text, name text, email text, scope text,
--   last_used_at int?
-- row session: id int, created_at int, last_seen_at int, ip text, user_agent text, expires_at int,
--   csrf_token text
-- row token: id int, user_id int, name text, scope text, created_at int, last_used_at int?,
--   last_used_ip text, expires_at int?, created_by int?
-- row throttle: failures int, first_at int, last_at int
-- row challenge: id int, user_id int, attempts int

-- name: session_insert (token_hash text, user_id int, csrf_token text, now int, expires_at int, ip text, user_agent text)
INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
VALUES ($1, $2, $3, $4, $5, $4, $6, $7);

-- name: session_lookup (token_hash text, now int) -> one session_cred
-- A live session of an active account, and whether the organisation
-- requires two-factor sign-in of this person who has not set it up
-- (administrators and managers, when org_settings says so).
SELECT s.id, u.id, u.role, u.name, u.email, s.csrf_token, s.last_seen_at,
       u.role IN ('admin', 'manager')
       AND EXISTS (SELECT 1 FROM org_settings o WHERE o.key = 'require_two_factor' AND o.value = 'true')
       AND NOT EXISTS (SELECT 1 FROM two_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1;

-- name: session_touch (id int, now int, ip text)
-- Written in batches off the request path (store_usage.c), never moving backwards.
UPDATE sessions SET last_seen_at = $2, ip = $3 WHERE id = $1 AND last_seen_at < $2;

-- name: session_delete (token_hash text)
DELETE FROM sessions WHERE token_hash = $1;

-- name: session_end_all (user_id int) -> changes
-- Every session of an account (a deactivation, "sign out everywhere" for someone).
DELETE FROM sessions WHERE user_id = $1;

-- name: session_end_others (user_id int, keep_csrf text) -> changes
-- Every session of an account but the one asking, known by its CSRF token ("" keeps none): a new
-- password, "sign out everywhere else".
DELETE FROM sessions WHERE user_id = $1 AND csrf_token <> $2;

-- name: session_end_one (id int, user_id int) -> changes
DELETE FROM sessions WHERE id = $1 AND user_id = $2;

-- name: session_list (user_id int, now int) -> many session
-- A person's live sessions, the most recently used first.
SELECT id, created_at, last_seen_at, ip, user_agent, expires_at, csrf_token
FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC;

-- name: session_prune (now int)
-- Sessions past their expiry, removed now and then (at each login).
DELETE FROM sessions WHERE expires_at <= $1;

-- name: token_insert (user_id int, name text, token_hash text, now int, scope text, expires_at int?, created_by int?) -> int
INSERT INTO api_tokens (user_id, name, token_hash, created_at, scope, expires_at, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id;

-- name: token_lookup (token_hash text, now int) -> one token_cred
-- A token that is neither revoked nor expired, of an active account (no CSRF token: bearer
-- requests need none).
SELECT t.id, u.id, u.role, u.name, u.email, t.scope, t.last_used_at
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
  AND u.active = 1;

-- name: token_touch (id int, now int, ip text)
-- Written in batches off the request path (store_usage.c), never moving backwards.
UPDATE api_tokens SET last_used_at = $2, last_used_ip = $3
WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2);

-- name: token_get (id int) -> one token
SELECT id, user_id, name, scope, created_at, last_used_at, last_used_ip, expires_at, created_by
FROM api_tokens WHERE id = $1 AND revoked_at IS NULL;

-- name: token_list (user_id int, now int) -> many token
-- A person's live tokens, the newest first.
SELECT id, user_id, name, scope, created_at, last_used_at, last_used_ip, expires_at, created_by
FROM api_tokens
WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
ORDER BY id DESC;

-- name: token_revoke (id int, user_id int, now int) -> changes
UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL;

-- name: token_revoke_all (user_id int, now int) -> changes
UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL;

-- name: challenge_insert (token_hash text, user_id int, now int, expires_at int)
INSERT INTO login_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4);

-- name: challenge_lookup (token_hash text, now int) -> one challenge
SELECT id, user_id, attempts FROM login_challenges WHERE token_hash = $1 AND expires_at > $2;

-- name: challenge_attempt (id int)
UPDATE login_challenges SET attempts = attempts + 1 WHERE id = $1;

-- name: challenge_delete (id int)
DELETE FROM login_challenges WHERE id = $1;

-- name: challenge_prune (now int)
DELETE FROM login_challenges WHERE expires_at <= $1;

-- name: throttle_hit (key text, now int, since int) -> one throttle
-- One more attempt under key: a counter that starts again once its window
-- (from first_at) is over. One statement, so the write lock of the row
-- orders parallel attempts: none can read a count another has not yet
-- raised.
INSERT INTO login_throttle (key, failures, first_at, last_at) VALUES ($1, 1, $2, $2)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN login_throttle.first_at < $3 THEN 1 ELSE login_throttle.failures + 1 END,
  first_at = CASE WHEN login_throttle.first_at < $3 THEN $2 ELSE login_throttle.first_at END,
  last_at = $2
RETURNING failures, first_at, last_at;

-- name: throttle_get (key text) -> one throttle
SELECT failures, first_at, last_at FROM login_throttle WHERE key = $1;

-- name: throttle_release (key text)
-- An attempt that turned out right gives its count back.
UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0;

-- name: throttle_clear (key text)
DELETE FROM login_throttle WHERE key = $1;

-- name: throttle_prune (before int)
DELETE FROM login_throttle WHERE last_at < $1;

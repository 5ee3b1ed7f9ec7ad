-- Sessions, personal API tokens and the login-failure ledger behind rate
-- limiting. Only hashes of secrets are stored. Kept in the database, not in
-- process memory, so several app servers share them.

-- row credential: id int, user_id int, role text, name text, email text, csrf_token text, last_used_at int

-- name: session_insert (token_hash text, user_id int, csrf_token text, now int, expires_at int)
INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5);

-- name: session_lookup (token_hash text, now int) -> one credential
-- A live session of an active account.
SELECT s.id, u.id, u.role, u.name, u.email, s.csrf_token, 0
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1;

-- name: session_delete (token_hash text)
DELETE FROM sessions WHERE token_hash = $1;

-- name: session_end_all (user_id int)
-- Every session of an account (a new password, a deactivation).
DELETE FROM sessions WHERE user_id = $1;

-- name: token_insert (user_id int, name text, token_hash text, now int) -> int
INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: token_lookup (token_hash text) -> one credential
-- A token that is not revoked, of an active account (no CSRF token: bearer requests need none),
-- with when it was last used (0 for never), so the lookup itself writes nothing (store_usage.h).
SELECT t.id, u.id, u.role, u.name, u.email, '', COALESCE(t.last_used_at, 0)
FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1;

-- name: token_touch (id int, at int)
-- Written in batches off the request path (store_usage.c), never moving backwards.
UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2);

-- name: token_revoke (id int, user_id int, now int) -> changes
UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL;

-- name: token_revoke_all (user_id int, now int)
UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL;

-- name: login_failure_add (email text, ip text, at int)
INSERT INTO login_failures (email, ip, at) VALUES (lower($1), $2, $3);

-- name: login_failures_of (email text, ip text, since int) -> int
-- Failures for this email from this address, so a stranger cannot lock someone out from elsewhere.
SELECT COUNT(*) FROM login_failures WHERE email = lower($1) AND ip = $2 AND at >= $3;

-- name: login_failures_from (ip text, since int) -> int
SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at >= $2;

-- name: login_failures_clear (email text)
DELETE FROM login_failures WHERE email = lower($1);

-- name: login_failures_prune (before int)
DELETE FROM login_failures WHERE at < $1;

-- What makes an account usable: single-use links by mail (invitations and
-- password resets, hashes only), two-factor sign-in (the TOTP secret and
-- hashed recovery codes), and the organisation's settings.

-- row link: id int, user_id int, purpose text, created_at int, expires_at int, used_at int?,
--   revoked_at int?
-- row two_factor: secret text, confirmed_at int?, last_step int
-- row org_setting: key text, value text

-- name: link_insert (user_id int, purpose text, token_hash text, created_by int?, now int, expires_at int) -> int
INSERT INTO account_links (user_id, purpose, token_hash, created_by, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id;

-- name: link_lookup (token_hash text) -> one link
-- The link whatever its state: the caller tells "expired" from "used".
SELECT id, user_id, purpose, created_at, expires_at, used_at, revoked_at
FROM account_links WHERE token_hash = $1;

-- name: link_use (id int, now int) -> changes
-- Spends a live link; no change when it was spent (or revoked) meanwhile.
UPDATE account_links SET used_at = $2
WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2;

-- name: link_revoke_all (user_id int, purpose text, now int) -> changes
-- Every live link of one purpose (a new invitation replaces the old one; a
-- new password makes pending resets useless).
UPDATE account_links SET revoked_at = $3
WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL;

-- name: link_recent_count (user_id int, purpose text, since int) -> int
-- Links made since a time, to bound how often reset mail goes to one person.
SELECT COUNT(*) FROM account_links WHERE user_id = $1 AND purpose = $2 AND created_at >= $3;

-- name: two_factor_get (user_id int) -> one two_factor
SELECT secret, confirmed_at, last_step FROM two_factor WHERE user_id = $1;

-- name: two_factor_start (user_id int, secret text, now int)
-- A new secret waiting for its first code; replaces an unconfirmed one.
INSERT INTO two_factor (user_id, secret, created_at) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at,
       confirmed_at = NULL, last_step = 0;

-- name: two_factor_confirm (user_id int, now int, step int) -> changes
UPDATE two_factor SET confirmed_at = $2, last_step = $3 WHERE user_id = $1 AND confirmed_at IS NULL;

-- name: two_factor_use_step (user_id int, step int) -> changes
-- Records the step of a code that signed in; no change when a parallel
-- request used the same (or a later) step first, so a code counts once.
UPDATE two_factor SET last_step = $2 WHERE user_id = $1 AND last_step < $2;

-- name: two_factor_delete (user_id int) -> changes
DELETE FROM two_factor WHERE user_id = $1;

-- name: recovery_insert (user_id int, code_hash text)
INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2);

-- name: recovery_use (user_id int, code_hash text, now int) -> changes
UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL;

-- name: recovery_left (user_id int) -> int
SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL;

-- name: recovery_delete_all (user_id int)
DELETE FROM recovery_codes WHERE user_id = $1;

-- name: org_setting_get (key text) -> one org_setting
SELECT key, value FROM org_settings WHERE key = $1;

-- name: org_setting_put (key text, value text, now int, by int?)
INSERT INTO org_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by;

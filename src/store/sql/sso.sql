-- Single sign-on (svc/sso.c): sign-ins waiting for the provider's answer,
-- and provider identities linked to accounts.

-- row sso_login: nonce text, verifier text, next text, expires_at int

-- name: sso_login_insert (state_hash text, nonce text, verifier text, next text, now int, expires_at int)
INSERT INTO sso_logins (state_hash, nonce, verifier, next, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: sso_login_take (state_hash text) -> one sso_login
-- Spends the sign-in whose state this is: a second answer naming it finds nothing.
DELETE FROM sso_logins WHERE state_hash = $1 RETURNING nonce, verifier, next, expires_at;

-- name: sso_login_prune (now int) -> changes
DELETE FROM sso_logins WHERE expires_at <= $1;

-- name: sso_identity_user (issuer text, subject text) -> int
SELECT user_id FROM sso_identities WHERE issuer = $1 AND subject = $2;

-- name: sso_identity_link (issuer text, subject text, user_id int, now int)
INSERT INTO sso_identities (issuer, subject, user_id, created_at, last_login_at) VALUES ($1, $2, $3, $4, $4)
ON CONFLICT (issuer, subject) DO UPDATE SET user_id = excluded.user_id, last_login_at = excluded.last_login_at;

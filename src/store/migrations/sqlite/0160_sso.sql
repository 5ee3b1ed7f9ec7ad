-- Single sign-on through OpenID Connect (issue 12, docs/sso.md): the sign-ins
-- waiting for the identity provider's answer, and which provider identity is
-- which account.

-- A sign-in sent to the provider: only the hash of its state (the value the
-- browser carries there and back) is kept, with the nonce the ID token must
-- carry and the PKCE verifier the token endpoint asks for. A row is spent
-- (deleted) by the first answer that names it, and lives 10 minutes at most.
CREATE TABLE sso_logins (
  id          INTEGER PRIMARY KEY,
  state_hash  TEXT NOT NULL UNIQUE,
  nonce       TEXT NOT NULL,
  verifier    TEXT NOT NULL,
  next        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sso_logins_expiry ON sso_logins(expires_at);

-- The provider's identity of a person (issuer and subject, which never
-- change, unlike an email address) and the account it signs in to.
CREATE TABLE sso_identities (
  issuer        TEXT NOT NULL,
  subject       TEXT NOT NULL,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  created_at    INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities(user_id);

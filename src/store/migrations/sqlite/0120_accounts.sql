-- Accounts people can use (issue 11): invitations and password resets by
-- single-use links, sessions and tokens a person can see and end, tokens
-- that expire, two-factor sign-in, a login throttle that counts atomically,
-- organisation settings, and indexes for reading the audit log.

-- When the person last signed in: an account that never did and has no
-- password has not accepted its invitation yet.
ALTER TABLE users ADD COLUMN last_login_at BIGINT;

-- Where and when a session was last used, for "your sessions".
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Tokens expire (NULL: never, only for one an administrator makes so on
-- purpose), carry a scope ('metrics' tokens read /metrics and nothing
-- else), and remember where they were last used and who made them. Tokens
-- made before expiry existed get the default 90 days from now.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api' CHECK (scope IN ('api', 'metrics'));
ALTER TABLE api_tokens ADD COLUMN last_used_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN created_by INTEGER REFERENCES users(id);
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400
WHERE revoked_at IS NULL;
CREATE INDEX api_tokens_created_by ON api_tokens(created_by);

-- Single-use links by mail: an invitation (7 days) sets the first password,
-- a reset (1 hour) a new one. Only the BLAKE2b hash of the secret is kept.
-- A link is live while not used, not revoked and not expired.
CREATE TABLE account_links (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT,
  revoked_at BIGINT
);
CREATE INDEX account_links_user ON account_links(user_id, purpose, id);
CREATE INDEX account_links_created_by ON account_links(created_by);

-- Two-factor sign-in: the TOTP secret (base32; an authenticator app needs
-- it as is, so it cannot be hashed), confirmed once the person typed a code
-- from it, and the last time step used (a code counts once).
CREATE TABLE two_factor (
  user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret       TEXT NOT NULL,
  confirmed_at BIGINT,
  last_step    BIGINT NOT NULL DEFAULT 0,
  created_at   BIGINT NOT NULL
);

-- One-time recovery codes, hashed.
CREATE TABLE recovery_codes (
  id        INTEGER PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at   BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id, code_hash);

-- The second step of a login with two-factor: the password was right, the
-- code is asked for (a login page's hidden field; hash only, 5 minutes).
CREATE TABLE login_challenges (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_challenges_user ON login_challenges(user_id);
CREATE INDEX login_challenges_expires ON login_challenges(expires_at);

-- The login throttle replaces the ledger of failures: one counter per key
-- (an email from one address, an address, an email from anywhere), bumped
-- by one upsert before a password is checked, so parallel attempts can
-- never pass the limit (the row's write lock orders them, on every backend).
DROP TABLE login_failures;
CREATE TABLE login_throttle (
  key      TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_at BIGINT NOT NULL,
  last_at  BIGINT NOT NULL
) WITHOUT ROWID; -- one b-tree by key: a bump writes one page less
CREATE INDEX login_throttle_last ON login_throttle(last_at);

-- Settings of the organisation that administrators change at run time
-- (require_two_factor), unlike the server's own settings in its config file.
CREATE TABLE org_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

-- The audit log, read by person (as actor or as the account acted on) and
-- by action, newest first.
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);

-- Account mail (invitations, resets, "your password was changed") is a
-- category of its own, always sent at once: SQLite cannot change a CHECK,
-- so the outbox is rebuilt with the same rows. Digest rows point at later
-- rows, so the copy defers the key checks to the commit.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE outbox_new (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  to_addr         TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  category        TEXT NOT NULL CHECK (category IN
                    ('meetings', 'messages', 'reminders', 'nudges', 'thank_you', 'digest', 'account')),
  kind            TEXT NOT NULL,
  dedup_key       TEXT UNIQUE,
  message_id      TEXT NOT NULL UNIQUE,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  ics             TEXT,
  ics_method      TEXT CHECK (ics_method IN ('REQUEST', 'CANCEL')),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                    ('pending', 'sending', 'sent', 'failed', 'held', 'digested')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until     BIGINT,
  last_error      TEXT,
  digest_id       INTEGER REFERENCES outbox_new(id),
  created_at      BIGINT NOT NULL,
  sent_at         BIGINT
);
INSERT INTO outbox_new (id, user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject,
                        body, ics, ics_method, status, attempts, next_attempt_at, lease_until,
                        last_error, digest_id, created_at, sent_at)
SELECT id, user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body, ics,
       ics_method, status, attempts, next_attempt_at, lease_until, last_error, digest_id, created_at,
       sent_at
FROM outbox ORDER BY id;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_user ON outbox(user_id, status);
CREATE INDEX outbox_digest ON outbox(digest_id);

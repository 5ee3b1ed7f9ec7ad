-- SCIM 2.0 provisioning (issue 12): what an identity provider knows of a
-- person that mentord's account does not hold, tokens with the provisioning
-- scope, and relationships ended because the organisation deactivated one
-- of the two.

-- The identity provider's names for an account: userName (unique, compared
-- case-insensitively as Okta and Entra ID do), externalId (its own id,
-- unique when given) and the name's parts, which mentord joins into the
-- account's name but gives back as they came. An account without a row was
-- never provisioned; the provider finds it by its email and links it.
CREATE TABLE user_scim (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  user_name   TEXT NOT NULL,
  external_id TEXT,
  given_name  TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_scim_user_name ON user_scim(lower(user_name));
CREATE UNIQUE INDEX user_scim_external_id ON user_scim(external_id) WHERE external_id IS NOT NULL;

-- A relationship the organisation ended by deactivating its mentor or
-- mentee (through SCIM): when; its phase becomes completed, its history
-- stays. NULL for every other relationship.
ALTER TABLE relationships ADD COLUMN ended_by_org_at BIGINT;

-- Tokens gain the provisioning scope (/scim/v2 and nothing else). SQLite
-- cannot change a CHECK in place, so the table is rebuilt as it stands.
CREATE TABLE api_tokens_new (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT,
  expires_at   BIGINT,
  scope        TEXT NOT NULL DEFAULT 'api' CHECK (scope IN ('api', 'metrics', 'provisioning')),
  last_used_ip TEXT NOT NULL DEFAULT '',
  created_by   INTEGER REFERENCES users(id)
);
INSERT INTO api_tokens_new (id, user_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at,
                            scope, last_used_ip, created_by)
SELECT id, user_id, name, token_hash, created_at, last_used_at, revoked_at, expires_at, scope, last_used_ip,
       created_by FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE INDEX api_tokens_created_by ON api_tokens(created_by);

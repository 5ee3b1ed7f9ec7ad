-- PostgreSQL's twin of sqlite/0170_scim.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- SCIM 2.0 provisioning (issue 12): what an identity provider knows of a
-- person that mentord's account does not hold, tokens with the provisioning
-- scope, and relationships ended because the organisation deactivated one
-- of the two.

-- The identity provider's names for an account: userName (unique, compared
-- case-insensitively as Okta and Entra ID do), externalId (its own id,
-- unique when given) and the name's parts. An account without a row was
-- never provisioned; the provider finds it by its email and links it.
CREATE TABLE user_scim (
  user_id     BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  user_name   TEXT NOT NULL,
  external_id TEXT,
  given_name  TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_scim_user_name ON user_scim(lower(user_name));
CREATE UNIQUE INDEX user_scim_external_id ON user_scim(external_id) WHERE external_id IS NOT NULL;

-- A relationship the organisation ended by deactivating its mentor or
-- mentee (through SCIM): when; NULL for every other relationship.
ALTER TABLE relationships ADD COLUMN ended_by_org_at BIGINT;

-- Tokens gain the provisioning scope (/scim/v2 and nothing else).
-- PostgreSQL changes the CHECK in place (0120 named it by default).
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scope_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scope_check CHECK (scope IN ('api', 'metrics', 'provisioning'));

-- PostgreSQL's twin of sqlite/0006_preferences.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- What a mentee says about the mentor they want: preferred departments and
-- languages, particular people, and people never to be paired with (a hard
-- rule for matching). value is the text for departments and languages and
-- the user id for mentor and avoid; norm is the case-folded form compared.
CREATE TABLE profile_prefs (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind    TEXT NOT NULL CHECK (kind IN ('department', 'language', 'mentor', 'avoid')),
  position INTEGER NOT NULL,
  value   TEXT NOT NULL,
  norm    TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, norm)
);

-- Foundation schema: accounts, credentials, profiles, programs, participants.
-- Times are BIGINT seconds since the epoch (UTC); dates are TEXT YYYY-MM-DD.
-- Booleans are INTEGER 0/1 so the same queries run on PostgreSQL.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'member')),
  password_hash TEXT,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

CREATE TABLE profiles (
  user_id           INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  headline          TEXT NOT NULL DEFAULT '',
  bio               TEXT NOT NULL DEFAULT '',
  department        TEXT NOT NULL DEFAULT '',
  seniority         INTEGER CHECK (seniority BETWEEN 1 AND 10),
  manager_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  location          TEXT NOT NULL DEFAULT '',
  timezone          TEXT NOT NULL DEFAULT 'UTC',
  preferred_channel TEXT CHECK (preferred_channel IN ('video', 'phone', 'in_person', 'chat', 'email')),
  meeting_style     TEXT CHECK (meeting_style IN ('structured', 'conversational', 'flexible')),
  preferences       TEXT NOT NULL DEFAULT '',
  updated_at        BIGINT NOT NULL
);
CREATE INDEX profiles_manager ON profiles(manager_id);
CREATE INDEX profiles_department ON profiles(department);

-- The list fields of a profile; norm is the case-folded value used to match.
CREATE TABLE profile_items (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind     TEXT NOT NULL CHECK (kind IN ('language', 'skill_offered', 'skill_wanted', 'interest')),
  position INTEGER NOT NULL,
  value    TEXT NOT NULL,
  norm     TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, norm)
);
CREATE INDEX profile_items_norm ON profile_items(kind, norm);

-- Weekly availability in the person's own time zone, minutes from midnight.
CREATE TABLE availability (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  day       INTEGER NOT NULL CHECK (day BETWEEN 1 AND 7),
  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
  end_min   INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
  PRIMARY KEY (user_id, day, start_min),
  CHECK (start_min < end_min)
);

CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
  id    INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  ip    TEXT NOT NULL,
  at    BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE programs (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL,
  description            TEXT NOT NULL DEFAULT '',
  kind                   TEXT NOT NULL CHECK (kind IN ('one_to_one', 'group', 'reverse', 'peer')),
  starts_on              TEXT NOT NULL,
  ends_on                TEXT NOT NULL,
  matching               TEXT NOT NULL CHECK (matching IN ('optimal', 'stable', 'self')),
  cadence_days           INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 365),
  max_mentors_per_mentee INTEGER NOT NULL CHECK (max_mentors_per_mentee BETWEEN 1 AND 10),
  weights                TEXT NOT NULL DEFAULT '{}',
  created_by             INTEGER REFERENCES users(id),
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL,
  CHECK (starts_on <= ends_on)
);

CREATE TABLE program_managers (
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_managers_user ON program_managers(user_id);

CREATE TABLE participants (
  id         INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  role       TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  capacity   INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 0 AND 20),
  created_at BIGINT NOT NULL,
  UNIQUE (program_id, user_id, role)
);
CREATE INDEX participants_user ON participants(user_id);

-- Who changed what, for administrators.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          BIGINT NOT NULL,
  actor_id    INTEGER,
  action      TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id   BIGINT,
  detail      TEXT NOT NULL DEFAULT ''
);

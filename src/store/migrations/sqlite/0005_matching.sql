-- Matching: runs a manager reviews, edits and publishes; and self-match
-- requests from a mentee to a mentor.

CREATE TABLE match_runs (
  id           INTEGER PRIMARY KEY,
  program_id   INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  algorithm    TEXT NOT NULL CHECK (algorithm IN ('optimal', 'stable')),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  weights      TEXT NOT NULL,
  total_score  BIGINT NOT NULL,
  stats        TEXT NOT NULL DEFAULT '{}',
  created_by   INTEGER REFERENCES users(id),
  created_at   BIGINT NOT NULL,
  published_at BIGINT
);
CREATE INDEX match_runs_program ON match_runs(program_id, id);

CREATE TABLE match_run_pairs (
  run_id    INTEGER NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
  mentee_id INTEGER NOT NULL REFERENCES users(id),
  mentor_id INTEGER NOT NULL REFERENCES users(id),
  score     INTEGER NOT NULL,
  reasons   TEXT NOT NULL,
  edited    INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  PRIMARY KEY (run_id, mentee_id)
);

CREATE TABLE match_run_unmatched (
  run_id    INTEGER NOT NULL REFERENCES match_runs(id) ON DELETE CASCADE,
  mentee_id INTEGER NOT NULL REFERENCES users(id),
  reason    TEXT NOT NULL,
  PRIMARY KEY (run_id, mentee_id)
);

CREATE TABLE mentor_requests (
  id              INTEGER PRIMARY KEY,
  program_id      INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  mentee_id       INTEGER NOT NULL REFERENCES users(id),
  mentor_id       INTEGER NOT NULL REFERENCES users(id),
  message         TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  answer          TEXT NOT NULL DEFAULT '',
  relationship_id INTEGER REFERENCES relationships(id),
  created_at      BIGINT NOT NULL,
  answered_at     BIGINT
);
CREATE INDEX mentor_requests_mentor ON mentor_requests(mentor_id, status);
CREATE INDEX mentor_requests_mentee ON mentor_requests(mentee_id, status);

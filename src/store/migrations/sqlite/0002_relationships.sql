-- Relationships and everything that happens inside one: the agreement,
-- SMART goals, meetings with agendas, notes and feedback, the cooperation
-- board, messages, check-ins, the learning log, and closing.

CREATE TABLE relationships (
  id                 INTEGER PRIMARY KEY,
  program_id         INTEGER NOT NULL REFERENCES programs(id),
  mentor_id          INTEGER NOT NULL REFERENCES users(id),
  mentee_id          INTEGER NOT NULL REFERENCES users(id),
  phase              TEXT NOT NULL DEFAULT 'getting_to_know' CHECK (phase IN
                       ('getting_to_know', 'goal_setting', 'working', 'closing', 'completed', 'alumni')),
  origin             TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'match', 'request')),
  keep_in_touch_days INTEGER CHECK (keep_in_touch_days BETWEEN 0 AND 365),
  created_by         INTEGER REFERENCES users(id),
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL,
  completed_at       BIGINT,
  CHECK (mentor_id <> mentee_id)
);
CREATE INDEX relationships_program ON relationships(program_id, phase);
CREATE INDEX relationships_mentor ON relationships(mentor_id);
CREATE INDEX relationships_mentee ON relationships(mentee_id);

-- The history of a relationship: phase changes, signatures, closing.
CREATE TABLE relationship_events (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  at              BIGINT NOT NULL,
  actor_id        INTEGER REFERENCES users(id),
  kind            TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX relationship_events_rel ON relationship_events(relationship_id, at);

CREATE TABLE agreements (
  relationship_id  INTEGER PRIMARY KEY REFERENCES relationships(id) ON DELETE CASCADE,
  purpose          TEXT NOT NULL,
  expected_results TEXT NOT NULL,
  cadence_days     INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 365),
  duration_weeks   INTEGER NOT NULL CHECK (duration_weeks BETWEEN 1 AND 260),
  confidentiality  TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  updated_by       INTEGER REFERENCES users(id),
  updated_at       BIGINT NOT NULL,
  mentor_signed_at BIGINT,
  mentee_signed_at BIGINT
);

CREATE TABLE goals (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  title           TEXT NOT NULL,
  outcome         TEXT NOT NULL DEFAULT '',
  term            TEXT NOT NULL CHECK (term IN ('short', 'long')),
  metric          TEXT NOT NULL DEFAULT '',
  baseline        REAL,
  target          REAL,
  due_on          TEXT,
  relevance       TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'dropped')),
  confirmed_by    INTEGER REFERENCES users(id),
  confirmed_at    BIGINT,
  created_by      INTEGER NOT NULL REFERENCES users(id),
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX goals_rel ON goals(relationship_id);

CREATE TABLE goal_progress (
  id        INTEGER PRIMARY KEY,
  goal_id   INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  value     REAL NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  author_id INTEGER NOT NULL REFERENCES users(id),
  at        BIGINT NOT NULL
);
CREATE INDEX goal_progress_goal ON goal_progress(goal_id, at);

CREATE TABLE meetings (
  id                 INTEGER PRIMARY KEY,
  relationship_id    INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  starts_at          BIGINT NOT NULL,
  duration_min       INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
  channel            TEXT NOT NULL CHECK (channel IN ('video', 'phone', 'in_person', 'chat', 'email')),
  kind               TEXT NOT NULL CHECK (kind IN ('kickoff', 'regular', 'coffee')),
  rrule              TEXT,
  status             TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  in_mentee_hours    INTEGER NOT NULL CHECK (in_mentee_hours IN (0, 1)),
  in_mentor_hours    INTEGER NOT NULL CHECK (in_mentor_hours IN (0, 1)),
  sequence           INTEGER NOT NULL DEFAULT 0,
  created_by         INTEGER NOT NULL REFERENCES users(id),
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX meetings_rel ON meetings(relationship_id, starts_at);

CREATE TABLE meeting_reschedules (
  id            INTEGER PRIMARY KEY,
  meeting_id    INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  from_starts_at BIGINT NOT NULL,
  to_starts_at  BIGINT NOT NULL,
  requested_by  INTEGER NOT NULL REFERENCES users(id),
  reason        TEXT NOT NULL,
  at            BIGINT NOT NULL
);
CREATE INDEX meeting_reschedules_meeting ON meeting_reschedules(meeting_id);

CREATE TABLE agenda_items (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  author_id   INTEGER NOT NULL REFERENCES users(id),
  text        TEXT NOT NULL,
  is_question INTEGER NOT NULL DEFAULT 0 CHECK (is_question IN (0, 1)),
  created_at  BIGINT NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id);

CREATE TABLE meeting_notes (
  id         INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  author_id  INTEGER NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  private    INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
  created_at BIGINT NOT NULL
);
CREATE INDEX meeting_notes_meeting ON meeting_notes(meeting_id);

CREATE TABLE feedback (
  id              INTEGER PRIMARY KEY,
  meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  from_id         INTEGER NOT NULL REFERENCES users(id),
  to_id           INTEGER NOT NULL REFERENCES users(id),
  rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment         TEXT NOT NULL DEFAULT '',
  tags            TEXT NOT NULL DEFAULT '',
  acknowledged_at BIGINT,
  created_at      BIGINT NOT NULL,
  UNIQUE (meeting_id, from_id)
);
CREATE INDEX feedback_to ON feedback(to_id);

CREATE TABLE concerns (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  title           TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned', 'resolved')),
  plan            TEXT,
  plan_idea_id    INTEGER,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX concerns_rel ON concerns(relationship_id);

CREATE TABLE ideas (
  id            INTEGER PRIMARY KEY,
  concern_id    INTEGER NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
  author_id     INTEGER NOT NULL REFERENCES users(id),
  credited_to   INTEGER NOT NULL REFERENCES users(id),
  text          TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX ideas_concern ON ideas(concern_id);

-- The credit ledger: every change of an idea's attribution.
CREATE TABLE idea_credits (
  id        INTEGER PRIMARY KEY,
  idea_id   INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
  from_user INTEGER NOT NULL REFERENCES users(id),
  to_user   INTEGER NOT NULL REFERENCES users(id),
  by_user   INTEGER NOT NULL REFERENCES users(id),
  at        BIGINT NOT NULL
);

CREATE TABLE actions (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  concern_id      INTEGER REFERENCES concerns(id) ON DELETE SET NULL,
  title           TEXT NOT NULL,
  owner_id        INTEGER NOT NULL REFERENCES users(id),
  due_on          TEXT NOT NULL,
  goal_id         INTEGER REFERENCES goals(id) ON DELETE SET NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  created_by      INTEGER NOT NULL REFERENCES users(id),
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX actions_rel ON actions(relationship_id);

CREATE TABLE wins (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  text            TEXT NOT NULL,
  goal_id         INTEGER REFERENCES goals(id) ON DELETE SET NULL,
  idea_id         INTEGER REFERENCES ideas(id) ON DELETE SET NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX wins_rel ON wins(relationship_id);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  body            TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX messages_rel ON messages(relationship_id, created_at);

CREATE TABLE checkins (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  mood            INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
  note            TEXT NOT NULL DEFAULT '',
  created_at      BIGINT NOT NULL
);
CREATE INDEX checkins_rel ON checkins(relationship_id, created_at);

CREATE TABLE learnings (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  direction       TEXT NOT NULL CHECK (direction IN ('to_mentee', 'to_mentor')),
  text            TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX learnings_rel ON learnings(relationship_id);

-- Each member's closing: reflection, the closure survey, a thank-you note.
CREATE TABLE closures (
  relationship_id    INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  user_id            INTEGER NOT NULL REFERENCES users(id),
  reflection         TEXT NOT NULL,
  satisfaction       INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
  goals_met          INTEGER CHECK (goals_met BETWEEN 1 AND 5),
  mentor_important   INTEGER CHECK (mentor_important BETWEEN 1 AND 5),
  would_recommend    INTEGER CHECK (would_recommend IN (0, 1)),
  thank_you_note     TEXT NOT NULL DEFAULT '',
  created_at         BIGINT NOT NULL,
  PRIMARY KEY (relationship_id, user_id)
);

-- Program surveys (issue 14 item 5): pulse and NPS surveys a program's
-- managers define, sent to the members of its active relationships on a
-- schedule counted from the match (svc/survey.c, notify/surveys.c). The
-- closure survey (closure_surveys) is separate and unchanged.
--
-- A survey's questions are ordered by position; an NPS survey's first is
-- the 0-10 recommendation question (kind 'nps'). A choice question keeps
-- its options one per line. A response is one member's copy of one round
-- (round 0 is the first after first_after_days, then one every every_days
-- while the relationship lasts): the due job inserts it, and the unique key
-- makes each round go out once whatever the passes and servers. Its answers
-- are rows of survey_answers, written once with answered_at. Plain portable
-- SQL; the PostgreSQL twin differs only in its identity columns.
CREATE TABLE surveys (
  id               INTEGER PRIMARY KEY,
  program_id       INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  title            TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('pulse', 'nps')),
  audience         TEXT NOT NULL CHECK (audience IN ('mentors', 'mentees', 'both')),
  first_after_days INTEGER NOT NULL CHECK (first_after_days >= 0),
  every_days       INTEGER CHECK (every_days >= 1),
  status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'archived')),
  created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX surveys_program ON surveys(program_id, id);
CREATE INDEX surveys_status ON surveys(status, id);
CREATE INDEX surveys_created_by ON surveys(created_by);

CREATE TABLE survey_questions (
  id        INTEGER PRIMARY KEY,
  survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('nps', 'rating', 'choice', 'text')),
  prompt    TEXT NOT NULL,
  required  INTEGER NOT NULL DEFAULT 0,
  options   TEXT NOT NULL DEFAULT '',
  UNIQUE (survey_id, position)
);

CREATE TABLE survey_responses (
  id              INTEGER PRIMARY KEY,
  survey_id       INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  round           INTEGER NOT NULL,
  sent_at         BIGINT NOT NULL,
  answered_at     BIGINT,
  UNIQUE (survey_id, relationship_id, user_id, round)
);
CREATE INDEX survey_responses_user ON survey_responses(user_id, id);
CREATE INDEX survey_responses_relationship ON survey_responses(relationship_id);

CREATE TABLE survey_answers (
  response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
  rating      INTEGER,
  choice      TEXT,
  body        TEXT,
  PRIMARY KEY (response_id, question_id)
);
CREATE INDEX survey_answers_question ON survey_answers(question_id);

-- The program manager's workspace (issue 13): what a person has read of a
-- relationship's messages (the inbox's unread count), archived programs,
-- relationships a program manager ended with a reason, the managers' own
-- notes on a relationship, and what the health watch last told about each
-- relationship (so a mail goes out once per change, not every pass).

-- The newest message of the thread the person has seen; messages by the
-- other member after it are unread.
CREATE TABLE message_reads (
  user_id         INTEGER NOT NULL REFERENCES users(id),
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  last_read_id    INTEGER NOT NULL,
  PRIMARY KEY (user_id, relationship_id)
);
CREATE INDEX message_reads_rel ON message_reads(relationship_id);

-- An archived program is read-only; its relationships and reports stay.
ALTER TABLE programs ADD COLUMN archived_at BIGINT;

-- A relationship the program's manager ended (it is then completed): who
-- and why, shown in its history.
ALTER TABLE relationships ADD COLUMN ended_by INTEGER REFERENCES users(id);
ALTER TABLE relationships ADD COLUMN ended_reason TEXT;

-- Notes the program's managers keep on a relationship; the pair never
-- sees them.
CREATE TABLE manager_notes (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER NOT NULL REFERENCES users(id),
  body            TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX manager_notes_rel ON manager_notes(relationship_id, id);
CREATE INDEX manager_notes_author ON manager_notes(author_id);

-- The health watch's last word on a relationship: whether it was at risk,
-- and every misstep flag (a bit per code) ever told to the pair.
CREATE TABLE health_watch (
  relationship_id INTEGER PRIMARY KEY REFERENCES relationships(id) ON DELETE CASCADE,
  at_risk         INTEGER NOT NULL CHECK (at_risk IN (0, 1)),
  flags_told      INTEGER NOT NULL DEFAULT 0,
  changed_at      BIGINT NOT NULL
);

-- The inbox: unconfirmed goals and unacknowledged feedback by person.
CREATE INDEX goals_unconfirmed ON goals(relationship_id) WHERE status = 'active' AND confirmed_at IS NULL;
CREATE INDEX feedback_unacknowledged ON feedback(to_id) WHERE acknowledged_at IS NULL;
CREATE INDEX relationships_ended_by ON relationships(ended_by);

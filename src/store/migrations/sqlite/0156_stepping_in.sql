-- Stepping in on a struggling relationship (issue 13): the conversation
-- between a program's managers and a pair (both of the pair and the
-- program's managers read it; it is not the pair's private thread), the
-- managers' own notes on a relationship (never shown to the pair), and the
-- health watch: the last state the job runner saw of each relationship and
-- the missteps already pointed out to the pair, so a change into "at risk"
-- is announced to the managers once, and each misstep to the pair once.

CREATE TABLE manager_messages (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users(id),
  body            TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX manager_messages_rel ON manager_messages(relationship_id, id);

CREATE TABLE manager_notes (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  author_id       INTEGER REFERENCES users(id),
  body            TEXT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX manager_notes_rel ON manager_notes(relationship_id, id);

-- state: the health state last seen ('new' for a relationship made since,
-- NULL for one from before the watch existed: its first look records the
-- state without mail, so an upgrade does not mail every manager at once).
-- flags: the flag codes already pointed out to the pair, one bit each
-- (core/health.h's order); at_risk_count: how many times it became at risk
-- (the key of each announcement).
CREATE TABLE health_watch (
  relationship_id INTEGER PRIMARY KEY REFERENCES relationships(id) ON DELETE CASCADE,
  state           TEXT CHECK (state IN ('new', 'not_started', 'on_track', 'at_risk', 'ended')),
  flags           INTEGER NOT NULL DEFAULT 0,
  at_risk_count   INTEGER NOT NULL DEFAULT 0,
  checked_at      BIGINT
);
INSERT INTO health_watch (relationship_id) SELECT id FROM relationships;
CREATE TRIGGER health_watch_new AFTER INSERT ON relationships
BEGIN
  INSERT INTO health_watch (relationship_id, state) VALUES (NEW.id, 'new');
END;

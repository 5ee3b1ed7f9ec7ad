-- PostgreSQL's twin of sqlite/0140_workspace.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- The program manager's workspace (issue 13): what a person has read of a
-- relationship's messages (the inbox's unread count), and the indexes that
-- let the inbox find what waits for one person.

-- The newest message of the thread the person has seen; messages by the
-- other member after it are unread.
CREATE TABLE message_reads (
  user_id         BIGINT NOT NULL REFERENCES users(id),
  relationship_id BIGINT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  last_read_id    BIGINT NOT NULL,
  PRIMARY KEY (user_id, relationship_id)
);
CREATE INDEX message_reads_rel ON message_reads(relationship_id);

-- The inbox: unconfirmed goals and unacknowledged feedback by person.
CREATE INDEX goals_unconfirmed ON goals(relationship_id) WHERE status = 'active' AND confirmed_at IS NULL;
CREATE INDEX feedback_unacknowledged ON feedback(to_id) WHERE acknowledged_at IS NULL;

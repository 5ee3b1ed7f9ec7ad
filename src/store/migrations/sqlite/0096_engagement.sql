-- Engagement (issue 14): how long each side of a relationship takes to
-- answer the other, and how many hours of mentoring took place.
--
-- A reply delay is recorded when a member writes a message after messages
-- of the other member that they had not answered yet: the wait is counted
-- from the first of those messages. A mentor request answered by accepting
-- it is the mentor's first reply in the relationship it created. The
-- rollup of migration 0004 (health_activity) keeps, per side, how many
-- replies there are and their median delay, and the minutes of the
-- meetings held; the detector's slow_replies flag reads them, with its
-- threshold in health_settings.
--
-- The triggers are SQLite's, like 0004's; the PostgreSQL migration does
-- the same with trigger functions (the median with percentile_cont).

CREATE TABLE reply_delays (
  id              INTEGER PRIMARY KEY,
  relationship_id INTEGER NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  responder_role  TEXT NOT NULL CHECK (responder_role IN ('mentor', 'mentee')),
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'request')),
  waited_from     BIGINT NOT NULL,
  answered_at     BIGINT NOT NULL,
  delay           BIGINT NOT NULL CHECK (delay >= 0) -- seconds
);
-- The median of one side is read in delay order from here.
CREATE INDEX reply_delays_rel ON reply_delays(relationship_id, responder_role, delay);

-- Finding the messages a new one answers: the writer's last message and
-- the other member's after it.
CREATE INDEX messages_rel_author ON messages(relationship_id, author_id);

ALTER TABLE health_activity ADD COLUMN held_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE health_activity ADD COLUMN mentor_replies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE health_activity ADD COLUMN mentee_replies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE health_activity ADD COLUMN mentor_reply_median BIGINT; -- seconds; NULL without replies
ALTER TABLE health_activity ADD COLUMN mentee_reply_median BIGINT;

ALTER TABLE health_settings ADD COLUMN slow_reply_hours INTEGER NOT NULL DEFAULT 72
  CHECK (slow_reply_hours BETWEEN 1 AND 720);

-- ---- backfill: the delays and hours of the data already there ----

-- Messages in runs by one author: each run after the first answers the
-- run before it, which it waited on from that run's first message.
INSERT INTO reply_delays (relationship_id, responder_role, kind, waited_from, answered_at, delay)
SELECT s.relationship_id, CASE WHEN s.author_id = r.mentor_id THEN 'mentor' ELSE 'mentee' END, 'message',
       s.prev_start, s.created_at, max(0, s.created_at - s.prev_start)
FROM (SELECT x.relationship_id, x.author_id, x.created_at, x.prev_author,
             LAG(x.created_at) OVER (PARTITION BY x.relationship_id ORDER BY x.id) AS prev_start
      FROM (SELECT m.id, m.relationship_id, m.author_id, m.created_at,
                   LAG(m.author_id) OVER (PARTITION BY m.relationship_id ORDER BY m.id) AS prev_author
            FROM messages m) x
      WHERE x.prev_author IS NULL OR x.prev_author <> x.author_id) s
JOIN relationships r ON r.id = s.relationship_id
WHERE s.prev_author IS NOT NULL AND s.author_id IN (r.mentor_id, r.mentee_id);

INSERT INTO reply_delays (relationship_id, responder_role, kind, waited_from, answered_at, delay)
SELECT q.relationship_id, 'mentor', 'request', q.created_at, q.answered_at, max(0, q.answered_at - q.created_at)
FROM mentor_requests q
WHERE q.status = 'accepted' AND q.relationship_id IS NOT NULL AND q.answered_at IS NOT NULL;

UPDATE health_activity SET
  held_minutes = (SELECT COALESCE(SUM(m.duration_min), 0) FROM meetings m
                  WHERE m.relationship_id = health_activity.relationship_id AND m.status = 'held'),
  mentor_replies = (SELECT COUNT(*) FROM reply_delays d
                    WHERE d.relationship_id = health_activity.relationship_id AND d.responder_role = 'mentor'),
  mentee_replies = (SELECT COUNT(*) FROM reply_delays d
                    WHERE d.relationship_id = health_activity.relationship_id AND d.responder_role = 'mentee');

-- A side's median: the middle delay, or the mean of the two middle ones.
UPDATE health_activity SET
  mentor_reply_median = (SELECT CAST(AVG(x.delay) AS INTEGER) FROM (SELECT d.delay, ROW_NUMBER() OVER (ORDER BY d.delay) AS k,
         COUNT(*) OVER () AS c FROM reply_delays d
         WHERE d.relationship_id = health_activity.relationship_id AND d.responder_role = 'mentor') x
       WHERE x.k IN ((x.c + 1) / 2, (x.c + 2) / 2))
WHERE mentor_replies > 0;
UPDATE health_activity SET
  mentee_reply_median = (SELECT CAST(AVG(x.delay) AS INTEGER) FROM (SELECT d.delay, ROW_NUMBER() OVER (ORDER BY d.delay) AS k,
         COUNT(*) OVER () AS c FROM reply_delays d
         WHERE d.relationship_id = health_activity.relationship_id AND d.responder_role = 'mentee') x
       WHERE x.k IN ((x.c + 1) / 2, (x.c + 2) / 2))
WHERE mentee_replies > 0;

-- ---- from now on ----

-- A message answers the other member's messages written since the
-- writer's own last one (seeks on messages_rel_author: the writer's last
-- message, then the other's after it).
CREATE TRIGGER reply_delay_message AFTER INSERT ON messages BEGIN
  INSERT INTO reply_delays (relationship_id, responder_role, kind, waited_from, answered_at, delay)
  SELECT w.rel, w.role, 'message', w.since, NEW.created_at, max(0, NEW.created_at - w.since)
  FROM (SELECT r.id AS rel, CASE WHEN NEW.author_id = r.mentor_id THEN 'mentor' ELSE 'mentee' END AS role,
               (SELECT MIN(m.created_at) FROM messages m
                WHERE m.relationship_id = r.id
                  AND m.author_id = CASE WHEN NEW.author_id = r.mentor_id THEN r.mentee_id ELSE r.mentor_id END
                  AND m.id < NEW.id
                  AND m.id > COALESCE((SELECT MAX(p.id) FROM messages p
                                       WHERE p.relationship_id = r.id AND p.author_id = NEW.author_id
                                         AND p.id < NEW.id), 0)) AS since
        FROM relationships r
        WHERE r.id = NEW.relationship_id AND NEW.author_id IN (r.mentor_id, r.mentee_id)) w
  WHERE w.since IS NOT NULL;
END;

CREATE TRIGGER reply_delay_request AFTER UPDATE OF status ON mentor_requests
WHEN NEW.status = 'accepted' AND OLD.status = 'pending' AND NEW.relationship_id IS NOT NULL
  AND NEW.answered_at IS NOT NULL BEGIN
  INSERT INTO reply_delays (relationship_id, responder_role, kind, waited_from, answered_at, delay)
  VALUES (NEW.relationship_id, 'mentor', 'request', NEW.created_at, NEW.answered_at,
          max(0, NEW.answered_at - NEW.created_at));
END;

-- Each new delay: that side's count and median, its delays read in order
-- from reply_delays_rel.
CREATE TRIGGER health_reply_delay AFTER INSERT ON reply_delays BEGIN
  UPDATE health_activity SET
    mentor_replies = mentor_replies + (NEW.responder_role = 'mentor'),
    mentee_replies = mentee_replies + (NEW.responder_role = 'mentee'),
    mentor_reply_median = CASE WHEN NEW.responder_role = 'mentor' THEN
      (SELECT CAST(AVG(x.delay) AS INTEGER) FROM (SELECT d.delay, ROW_NUMBER() OVER (ORDER BY d.delay) AS k,
         COUNT(*) OVER () AS c FROM reply_delays d
         WHERE d.relationship_id = NEW.relationship_id AND d.responder_role = 'mentor') x
       WHERE x.k IN ((x.c + 1) / 2, (x.c + 2) / 2))
      ELSE mentor_reply_median END,
    mentee_reply_median = CASE WHEN NEW.responder_role = 'mentee' THEN
      (SELECT CAST(AVG(x.delay) AS INTEGER) FROM (SELECT d.delay, ROW_NUMBER() OVER (ORDER BY d.delay) AS k,
         COUNT(*) OVER () AS c FROM reply_delays d
         WHERE d.relationship_id = NEW.relationship_id AND d.responder_role = 'mentee') x
       WHERE x.k IN ((x.c + 1) / 2, (x.c + 2) / 2))
      ELSE mentee_reply_median END
  WHERE relationship_id = NEW.relationship_id;
END;

-- Hours of mentoring: the minutes of the meetings held.
CREATE TRIGGER health_meeting_held_insert AFTER INSERT ON meetings WHEN NEW.status = 'held' BEGIN
  UPDATE health_activity SET held_minutes = held_minutes + NEW.duration_min
  WHERE relationship_id = NEW.relationship_id;
END;

CREATE TRIGGER health_meeting_held_update AFTER UPDATE OF status, duration_min ON meetings
WHEN OLD.status = 'held' OR NEW.status = 'held' BEGIN
  UPDATE health_activity SET held_minutes = held_minutes
    - CASE WHEN OLD.status = 'held' THEN OLD.duration_min ELSE 0 END
    + CASE WHEN NEW.status = 'held' THEN NEW.duration_min ELSE 0 END
  WHERE relationship_id = NEW.relationship_id;
END;

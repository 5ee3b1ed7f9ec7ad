-- PostgreSQL's twin of sqlite/0004_health.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Program health: the thresholds of the missteps detector per program, and
-- rollups that trigger functions keep current so that a program's dashboard
-- reads one row per relationship instead of a year of meetings, messages and
-- feedback. The rollups hold counts and dates only, never anything people
-- wrote (feedback tags are kept lower-cased to find repeats, and never
-- shown). Every rollup can be rebuilt from the base tables: the backfill at
-- the end of this file is that rebuild.
--
-- Concurrency: a trigger that adds to a count (x = x + 1) is right however
-- transactions interleave. One that recounts from the base tables first
-- locks the relationship's rollup row, so that under READ COMMITTED its
-- recount (a new statement, a new snapshot) sees every change committed
-- before it; under SERIALIZABLE, the isolation of the services, a
-- concurrent change to the same row ends one of the two transactions with a
-- serialization failure and it runs again.

CREATE TABLE health_settings (
  program_id         BIGINT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  quiet_factor       DOUBLE PRECISION NOT NULL CHECK (quiet_factor BETWEEN 1 AND 10),
  schedule_min       INTEGER NOT NULL CHECK (schedule_min BETWEEN 1 AND 100),
  credit_min         INTEGER NOT NULL CHECK (credit_min BETWEEN 1 AND 100),
  pushed_min         INTEGER NOT NULL CHECK (pushed_min BETWEEN 1 AND 100),
  repeat_min         INTEGER NOT NULL CHECK (repeat_min BETWEEN 2 AND 20),
  agenda_balance     DOUBLE PRECISION NOT NULL CHECK (agenda_balance BETWEEN 0.55 AND 1),
  engagement_min     INTEGER NOT NULL CHECK (engagement_min BETWEEN 1 AND 1000),
  overdue_grace_days INTEGER NOT NULL CHECK (overdue_grace_days BETWEEN 0 AND 365),
  at_risk_below      INTEGER NOT NULL CHECK (at_risk_below BETWEEN 1 AND 100),
  updated_by         BIGINT REFERENCES users(id),
  updated_at         BIGINT NOT NULL
);

-- One row per relationship. Counts of meetings leave out cancelled ones;
-- "by_mentor"/"by_mentee" count who created a meeting or an agenda item.
-- The primary key leads with the program, so scoring a program reads one
-- range of it; the triggers find a row through health_activity_rel.
CREATE TABLE health_activity (
  program_id                  BIGINT NOT NULL,
  relationship_id             BIGINT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  mentor_id                   BIGINT NOT NULL,
  mentee_id                   BIGINT NOT NULL,
  phase                       TEXT NOT NULL,
  started_at                  BIGINT NOT NULL,
  cadence_days                INTEGER,            -- the agreement's; NULL: the program's
  last_message_at             BIGINT NOT NULL DEFAULT 0,
  last_meeting_at             BIGINT NOT NULL DEFAULT 0, -- latest start, may lie ahead
  meetings                    INTEGER NOT NULL DEFAULT 0,
  meetings_held               INTEGER NOT NULL DEFAULT 0,
  meetings_by_mentor          INTEGER NOT NULL DEFAULT 0,
  meetings_by_mentee          INTEGER NOT NULL DEFAULT 0,
  agenda_by_mentor            INTEGER NOT NULL DEFAULT 0,
  agenda_by_mentee            INTEGER NOT NULL DEFAULT 0,
  outside_mentee_hours        INTEGER NOT NULL DEFAULT 0,
  mentor_reschedules          INTEGER NOT NULL DEFAULT 0,
  ideas_credit_moved          INTEGER NOT NULL DEFAULT 0,
  mentor_wins_on_mentee_ideas INTEGER NOT NULL DEFAULT 0,
  unlinked_mentee_actions     INTEGER NOT NULL DEFAULT 0,
  goals                       INTEGER NOT NULL DEFAULT 0,
  goals_active                INTEGER NOT NULL DEFAULT 0,
  goals_achieved              INTEGER NOT NULL DEFAULT 0,
  goals_dropped               INTEGER NOT NULL DEFAULT 0,
  first_active_due_on         TEXT,
  progress_goals              INTEGER NOT NULL DEFAULT 0, -- goals with a target and progress
  progress_pct_sum            DOUBLE PRECISION NOT NULL DEFAULT 0, -- their % of the way to target, summed
  ratings                     INTEGER NOT NULL DEFAULT 0,
  rating_sum                  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, relationship_id)
);
CREATE UNIQUE INDEX health_activity_rel ON health_activity(relationship_id);

-- Feedback tags per relationship and receiver: how often, since when, and
-- when a corrective action item (owned by the receiver, created after the
-- first occurrence, not dropped) appeared.
CREATE TABLE health_tags (
  relationship_id BIGINT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  program_id      BIGINT NOT NULL,
  to_id           BIGINT NOT NULL,
  tag             TEXT NOT NULL,
  n               INTEGER NOT NULL,
  first_at        BIGINT NOT NULL,
  corrected_at    BIGINT,
  PRIMARY KEY (relationship_id, to_id, tag)
);
CREATE INDEX health_tags_open ON health_tags(program_id, relationship_id, to_id, n, corrected_at)
  WHERE corrected_at IS NULL;

-- Meetings (not cancelled) per program and calendar month of their start.
CREATE TABLE health_months (
  program_id BIGINT NOT NULL,
  month      TEXT NOT NULL, -- YYYY-MM
  meetings   INTEGER NOT NULL,
  PRIMARY KEY (program_id, month)
);

-- The calendar month (UTC) of a time in seconds, as SQLite's
-- strftime('%Y-%m', t, 'unixepoch').
CREATE FUNCTION health_month(t BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(to_timestamp(t) AT TIME ZONE 'UTC', 'YYYY-MM')
$$;

-- Locks a relationship's rollup row before a recount (see the top).
CREATE FUNCTION health_lock(rel BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM health_activity WHERE relationship_id = rel FOR UPDATE;
END $$;

-- ---- relationships and agreements ----

CREATE FUNCTION health_rel_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO health_activity (relationship_id, program_id, mentor_id, mentee_id, phase, started_at)
  VALUES (NEW.id, NEW.program_id, NEW.mentor_id, NEW.mentee_id, NEW.phase, NEW.created_at);
  RETURN NULL;
END $$;
CREATE TRIGGER health_rel_insert AFTER INSERT ON relationships
  FOR EACH ROW EXECUTE FUNCTION health_rel_insert();

CREATE FUNCTION health_rel_phase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET phase = NEW.phase WHERE relationship_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_rel_phase AFTER UPDATE OF phase ON relationships
  FOR EACH ROW EXECUTE FUNCTION health_rel_phase();

CREATE FUNCTION health_agreement_cadence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET cadence_days = NEW.cadence_days WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_agreement_insert AFTER INSERT ON agreements
  FOR EACH ROW EXECUTE FUNCTION health_agreement_cadence();
CREATE TRIGGER health_agreement_update AFTER UPDATE OF cadence_days ON agreements
  FOR EACH ROW EXECUTE FUNCTION health_agreement_cadence();

-- ---- meetings, agendas, reschedules, messages ----

CREATE FUNCTION health_meeting_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET
    meetings = meetings + (NEW.status <> 'cancelled')::int,
    meetings_held = meetings_held + (NEW.status = 'held')::int,
    meetings_by_mentor = meetings_by_mentor + (NEW.created_by = mentor_id)::int,
    meetings_by_mentee = meetings_by_mentee + (NEW.created_by = mentee_id)::int,
    outside_mentee_hours = outside_mentee_hours + (NEW.in_mentee_hours = 0 AND NEW.status <> 'cancelled')::int,
    last_meeting_at = CASE WHEN NEW.status <> 'cancelled' AND NEW.starts_at > last_meeting_at
                           THEN NEW.starts_at ELSE last_meeting_at END
  WHERE relationship_id = NEW.relationship_id;
  INSERT INTO health_months AS hm (program_id, month, meetings)
    SELECT program_id, health_month(NEW.starts_at), 1 FROM health_activity
    WHERE relationship_id = NEW.relationship_id AND NEW.status <> 'cancelled'
    ON CONFLICT (program_id, month) DO UPDATE SET meetings = hm.meetings + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER health_meeting_insert AFTER INSERT ON meetings
  FOR EACH ROW EXECUTE FUNCTION health_meeting_insert();

-- A moved, held or cancelled meeting: recount that relationship's meetings.
CREATE FUNCTION health_meeting_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM health_lock(NEW.relationship_id);
  UPDATE health_activity SET
    meetings = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = NEW.relationship_id
                AND m.status <> 'cancelled'),
    meetings_held = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = NEW.relationship_id
                     AND m.status = 'held'),
    outside_mentee_hours = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = NEW.relationship_id
                            AND m.status <> 'cancelled' AND m.in_mentee_hours = 0),
    last_meeting_at = (SELECT COALESCE(MAX(m.starts_at), 0) FROM meetings m
                       WHERE m.relationship_id = NEW.relationship_id AND m.status <> 'cancelled')
  WHERE relationship_id = NEW.relationship_id;
  UPDATE health_months SET meetings = meetings - 1
  WHERE OLD.status <> 'cancelled' AND month = health_month(OLD.starts_at)
    AND program_id = (SELECT program_id FROM health_activity WHERE relationship_id = OLD.relationship_id);
  INSERT INTO health_months AS hm (program_id, month, meetings)
    SELECT program_id, health_month(NEW.starts_at), 1 FROM health_activity
    WHERE relationship_id = NEW.relationship_id AND NEW.status <> 'cancelled'
    ON CONFLICT (program_id, month) DO UPDATE SET meetings = hm.meetings + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER health_meeting_update AFTER UPDATE OF starts_at, status, in_mentee_hours ON meetings
  FOR EACH ROW EXECUTE FUNCTION health_meeting_update();

CREATE FUNCTION health_agenda_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET
    agenda_by_mentor = agenda_by_mentor + (NEW.author_id = mentor_id)::int,
    agenda_by_mentee = agenda_by_mentee + (NEW.author_id = mentee_id)::int
  WHERE relationship_id = (SELECT relationship_id FROM meetings WHERE id = NEW.meeting_id);
  RETURN NULL;
END $$;
CREATE TRIGGER health_agenda_insert AFTER INSERT ON agenda_items
  FOR EACH ROW EXECUTE FUNCTION health_agenda_insert();

CREATE FUNCTION health_reschedule_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET mentor_reschedules = mentor_reschedules + (NEW.requested_by = mentor_id)::int
  WHERE relationship_id = (SELECT relationship_id FROM meetings WHERE id = NEW.meeting_id);
  RETURN NULL;
END $$;
CREATE TRIGGER health_reschedule_insert AFTER INSERT ON meeting_reschedules
  FOR EACH ROW EXECUTE FUNCTION health_reschedule_insert();

CREATE FUNCTION health_message_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET last_message_at = GREATEST(last_message_at, NEW.created_at)
  WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_message_insert AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION health_message_insert();

-- ---- feedback: ratings and recurring tags ----

-- Tags are stored comma-joined and cannot contain commas.
CREATE FUNCTION health_feedback_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET ratings = ratings + 1, rating_sum = rating_sum + NEW.rating
  WHERE relationship_id = (SELECT relationship_id FROM meetings WHERE id = NEW.meeting_id);
  INSERT INTO health_tags AS ht (relationship_id, program_id, to_id, tag, n, first_at)
    SELECT DISTINCT h.relationship_id, h.program_id, NEW.to_id, lower(trim(j.value)), 1, NEW.created_at
    FROM health_activity h, unnest(string_to_array(NEW.tags, ',')) AS j(value)
    WHERE h.relationship_id = (SELECT relationship_id FROM meetings WHERE id = NEW.meeting_id)
      AND trim(j.value) <> ''
    ON CONFLICT (relationship_id, to_id, tag) DO UPDATE SET n = ht.n + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER health_feedback_insert AFTER INSERT ON feedback
  FOR EACH ROW EXECUTE FUNCTION health_feedback_insert();

-- ---- the cooperation board ----

-- A new action item owned by someone corrects every tag that person has
-- already received (those rows were written before it), and may be one of
-- the mentee's items linked to no goal.
CREATE FUNCTION health_action_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET unlinked_mentee_actions = unlinked_mentee_actions +
    (NEW.owner_id = mentee_id AND NEW.goal_id IS NULL AND NEW.status <> 'dropped')::int
  WHERE relationship_id = NEW.relationship_id;
  UPDATE health_tags SET corrected_at = NEW.created_at
  WHERE relationship_id = NEW.relationship_id AND to_id = NEW.owner_id AND corrected_at IS NULL
    AND NEW.status <> 'dropped';
  RETURN NULL;
END $$;
CREATE TRIGGER health_action_insert AFTER INSERT ON actions
  FOR EACH ROW EXECUTE FUNCTION health_action_insert();

CREATE FUNCTION health_action_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM health_lock(NEW.relationship_id);
  UPDATE health_activity SET unlinked_mentee_actions = (SELECT COUNT(*) FROM actions a
    WHERE a.relationship_id = NEW.relationship_id AND a.owner_id = health_activity.mentee_id
      AND a.goal_id IS NULL AND a.status <> 'dropped')
  WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_action_update AFTER UPDATE OF owner_id, goal_id, status ON actions
  FOR EACH ROW EXECUTE FUNCTION health_action_update();

CREATE FUNCTION health_action_recorrect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM health_lock(NEW.relationship_id);
  UPDATE health_tags SET corrected_at = (SELECT MIN(a.created_at) FROM actions a
    WHERE a.relationship_id = health_tags.relationship_id AND a.owner_id = health_tags.to_id
      AND a.status <> 'dropped' AND a.created_at >= health_tags.first_at)
  WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_action_recorrect AFTER UPDATE OF owner_id, status ON actions
  FOR EACH ROW WHEN (OLD.owner_id <> NEW.owner_id OR OLD.status <> NEW.status)
  EXECUTE FUNCTION health_action_recorrect();

CREATE FUNCTION health_idea_credit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rel BIGINT := (SELECT relationship_id FROM concerns WHERE id = NEW.concern_id);
BEGIN
  PERFORM health_lock(rel);
  UPDATE health_activity SET ideas_credit_moved = (SELECT COUNT(*) FROM ideas i
    JOIN concerns c ON c.id = i.concern_id
    WHERE c.relationship_id = health_activity.relationship_id
      AND i.author_id = health_activity.mentee_id AND i.credited_to <> i.author_id)
  WHERE relationship_id = rel;
  RETURN NULL;
END $$;
CREATE TRIGGER health_idea_credit AFTER UPDATE OF credited_to ON ideas
  FOR EACH ROW EXECUTE FUNCTION health_idea_credit();

CREATE FUNCTION health_win_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET mentor_wins_on_mentee_ideas = mentor_wins_on_mentee_ideas +
    (NEW.author_id = mentor_id AND (SELECT author_id FROM ideas WHERE id = NEW.idea_id) = mentee_id)::int
  WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_win_insert AFTER INSERT ON wins
  FOR EACH ROW WHEN (NEW.idea_id IS NOT NULL) EXECUTE FUNCTION health_win_insert();

-- ---- goals and progress toward their targets ----

-- Progress of a goal: how far its latest recorded value has come from the
-- baseline toward the target, 0-100 %. Recomputed for the one relationship
-- whenever one of its goals or their progress changes.
CREATE FUNCTION health_progress(rel BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET
    progress_goals = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = rel
      AND g.status <> 'dropped' AND g.target IS NOT NULL AND g.baseline IS NOT NULL
      AND g.target <> g.baseline AND EXISTS (SELECT 1 FROM goal_progress p WHERE p.goal_id = g.id)),
    progress_pct_sum = (SELECT COALESCE(SUM(LEAST(100.0, GREATEST(0.0,
        ((SELECT p.value FROM goal_progress p WHERE p.goal_id = g.id ORDER BY p.at DESC, p.id DESC LIMIT 1)
         - g.baseline) * 100.0 / (g.target - g.baseline)))), 0)
      FROM goals g WHERE g.relationship_id = rel
      AND g.status <> 'dropped' AND g.target IS NOT NULL AND g.baseline IS NOT NULL
      AND g.target <> g.baseline AND EXISTS (SELECT 1 FROM goal_progress p WHERE p.goal_id = g.id))
  WHERE relationship_id = rel;
END $$;

CREATE FUNCTION health_goal_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE health_activity SET
    goals = goals + 1,
    goals_active = goals_active + (NEW.status = 'active')::int,
    goals_achieved = goals_achieved + (NEW.status = 'achieved')::int,
    goals_dropped = goals_dropped + (NEW.status = 'dropped')::int,
    first_active_due_on = CASE WHEN NEW.status = 'active' AND NEW.due_on IS NOT NULL
      AND (first_active_due_on IS NULL OR NEW.due_on < first_active_due_on)
      THEN NEW.due_on ELSE first_active_due_on END
  WHERE relationship_id = NEW.relationship_id;
  RETURN NULL;
END $$;
CREATE TRIGGER health_goal_insert AFTER INSERT ON goals
  FOR EACH ROW EXECUTE FUNCTION health_goal_insert();

CREATE FUNCTION health_goal_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM health_lock(NEW.relationship_id);
  UPDATE health_activity SET
    goals_active = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = NEW.relationship_id
                    AND g.status = 'active'),
    goals_achieved = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = NEW.relationship_id
                      AND g.status = 'achieved'),
    goals_dropped = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = NEW.relationship_id
                     AND g.status = 'dropped'),
    first_active_due_on = (SELECT MIN(g.due_on) FROM goals g WHERE g.relationship_id = NEW.relationship_id
                           AND g.status = 'active')
  WHERE relationship_id = NEW.relationship_id;
  PERFORM health_progress(NEW.relationship_id);
  RETURN NULL;
END $$;
CREATE TRIGGER health_goal_update AFTER UPDATE OF status, due_on, baseline, target ON goals
  FOR EACH ROW EXECUTE FUNCTION health_goal_update();

CREATE FUNCTION health_progress_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rel BIGINT := (SELECT relationship_id FROM goals WHERE id = NEW.goal_id);
BEGIN
  PERFORM health_lock(rel);
  PERFORM health_progress(rel);
  RETURN NULL;
END $$;
CREATE TRIGGER health_progress_insert AFTER INSERT ON goal_progress
  FOR EACH ROW EXECUTE FUNCTION health_progress_insert();

-- ---- backfill: the rollups of the data already there ----

INSERT INTO health_activity (relationship_id, program_id, mentor_id, mentee_id, phase, started_at,
  cadence_days)
SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.created_at,
  (SELECT a.cadence_days FROM agreements a WHERE a.relationship_id = r.id)
FROM relationships r;

UPDATE health_activity SET
  last_message_at = (SELECT COALESCE(MAX(created_at), 0) FROM messages m
                     WHERE m.relationship_id = health_activity.relationship_id),
  last_meeting_at = (SELECT COALESCE(MAX(starts_at), 0) FROM meetings m
                     WHERE m.relationship_id = health_activity.relationship_id AND m.status <> 'cancelled'),
  meetings = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = health_activity.relationship_id
              AND m.status <> 'cancelled'),
  meetings_held = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = health_activity.relationship_id
                   AND m.status = 'held'),
  meetings_by_mentor = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = health_activity.relationship_id
                        AND m.created_by = health_activity.mentor_id),
  meetings_by_mentee = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = health_activity.relationship_id
                        AND m.created_by = health_activity.mentee_id),
  outside_mentee_hours = (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = health_activity.relationship_id
                          AND m.status <> 'cancelled' AND m.in_mentee_hours = 0),
  agenda_by_mentor = (SELECT COUNT(*) FROM agenda_items ai JOIN meetings m ON m.id = ai.meeting_id
                      WHERE m.relationship_id = health_activity.relationship_id
                      AND ai.author_id = health_activity.mentor_id),
  agenda_by_mentee = (SELECT COUNT(*) FROM agenda_items ai JOIN meetings m ON m.id = ai.meeting_id
                      WHERE m.relationship_id = health_activity.relationship_id
                      AND ai.author_id = health_activity.mentee_id),
  mentor_reschedules = (SELECT COUNT(*) FROM meeting_reschedules x JOIN meetings m ON m.id = x.meeting_id
                        WHERE m.relationship_id = health_activity.relationship_id
                        AND x.requested_by = health_activity.mentor_id),
  ideas_credit_moved = (SELECT COUNT(*) FROM ideas i JOIN concerns c ON c.id = i.concern_id
                        WHERE c.relationship_id = health_activity.relationship_id
                        AND i.author_id = health_activity.mentee_id AND i.credited_to <> i.author_id),
  mentor_wins_on_mentee_ideas = (SELECT COUNT(*) FROM wins w JOIN ideas i ON i.id = w.idea_id
                                 WHERE w.relationship_id = health_activity.relationship_id
                                 AND w.author_id = health_activity.mentor_id
                                 AND i.author_id = health_activity.mentee_id),
  unlinked_mentee_actions = (SELECT COUNT(*) FROM actions a WHERE a.relationship_id = health_activity.relationship_id
                             AND a.owner_id = health_activity.mentee_id AND a.goal_id IS NULL
                             AND a.status <> 'dropped'),
  ratings = (SELECT COUNT(*) FROM feedback f JOIN meetings m ON m.id = f.meeting_id
             WHERE m.relationship_id = health_activity.relationship_id),
  rating_sum = (SELECT COALESCE(SUM(f.rating), 0) FROM feedback f JOIN meetings m ON m.id = f.meeting_id
                WHERE m.relationship_id = health_activity.relationship_id);

UPDATE health_activity SET
  goals = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = health_activity.relationship_id),
  goals_active = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = health_activity.relationship_id
                  AND g.status = 'active'),
  goals_achieved = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = health_activity.relationship_id
                    AND g.status = 'achieved'),
  goals_dropped = (SELECT COUNT(*) FROM goals g WHERE g.relationship_id = health_activity.relationship_id
                   AND g.status = 'dropped'),
  first_active_due_on = (SELECT MIN(g.due_on) FROM goals g
                         WHERE g.relationship_id = health_activity.relationship_id AND g.status = 'active');
SELECT health_progress(relationship_id) FROM health_activity;

INSERT INTO health_tags (relationship_id, program_id, to_id, tag, n, first_at)
SELECT h.relationship_id, h.program_id, f.to_id, lower(trim(j.value)), COUNT(DISTINCT f.id), MIN(f.created_at)
FROM feedback f JOIN meetings m ON m.id = f.meeting_id
JOIN health_activity h ON h.relationship_id = m.relationship_id,
unnest(string_to_array(f.tags, ',')) AS j(value)
WHERE trim(j.value) <> ''
GROUP BY h.relationship_id, h.program_id, f.to_id, lower(trim(j.value));

UPDATE health_tags SET corrected_at = (SELECT MIN(a.created_at) FROM actions a
  WHERE a.relationship_id = health_tags.relationship_id AND a.owner_id = health_tags.to_id
    AND a.status <> 'dropped' AND a.created_at >= health_tags.first_at);

INSERT INTO health_months (program_id, month, meetings)
SELECT r.program_id, health_month(m.starts_at), COUNT(*)
FROM meetings m JOIN relationships r ON r.id = m.relationship_id
WHERE m.status <> 'cancelled'
GROUP BY r.program_id, health_month(m.starts_at);

-- Finding a relationship's latest meeting that has started (for "gone
-- quiet" when the rollup's latest meeting still lies ahead) is one seek.
CREATE INDEX health_meetings_live ON meetings(relationship_id, starts_at) WHERE status <> 'cancelled';

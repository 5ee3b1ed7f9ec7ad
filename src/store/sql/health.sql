-- Program health: the detector's thresholds per program, the rollups that
-- migration 0004's triggers keep (one row per relationship), the evidence
-- behind a flag, and the program-wide figures of the dashboard and reports.
-- Counts, dates and ids only: nothing here reads what people wrote.
--
-- Batches. Statements whose first parameter is `ids` take the relationships
-- of one page at once, as a JSON array of ids ("[3,7,12]"), bound like any
-- value and unpacked by json_each, so a page costs one query per statement
-- instead of one per relationship. The statements a page runs on every
-- request start from json_each and look each id up (CROSS JOIN keeps that
-- order): `IN (SELECT value FROM json_each($1))` builds a temporary index
-- of the ids first, which cost more than the lookups. The ids are unique.
-- PostgreSQL has no json_each over text: their PostgreSQL texts (after
-- `-- postgres:`) keep the IN form, with the subquery `SELECT CAST(value AS
-- BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))`. Evidence is
-- the latest ten records per relationship: ROW_NUMBER() windows over the
-- batch.

-- row health_settings: quiet_factor real, schedule_min int, credit_min int, pushed_min int,
--   repeat_min int, agenda_balance real, engagement_min int, overdue_grace_days int, at_risk_below int,
--   slow_reply_hours int

-- name: health_settings_get (program_id int) -> one health_settings
SELECT quiet_factor, schedule_min, credit_min, pushed_min, repeat_min, agenda_balance,
       engagement_min, overdue_grace_days, at_risk_below, slow_reply_hours
FROM health_settings WHERE program_id = $1;

-- name: health_settings_put (program_id int, quiet_factor real, schedule_min int, credit_min int, pushed_min int, repeat_min int, agenda_balance real, engagement_min int, overdue_grace_days int, at_risk_below int, updated_by int?, now int, slow_reply_hours int)
INSERT INTO health_settings (program_id, quiet_factor, schedule_min, credit_min, pushed_min,
                             repeat_min, agenda_balance, engagement_min, overdue_grace_days,
                             at_risk_below, updated_by, updated_at, slow_reply_hours)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (program_id) DO UPDATE SET quiet_factor = excluded.quiet_factor,
       schedule_min = excluded.schedule_min, credit_min = excluded.credit_min,
       pushed_min = excluded.pushed_min, repeat_min = excluded.repeat_min,
       agenda_balance = excluded.agenda_balance, engagement_min = excluded.engagement_min,
       overdue_grace_days = excluded.overdue_grace_days, at_risk_below = excluded.at_risk_below,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at,
       slow_reply_hours = excluded.slow_reply_hours;

-- row health_activity: relationship_id int, mentor_id int, mentee_id int, phase text,
--   cadence_days int, started_at int, last_message_at int, last_meeting_at int, meetings int,
--   meetings_held int, meetings_by_mentor int, meetings_by_mentee int, agenda_by_mentor int,
--   agenda_by_mentee int, outside_mentee_hours int, mentor_reschedules int,
--   ideas_credit_moved int, mentor_wins_on_mentee_ideas int, unlinked_mentee_actions int,
--   goals int, goals_active int, goals_achieved int, goals_dropped int,
--   first_active_due_on text?, progress_goals int, progress_pct_sum real, ratings int,
--   rating_sum int, held_minutes int, mentor_replies int, mentor_reply_median int?,
--   mentee_replies int, mentee_reply_median int?
-- row health_tag: relationship_id int, to_id int, tag text, n int

-- name: health_rows_of_program (program_id int) -> many health_activity
-- Every relationship of a program, by id: one contiguous range of the
-- clustered table (read by store_health.c's own row reader: a program may
-- have tens of thousands).
SELECT h.relationship_id, h.mentor_id, h.mentee_id, h.phase, COALESCE(h.cadence_days, 0),
       h.started_at, h.last_message_at, h.last_meeting_at, h.meetings, h.meetings_held,
       h.meetings_by_mentor, h.meetings_by_mentee, h.agenda_by_mentor, h.agenda_by_mentee,
       h.outside_mentee_hours, h.mentor_reschedules, h.ideas_credit_moved,
       h.mentor_wins_on_mentee_ideas, h.unlinked_mentee_actions, h.goals, h.goals_active,
       h.goals_achieved, h.goals_dropped, h.first_active_due_on, h.progress_goals,
       h.progress_pct_sum, h.ratings, h.rating_sum, h.held_minutes, h.mentor_replies,
       h.mentor_reply_median, h.mentee_replies, h.mentee_reply_median
FROM health_activity h WHERE h.program_id = $1 ORDER BY h.relationship_id;

-- name: health_rows_of (ids text) -> many health_activity
-- The rollups of a batch of relationships.
SELECT h.relationship_id, h.mentor_id, h.mentee_id, h.phase, COALESCE(h.cadence_days, 0),
       h.started_at, h.last_message_at, h.last_meeting_at, h.meetings, h.meetings_held,
       h.meetings_by_mentor, h.meetings_by_mentee, h.agenda_by_mentor, h.agenda_by_mentee,
       h.outside_mentee_hours, h.mentor_reschedules, h.ideas_credit_moved,
       h.mentor_wins_on_mentee_ideas, h.unlinked_mentee_actions, h.goals, h.goals_active,
       h.goals_achieved, h.goals_dropped, h.first_active_due_on, h.progress_goals,
       h.progress_pct_sum, h.ratings, h.rating_sum, h.held_minutes, h.mentor_replies,
       h.mentor_reply_median, h.mentee_replies, h.mentee_reply_median
FROM json_each($1) j CROSS JOIN health_activity h ON h.relationship_id = j.value;
-- postgres:
SELECT h.relationship_id, h.mentor_id, h.mentee_id, h.phase, COALESCE(h.cadence_days, 0),
       h.started_at, h.last_message_at, h.last_meeting_at, h.meetings, h.meetings_held,
       h.meetings_by_mentor, h.meetings_by_mentee, h.agenda_by_mentor, h.agenda_by_mentee,
       h.outside_mentee_hours, h.mentor_reschedules, h.ideas_credit_moved,
       h.mentor_wins_on_mentee_ideas, h.unlinked_mentee_actions, h.goals, h.goals_active,
       h.goals_achieved, h.goals_dropped, h.first_active_due_on, h.progress_goals,
       h.progress_pct_sum, h.ratings, h.rating_sum, h.held_minutes, h.mentor_replies,
       h.mentor_reply_median, h.mentee_replies, h.mentee_reply_median
FROM health_activity h WHERE h.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON)));

-- name: health_tags_of_program (program_id int, repeat_min int) -> many health_tag
-- The program's open repeated feedback tags (uncorrected, recurring at
-- least repeat_min times).
SELECT relationship_id, to_id, tag, n FROM health_tags
WHERE program_id = $1 AND corrected_at IS NULL AND n >= $2;

-- name: health_tags_of (ids text, repeat_min int) -> many health_tag
-- The open repeated tags of a batch, most recurring first.
SELECT t.relationship_id, t.to_id, t.tag, t.n FROM json_each($1) j CROSS JOIN health_tags t
ON t.relationship_id = j.value
WHERE t.corrected_at IS NULL AND t.n >= $2
ORDER BY t.relationship_id, t.n DESC, t.tag;
-- postgres:
SELECT relationship_id, to_id, tag, n FROM health_tags
WHERE relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND corrected_at IS NULL AND n >= $2
ORDER BY relationship_id, n DESC, tag;

-- row health_started: relationship_id int, starts_at int, meeting_id int

-- name: health_last_started_of (ids text, now int) -> many health_started
-- For each relationship of a batch with a meeting (not cancelled) that has
-- started by now: the latest start, and the meeting that started then (the
-- highest id of a tie). The rollup knows the latest meeting, which may lie
-- ahead; this is the latest contact a meeting made.
SELECT j.value, m.starts_at, m.id
FROM json_each($1) j CROSS JOIN meetings m
ON m.id = (SELECT x.id FROM meetings x
           WHERE x.relationship_id = j.value AND x.status <> 'cancelled' AND x.starts_at <= $2
           ORDER BY x.starts_at DESC, x.id DESC LIMIT 1);
-- postgres:
SELECT t.rel, t.at,
       (SELECT MAX(m.id) FROM meetings m
        WHERE m.relationship_id = t.rel AND m.status <> 'cancelled' AND m.starts_at = t.at)
FROM (SELECT x.relationship_id AS rel, MAX(x.starts_at) AS at FROM meetings x
      WHERE x.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND x.status <> 'cancelled'
        AND x.starts_at <= $2
      GROUP BY x.relationship_id) t;

-- row health_ev: relationship_id int, id int, parent int
-- row health_ev_goal: relationship_id int, id int, due_on text
-- row health_ev_feedback: relationship_id int, id int, meeting_id int, to_id int, tags text

-- name: health_ev_outside_hours (ids text) -> many health_ev
-- schedule_imposed: meetings set outside the mentee's availability.
SELECT e.rel, e.id, e.rel FROM (
  SELECT m.relationship_id AS rel, m.id AS id,
         ROW_NUMBER() OVER (PARTITION BY m.relationship_id ORDER BY m.starts_at DESC, m.id DESC) AS k
  FROM meetings m
  WHERE m.relationship_id IN (SELECT value FROM json_each($1)) AND m.status <> 'cancelled'
    AND m.in_mentee_hours = 0) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.rel FROM (
  SELECT m.relationship_id AS rel, m.id AS id,
         ROW_NUMBER() OVER (PARTITION BY m.relationship_id ORDER BY m.starts_at DESC, m.id DESC) AS k
  FROM meetings m
  WHERE m.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND m.status <> 'cancelled'
    AND m.in_mentee_hours = 0) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_reschedules (ids text) -> many health_ev
-- schedule_imposed: reschedules the mentor asked for (parent: the meeting).
SELECT e.rel, e.id, e.meeting_id FROM (
  SELECT m.relationship_id AS rel, x.id AS id, x.meeting_id AS meeting_id,
         ROW_NUMBER() OVER (PARTITION BY m.relationship_id ORDER BY x.at DESC, x.id DESC) AS k
  FROM meetings m
  JOIN relationships r ON r.id = m.relationship_id
  JOIN meeting_reschedules x ON x.meeting_id = m.id
  WHERE m.relationship_id IN (SELECT value FROM json_each($1)) AND x.requested_by = r.mentor_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.meeting_id FROM (
  SELECT m.relationship_id AS rel, x.id AS id, x.meeting_id AS meeting_id,
         ROW_NUMBER() OVER (PARTITION BY m.relationship_id ORDER BY x.at DESC, x.id DESC) AS k
  FROM meetings m
  JOIN relationships r ON r.id = m.relationship_id
  JOIN meeting_reschedules x ON x.meeting_id = m.id
  WHERE m.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND x.requested_by = r.mentor_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_ideas (ids text) -> many health_ev
-- credit_taken: the mentee's ideas credited to someone else (parent: the concern).
SELECT e.rel, e.id, e.concern_id FROM (
  SELECT c.relationship_id AS rel, i.id AS id, i.concern_id AS concern_id,
         ROW_NUMBER() OVER (PARTITION BY c.relationship_id ORDER BY i.id DESC) AS k
  FROM concerns c
  JOIN relationships r ON r.id = c.relationship_id
  JOIN ideas i ON i.concern_id = c.id
  WHERE c.relationship_id IN (SELECT value FROM json_each($1)) AND i.author_id = r.mentee_id
    AND i.credited_to <> i.author_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.concern_id FROM (
  SELECT c.relationship_id AS rel, i.id AS id, i.concern_id AS concern_id,
         ROW_NUMBER() OVER (PARTITION BY c.relationship_id ORDER BY i.id DESC) AS k
  FROM concerns c
  JOIN relationships r ON r.id = c.relationship_id
  JOIN ideas i ON i.concern_id = c.id
  WHERE c.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND i.author_id = r.mentee_id
    AND i.credited_to <> i.author_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_wins (ids text) -> many health_ev
-- credit_taken: the mentor's wins built on the mentee's ideas.
SELECT e.rel, e.id, e.rel FROM (
  SELECT w.relationship_id AS rel, w.id AS id,
         ROW_NUMBER() OVER (PARTITION BY w.relationship_id ORDER BY w.id DESC) AS k
  FROM wins w
  JOIN relationships r ON r.id = w.relationship_id
  JOIN ideas i ON i.id = w.idea_id
  WHERE w.relationship_id IN (SELECT value FROM json_each($1)) AND w.author_id = r.mentor_id
    AND i.author_id = r.mentee_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.rel FROM (
  SELECT w.relationship_id AS rel, w.id AS id,
         ROW_NUMBER() OVER (PARTITION BY w.relationship_id ORDER BY w.id DESC) AS k
  FROM wins w
  JOIN relationships r ON r.id = w.relationship_id
  JOIN ideas i ON i.id = w.idea_id
  WHERE w.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND w.author_id = r.mentor_id
    AND i.author_id = r.mentee_id) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_pushed (ids text) -> many health_ev
-- projects_pushed: the mentee's action items that serve no goal.
SELECT e.rel, e.id, e.rel FROM (
  SELECT a.relationship_id AS rel, a.id AS id,
         ROW_NUMBER() OVER (PARTITION BY a.relationship_id ORDER BY a.id DESC) AS k
  FROM actions a
  JOIN relationships r ON r.id = a.relationship_id
  WHERE a.relationship_id IN (SELECT value FROM json_each($1)) AND a.owner_id = r.mentee_id
    AND a.goal_id IS NULL AND a.status <> 'dropped') e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.rel FROM (
  SELECT a.relationship_id AS rel, a.id AS id,
         ROW_NUMBER() OVER (PARTITION BY a.relationship_id ORDER BY a.id DESC) AS k
  FROM actions a
  JOIN relationships r ON r.id = a.relationship_id
  WHERE a.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND a.owner_id = r.mentee_id
    AND a.goal_id IS NULL AND a.status <> 'dropped') e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_overdue (ids text, before text) -> many health_ev_goal
-- overdue_goals: active goals due before a date, earliest first. Programs
-- differ in their grace days: the caller passes the latest date of the
-- batch and keeps each relationship's own.
SELECT e.rel, e.id, e.due_on FROM (
  SELECT g.relationship_id AS rel, g.id AS id, g.due_on AS due_on,
         ROW_NUMBER() OVER (PARTITION BY g.relationship_id ORDER BY g.due_on, g.id) AS k
  FROM goals g
  WHERE g.relationship_id IN (SELECT value FROM json_each($1)) AND g.status = 'active'
    AND g.due_on < $2) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;
-- postgres:
SELECT e.rel, e.id, e.due_on FROM (
  SELECT g.relationship_id AS rel, g.id AS id, g.due_on AS due_on,
         ROW_NUMBER() OVER (PARTITION BY g.relationship_id ORDER BY g.due_on, g.id) AS k
  FROM goals g
  WHERE g.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND g.status = 'active'
    AND g.due_on < $2) e
WHERE e.k <= 10 ORDER BY e.rel, e.k;

-- name: health_ev_feedback (ids text) -> many health_ev_feedback
-- repeated_mistakes: feedback carrying tags, oldest first; the caller keeps
-- those with an open repeated tag to the same receiver (tags never leave
-- the store's caller: only the feedback ids are shown).
SELECT m.relationship_id, f.id, f.meeting_id, f.to_id, f.tags
FROM meetings m JOIN feedback f ON f.meeting_id = m.id
WHERE m.relationship_id IN (SELECT value FROM json_each($1)) AND f.tags <> ''
ORDER BY m.relationship_id, f.created_at, f.id;
-- postgres:
SELECT m.relationship_id, f.id, f.meeting_id, f.to_id, f.tags
FROM meetings m JOIN feedback f ON f.meeting_id = m.id
WHERE m.relationship_id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON))) AND f.tags <> ''
ORDER BY m.relationship_id, f.created_at, f.id;

-- row health_month: month text, meetings int
-- row health_closure: satisfaction int, mentor_important int, goals_met int, would_recommend int
-- row health_names: relationship_id int, mentor_name text, mentee_name text

-- name: health_months_of_program (program_id int, from_month text) -> many health_month
-- Meetings (not cancelled) per month of their start, from a month on.
SELECT month, meetings FROM health_months WHERE program_id = $1 AND month >= $2 ORDER BY month;

-- name: health_closures_of_program (program_id int) -> many health_closure
-- The closure surveys of a program's relationships (0: not answered; -1:
-- would_recommend not answered). Only a relationship that one of them has
-- closed has a closure survey, so only those phases are read: the index
-- on (program_id, phase) then skips the relationships still running.
SELECT c.satisfaction, COALESCE(c.mentor_important, 0), COALESCE(c.goals_met, 0),
       COALESCE(c.would_recommend, -1)
FROM relationships r JOIN closures c ON c.relationship_id = r.id
WHERE r.program_id = $1 AND r.phase IN ('closing', 'completed', 'alumni');

-- name: health_names_of_program (program_id int) -> many health_names
-- The two people of every relationship of a program, by id.
SELECT r.id, mu.name, me.name FROM relationships r
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.program_id = $1 ORDER BY r.id;

-- name: health_names_of (ids text) -> many health_names
-- The two people of a batch of relationships.
SELECT r.id, mu.name, me.name FROM json_each($1) j CROSS JOIN relationships r ON r.id = j.value
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id;
-- postgres:
SELECT r.id, mu.name, me.name FROM relationships r
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON)));

-- name: health_awaiting_match (program_id int) -> int
-- The program's mentees (active accounts) without an active relationship in
-- it: the ones a match run or a request still has to serve. Kept with the
-- program by the triggers of migration 0080.
SELECT awaiting_match FROM programs WHERE id = $1;

-- name: health_pending_requests (program_id int) -> int
-- Mentor requests of the program still waiting for the mentor's answer.
SELECT COUNT(*) FROM mentor_requests WHERE program_id = $1 AND status = 'pending';

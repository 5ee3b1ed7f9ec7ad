-- Notifications: per-person settings, the outbox the delivery worker drains
-- (claimed under a lease), the calendar notice last sent per meeting,
-- personal calendar-feed tokens (hashes only), and the read-only queries
-- the job runner uses to find reminders and nudges that are due.

-- row notify_person: id int, email text, name text, active bool, timezone text, mode text,
--   digest_hour int, meetings bool, messages bool, reminders bool, nudges bool, thank_you bool
-- row outbox: id int, user_id int, to_addr text, to_name text, category text, kind text,
--   dedup_key text?, message_id text, subject text, body text, ics text?, ics_method text?,
--   status text, last_error text?, attempts int, next_attempt_at int, lease_until int,
--   created_at int, sent_at int
-- row held_user: user_id int
-- row notify_meeting: id int, relationship_id int, starts_at int, duration_min int, channel text,
--   kind text, rrule text?, status text, sequence int, created_by int, mentor_id int,
--   mentee_id int, mentor_name text, mentor_email text, mentee_name text, mentee_email text,
--   program_name text, mentee_timezone text
-- row notify_due: id int, relationship_id int, owner_id int, mentor_id int, mentee_id int,
--   title text, due_on text
-- row notify_rhythm: id int, mentor_id int, mentee_id int, phase text, cadence_days int,
--   keep_in_touch_days int, created_at int, completed_at int, last_meeting int,
--   last_message int, meetings_ahead int, mentor_voice int, mentee_voice int


-- name: notify_person (user_id int) -> one notify_person
-- A recipient with the time zone of their profile and their settings (the
-- defaults when they never saved any).
SELECT u.id, u.email, u.name, u.active, COALESCE(p.timezone, 'UTC'), COALESCE(s.mode, 'immediate'),
       COALESCE(s.digest_hour, 8), COALESCE(s.meetings, 1), COALESCE(s.messages, 1),
       COALESCE(s.reminders, 1), COALESCE(s.nudges, 1), COALESCE(s.thank_you, 1)
FROM users u LEFT JOIN profiles p ON p.user_id = u.id
LEFT JOIN notification_settings s ON s.user_id = u.id
WHERE u.id = $1;

-- name: notify_settings_put (user_id int, mode text, digest_hour int, meetings bool, messages bool, reminders bool, nudges bool, thank_you bool, now int)
INSERT INTO notification_settings (user_id, mode, digest_hour, meetings, messages, reminders, nudges,
                                   thank_you, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode, digest_hour = excluded.digest_hour,
       meetings = excluded.meetings, messages = excluded.messages, reminders = excluded.reminders,
       nudges = excluded.nudges, thank_you = excluded.thank_you, updated_at = excluded.updated_at;


-- name: outbox_insert (user_id int?, to_addr text, to_name text, category text, kind text, dedup_key text?, message_id text, subject text, body text, ics text?, ics_method text?, status text, next_attempt_at int, created_at int) -> int
-- A row with the same dedup_key already present makes this a no-op (no id).
INSERT INTO outbox (user_id, to_addr, to_name, category, kind, dedup_key, message_id, subject, body,
                    ics, ics_method, status, next_attempt_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (dedup_key) DO NOTHING RETURNING id;

-- name: outbox_key_known (dedup_key text) -> int
-- Whether a mail of this key was queued already: a job pass asks before it
-- builds the mail and opens a write batch (the unique index answers).
SELECT 1 FROM outbox WHERE dedup_key = $1;

-- row outbox_key: dedup_key text

-- name: outbox_keys_known (keys text) -> many outbox_key
-- Which of a batch of keys (a JSON array of strings) were queued already: a
-- job pass asks for a chunk of its items at once (jobs.c, run_items).
SELECT o.dedup_key FROM json_each($1) k CROSS JOIN outbox o ON o.dedup_key = k.value;
-- postgres:
SELECT dedup_key FROM outbox
WHERE dedup_key IN (SELECT value FROM json_array_elements_text(CAST($1 AS JSON)));

-- name: outbox_claim (now int, lease_until int) -> one outbox
-- Claims the oldest due row: pending and due, or sending with an expired
-- lease (its worker died mid-send). On SQLite one writer at a time makes
-- the claim exclusive. On PostgreSQL, where the workers of several servers
-- claim at once (READ COMMITTED), the row is locked with FOR UPDATE SKIP
-- LOCKED: a worker passes over a row another is claiming and takes the
-- next, and one that waited finds the row no longer due.
UPDATE outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1
WHERE id = (SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1)
              OR (status = 'sending' AND lease_until <= $1)
            ORDER BY next_attempt_at, id LIMIT 1)
RETURNING id, COALESCE(user_id, 0), to_addr, to_name, category, kind, dedup_key, message_id, subject,
          body, ics, ics_method, status, last_error, attempts, next_attempt_at,
          COALESCE(lease_until, 0), created_at, COALESCE(sent_at, 0);
-- postgres:
UPDATE outbox SET status = 'sending', lease_until = $2, attempts = attempts + 1
WHERE id = (SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1)
              OR (status = 'sending' AND lease_until <= $1)
            ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING id, COALESCE(user_id, 0), to_addr, to_name, category, kind, dedup_key, message_id, subject,
          body, ics, ics_method, status, last_error, attempts, next_attempt_at,
          COALESCE(lease_until, 0), created_at, COALESCE(sent_at, 0);

-- name: outbox_sent (id int, lease int, at int)
-- A mail carrying a single-use link (an invitation, a password reset) keeps
-- it only until it is delivered: the outbox is no place for a live secret.
UPDATE outbox SET status = 'sent', sent_at = $3, lease_until = NULL, last_error = NULL,
       body = CASE WHEN kind IN ('invitation', 'password_reset')
                   THEN '(the single-use link of this mail was removed from the outbox once it was delivered)'
                   ELSE body END
WHERE id = $1 AND status = 'sending' AND lease_until = $2;

-- name: outbox_retry (id int, lease int, next_attempt_at int, error text)
UPDATE outbox SET status = 'pending', next_attempt_at = $3, lease_until = NULL, last_error = $4
WHERE id = $1 AND status = 'sending' AND lease_until = $2;

-- name: outbox_failed (id int, lease int, error text)
UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $3,
       body = CASE WHEN kind IN ('invitation', 'password_reset')
                   THEN '(the single-use link of this mail was removed from the outbox when delivery failed)'
                   ELSE body END
WHERE id = $1 AND status = 'sending' AND lease_until = $2;

-- name: outbox_get (id int) -> one outbox
SELECT id, COALESCE(user_id, 0), to_addr, to_name, category, kind, dedup_key, message_id, subject,
       body, ics, ics_method, status, last_error, attempts, next_attempt_at, COALESCE(lease_until, 0),
       created_at, COALESCE(sent_at, 0)
FROM outbox WHERE id = $1;

-- name: outbox_held_users () -> many held_user
-- The people with rows held for their daily digest.
SELECT DISTINCT user_id FROM outbox WHERE status = 'held' AND user_id IS NOT NULL ORDER BY user_id;

-- name: outbox_held_list (user_id int, lim int) -> many outbox
SELECT id, COALESCE(user_id, 0), to_addr, to_name, category, kind, dedup_key, message_id, subject,
       body, ics, ics_method, status, last_error, attempts, next_attempt_at, COALESCE(lease_until, 0),
       created_at, COALESCE(sent_at, 0)
FROM outbox WHERE user_id = $1 AND status = 'held' ORDER BY id LIMIT $2;

-- name: outbox_digested (user_id int, upto int, digest_id int)
UPDATE outbox SET status = 'digested', digest_id = $3
WHERE user_id = $1 AND status = 'held' AND id <= $2;

-- name: outbox_count (status text) -> int
SELECT COUNT(*) FROM outbox WHERE status = $1;


-- name: meeting_notice_get (meeting_id int) -> int
-- The SEQUENCE last announced to a meeting's attendees.
SELECT sequence FROM meeting_notices WHERE meeting_id = $1;

-- name: meeting_notice_put (meeting_id int, sequence int, status text, now int)
INSERT INTO meeting_notices (meeting_id, sequence, status, at) VALUES ($1, $2, $3, $4)
ON CONFLICT (meeting_id) DO UPDATE SET sequence = excluded.sequence, status = excluded.status,
       at = excluded.at;


-- name: calendar_token_set (user_id int, token_hash text, now int)
-- One live token per person: a new one replaces the old.
INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,
       created_at = excluded.created_at, last_used_at = NULL;

-- name: calendar_token_delete (user_id int) -> changes
DELETE FROM calendar_tokens WHERE user_id = $1;

-- name: calendar_token_lookup (token_hash text) -> int
-- The owner of a token, while the owner is active.
SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND u.active = 1;

-- name: calendar_token_used (user_id int, now int)
-- Calendar clients poll; a use is noted at hour granularity only.
UPDATE calendar_tokens SET last_used_at = $2
WHERE user_id = $1 AND (last_used_at IS NULL OR last_used_at < $2 - 3600);


-- name: notify_meeting (meeting_id int) -> one notify_meeting
-- A meeting with what an invitation needs to say about it.
SELECT m.id, m.relationship_id, m.starts_at, m.duration_min, m.channel, m.kind, m.rrule, m.status,
       m.sequence, m.created_by, r.mentor_id, r.mentee_id, mu.name, mu.email, me.name, me.email,
       p.name, COALESCE(pe.timezone, 'UTC')
FROM meetings m JOIN relationships r ON r.id = m.relationship_id
JOIN programs p ON p.id = r.program_id JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id LEFT JOIN profiles pe ON pe.user_id = r.mentee_id
WHERE m.id = $1;

-- name: feed_meetings (user_id int, since int, lim int) -> many notify_meeting
-- A person's meetings for the calendar feed: every series, and single
-- meetings starting at or after since, of the relationships they are in.
SELECT m.id, m.relationship_id, m.starts_at, m.duration_min, m.channel, m.kind, m.rrule, m.status,
       m.sequence, m.created_by, r.mentor_id, r.mentee_id, mu.name, mu.email, me.name, me.email,
       p.name, COALESCE(pe.timezone, 'UTC')
FROM relationships r JOIN meetings m ON m.relationship_id = r.id
JOIN programs p ON p.id = r.program_id JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id LEFT JOIN profiles pe ON pe.user_id = r.mentee_id
WHERE (r.mentor_id = $1 OR r.mentee_id = $1) AND (m.starts_at >= $2 OR m.rrule IS NOT NULL)
ORDER BY m.starts_at, m.id LIMIT $3;

-- name: due_meetings (from int, to int, lim int) -> many notify_meeting
-- Scheduled meetings that may have an occurrence in (from, to]: single
-- meetings starting then, and every series that started before to (each
-- through its own partial index, migration 0020).
SELECT m.id, m.relationship_id, m.starts_at, m.duration_min, m.channel, m.kind, m.rrule, m.status,
       m.sequence, m.created_by, r.mentor_id, r.mentee_id, mu.name, mu.email, me.name, me.email,
       p.name, COALESCE(pe.timezone, 'UTC')
FROM meetings m JOIN relationships r ON r.id = m.relationship_id
JOIN programs p ON p.id = r.program_id JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id LEFT JOIN profiles pe ON pe.user_id = r.mentee_id
WHERE m.status = 'scheduled' AND m.rrule IS NULL AND m.starts_at > $1 AND m.starts_at <= $2
UNION ALL
SELECT m.id, m.relationship_id, m.starts_at, m.duration_min, m.channel, m.kind, m.rrule, m.status,
       m.sequence, m.created_by, r.mentor_id, r.mentee_id, mu.name, mu.email, me.name, me.email,
       p.name, COALESCE(pe.timezone, 'UTC')
FROM meetings m JOIN relationships r ON r.id = m.relationship_id
JOIN programs p ON p.id = r.program_id JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id LEFT JOIN profiles pe ON pe.user_id = r.mentee_id
WHERE m.status = 'scheduled' AND m.rrule IS NOT NULL AND m.starts_at <= $2
ORDER BY 1 LIMIT $3;

-- name: due_goals (from text, to text, lim int) -> many notify_due
-- Active goals due between two dates (inclusive) in live relationships (not
-- in archived programs, where nothing can be done); a goal is the mentee's,
-- so the mentee is its owner.
SELECT g.id, g.relationship_id, r.mentee_id, r.mentor_id, r.mentee_id, g.title, g.due_on
FROM goals g JOIN relationships r ON r.id = g.relationship_id JOIN programs p ON p.id = r.program_id
WHERE g.status = 'active' AND g.due_on IS NOT NULL AND g.due_on BETWEEN $1 AND $2
  AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') AND p.archived_at IS NULL
ORDER BY g.id LIMIT $3;

-- name: due_actions (from text, to text, lim int) -> many notify_due
-- Open action items due between two dates (inclusive) in live relationships
-- (not in archived programs).
SELECT x.id, x.relationship_id, x.owner_id, r.mentor_id, r.mentee_id, x.title, x.due_on
FROM actions x JOIN relationships r ON r.id = x.relationship_id JOIN programs p ON p.id = r.program_id
WHERE x.status = 'open' AND x.due_on BETWEEN $1 AND $2
  AND r.phase IN ('getting_to_know', 'goal_setting', 'working', 'closing') AND p.archived_at IS NULL
ORDER BY x.id LIMIT $3;


-- name: job_lock (job int) -> int
-- A row if this process may run job's pass now. On PostgreSQL, where
-- every server runs the jobs, the job's advisory lock for the connection's
-- session (the pass writes in several batches; job_unlock ends it), or no
-- row while another server's pass holds it (that pass queues what is due;
-- the outbox's unique keys would make a second one harmless anyway, this
-- spares the work). SQLite has one server per file.
SELECT 1 WHERE $1 >= 0;
-- postgres:
SELECT 1 WHERE pg_try_advisory_lock(7091844, CAST($1 AS INTEGER));

-- name: job_unlock (job int) -> int
-- Ends what job_lock took (PostgreSQL: in the select list, so the call is
-- always made; 1 if the lock was held).
SELECT 1 WHERE $1 >= 0;
-- postgres:
SELECT CAST(pg_advisory_unlock(7091844, CAST($1 AS INTEGER)) AS INTEGER);

-- name: rel_rhythms (now int, since int, alumni bool, lim int) -> many notify_rhythm
-- Each relationship's rhythm for the nudges: when the pair last met or
-- wrote, meetings ahead, and who spoke up since `since` (messages and agenda
-- items). Active relationships (not in archived programs, which nobody can
-- add to), or (alumni) completed ones with keep-in-touch reminders.
-- cadence_days is the agreement's, else the program's.
-- scan: the nudge job looks at every live relationship once per pass
SELECT r.id, r.mentor_id, r.mentee_id, r.phase, COALESCE(ag.cadence_days, p.cadence_days),
       COALESCE(r.keep_in_touch_days, -1), r.created_at, COALESCE(r.completed_at, 0),
       (SELECT COALESCE(MAX(m.starts_at), 0) FROM meetings m WHERE m.relationship_id = r.id
          AND m.status <> 'cancelled' AND m.starts_at <= $1),
       (SELECT COALESCE(MAX(g.created_at), 0) FROM messages g WHERE g.relationship_id = r.id),
       (SELECT COUNT(*) FROM meetings m WHERE m.relationship_id = r.id
          AND m.status = 'scheduled' AND (m.starts_at > $1 OR m.rrule IS NOT NULL)),
       (SELECT COUNT(*) FROM messages g WHERE g.relationship_id = r.id
          AND g.author_id = r.mentor_id AND g.created_at >= $2) +
       (SELECT COUNT(*) FROM agenda_items ai
          WHERE ai.relationship_id = r.id AND ai.author_id = r.mentor_id AND ai.created_at >= $2),
       (SELECT COUNT(*) FROM messages g WHERE g.relationship_id = r.id
          AND g.author_id = r.mentee_id AND g.created_at >= $2) +
       (SELECT COUNT(*) FROM agenda_items ai
          WHERE ai.relationship_id = r.id AND ai.author_id = r.mentee_id AND ai.created_at >= $2)
FROM relationships r JOIN programs p ON p.id = r.program_id
LEFT JOIN agreements ag ON ag.relationship_id = r.id
WHERE ($3 = 0 AND r.phase IN ('getting_to_know', 'goal_setting', 'working') AND p.archived_at IS NULL)
   OR ($3 = 1 AND r.phase IN ('completed', 'alumni') AND r.keep_in_touch_days > 0)
ORDER BY r.id LIMIT $4;

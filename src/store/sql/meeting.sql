-- Meetings, their reschedules, agendas, notes and two-way feedback
-- (store/store_meeting.c, svc/meeting.c).

-- row meeting: id int, relationship_id int, starts_at int, duration_min int, channel text,
--   kind text, rrule text?, status text, in_mentee_hours bool, in_mentor_hours bool,
--   sequence int, created_by int, created_at int, updated_at int
-- row meeting_reschedule: id int, from_starts_at int, to_starts_at int, requested_by int,
--   reason text, at int
-- row meeting_agenda_item: id int, meeting_id int, author_id int, text text, is_question bool,
--   created_at int
-- row meeting_note: id int, meeting_id int, author_id int, body text, private bool, created_at int
-- row meeting_feedback: id int, meeting_id int, from_id int, to_id int, rating int, comment text,
--   tags text, acknowledged_at int?, created_at int

-- name: meeting_get (id int) -> one meeting
SELECT id, relationship_id, starts_at, duration_min, channel, kind, rrule, status,
       in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at
FROM meetings WHERE id = $1;

-- name: meeting_list (relationship_id int) -> many meeting
-- A relationship's meetings in the order they take place.
SELECT id, relationship_id, starts_at, duration_min, channel, kind, rrule, status,
       in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at
FROM meetings WHERE relationship_id = $1 ORDER BY starts_at, id;

-- name: meeting_insert (relationship_id int, starts_at int, duration_min int, channel text, kind text, rrule text?, in_mentee_hours bool, in_mentor_hours bool, created_by int, now int) -> int
INSERT INTO meetings (relationship_id, starts_at, duration_min, channel, kind, rrule, status,
                      in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8, 0, $9, $10, $10)
RETURNING id;

-- name: meeting_update (id int, starts_at int, duration_min int, channel text, rrule text?, status text, in_mentee_hours bool, in_mentor_hours bool, sequence int, now int) -> changes
UPDATE meetings SET starts_at = $2, duration_min = $3, channel = $4, rrule = $5, status = $6,
       in_mentee_hours = $7, in_mentor_hours = $8, sequence = $9, updated_at = $10
WHERE id = $1;

-- name: meeting_reschedule_add (meeting_id int, from_starts_at int, to_starts_at int, requested_by int, reason text, now int)
INSERT INTO meeting_reschedules (meeting_id, from_starts_at, to_starts_at, requested_by, reason, at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: meeting_reschedule_list (meeting_id int) -> many meeting_reschedule
-- Who moved the meeting, from when to when, and why; oldest first.
SELECT id, from_starts_at, to_starts_at, requested_by, reason, at FROM meeting_reschedules
WHERE meeting_id = $1 ORDER BY at, id;

-- name: meeting_agenda_add (meeting_id int, author_id int, text text, is_question bool, now int) -> int
-- The item carries its meeting's relationship (0200: the nudge job counts
-- a person's recent items by relationship).
INSERT INTO agenda_items (meeting_id, relationship_id, author_id, text, is_question, created_at)
VALUES ($1, (SELECT m.relationship_id FROM meetings m WHERE m.id = $1), $2, $3, $4, $5) RETURNING id;

-- name: meeting_agenda_get (id int) -> one meeting_agenda_item
SELECT id, meeting_id, author_id, text, is_question, created_at FROM agenda_items WHERE id = $1;

-- name: meeting_agenda_list (meeting_id int) -> many meeting_agenda_item
SELECT id, meeting_id, author_id, text, is_question, created_at FROM agenda_items
WHERE meeting_id = $1 ORDER BY id;

-- name: meeting_note_add (meeting_id int, author_id int, body text, private bool, now int) -> int
INSERT INTO meeting_notes (meeting_id, author_id, body, private, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: meeting_note_get (id int) -> one meeting_note
SELECT id, meeting_id, author_id, body, private, created_at FROM meeting_notes WHERE id = $1;

-- name: meeting_note_list (meeting_id int, viewer int) -> many meeting_note
-- The shared notes and the viewer's own private ones: a private note is
-- seen by its author only.
SELECT id, meeting_id, author_id, body, private, created_at FROM meeting_notes
WHERE meeting_id = $1 AND (private = 0 OR author_id = $2) ORDER BY id;

-- name: meeting_feedback_add (meeting_id int, from_id int, to_id int, rating int, comment text, tags text, now int) -> int
-- tags are stored comma-joined (a tag holds no comma).
INSERT INTO feedback (meeting_id, from_id, to_id, rating, comment, tags, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id;

-- name: meeting_feedback_get (id int) -> one meeting_feedback
SELECT id, meeting_id, from_id, to_id, rating, comment, tags, acknowledged_at, created_at
FROM feedback WHERE id = $1;

-- name: meeting_feedback_list (meeting_id int) -> many meeting_feedback
SELECT id, meeting_id, from_id, to_id, rating, comment, tags, acknowledged_at, created_at
FROM feedback WHERE meeting_id = $1 ORDER BY id;

-- name: meeting_feedback_ack (id int, at int) -> changes
-- The first acknowledgement counts; acknowledging again changes nothing.
UPDATE feedback SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL;

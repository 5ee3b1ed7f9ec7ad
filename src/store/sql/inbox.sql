-- The inbox: what waits for a person, one kind of item per branch of one
-- query (requests to answer, agreements to sign, goals to confirm,
-- feedback to acknowledge, unread messages, meetings to confirm as held,
-- surveys to answer), in no order (the service sorts the few rows newest
-- first: an ORDER BY over the branches made SQLite sort each branch in a
-- temporary b-tree of its own and merge them); and what a person has read
-- of a thread. Each branch starts
-- from the person (an index on who it waits for), so the inbox costs the
-- same in an organisation of any size. Nothing can be done in an archived
-- program, so only its unread messages (which can be read) are listed.

-- row inbox_item: kind text, id int, relationship_id int, other text, title text, n int, at int, page_id int
-- (page_id: the record whose page is where the item is done: the meeting
-- of a feedback, else the item itself)

-- name: inbox_items (user_id int, now int) -> many inbox_item
SELECT 'request', q.id, 0, me.name, p.name, 1, q.created_at, q.id
FROM mentor_requests q JOIN users me ON me.id = q.mentee_id JOIN programs p ON p.id = q.program_id
WHERE q.mentor_id = $1 AND q.status = 'pending' AND p.archived_at IS NULL
UNION ALL
SELECT 'agreement', r.id, r.id, CASE WHEN r.mentor_id = $1 THEN mee.name ELSE mor.name END, '', 1, a.updated_at, r.id
FROM relationships r JOIN agreements a ON a.relationship_id = r.id
     JOIN users mor ON mor.id = r.mentor_id JOIN users mee ON mee.id = r.mentee_id
WHERE r.mentor_id = $1 AND a.mentor_signed_at IS NULL AND r.phase IN ('goal_setting', 'working')
  AND NOT EXISTS (SELECT 1 FROM programs ap WHERE ap.id = r.program_id AND ap.archived_at IS NOT NULL)
UNION ALL
SELECT 'agreement', r.id, r.id, mor.name, '', 1, a.updated_at, r.id
FROM relationships r JOIN agreements a ON a.relationship_id = r.id JOIN users mor ON mor.id = r.mentor_id
WHERE r.mentee_id = $1 AND a.mentee_signed_at IS NULL AND r.phase IN ('goal_setting', 'working')
  AND NOT EXISTS (SELECT 1 FROM programs ap WHERE ap.id = r.program_id AND ap.archived_at IS NOT NULL)
UNION ALL
SELECT 'goal', g.id, r.id, mee.name, g.title, 1, g.created_at, g.id
FROM relationships r JOIN goals g ON g.relationship_id = r.id AND g.status = 'active' AND g.confirmed_at IS NULL
     JOIN users mee ON mee.id = r.mentee_id
WHERE r.mentor_id = $1 AND r.phase IN ('goal_setting', 'working')
  AND NOT EXISTS (SELECT 1 FROM programs ap WHERE ap.id = r.program_id AND ap.archived_at IS NOT NULL)
UNION ALL
SELECT 'feedback', f.id, m.relationship_id, fr.name, '', 1, f.created_at, m.id
FROM feedback f JOIN meetings m ON m.id = f.meeting_id JOIN users fr ON fr.id = f.from_id
WHERE f.to_id = $1 AND f.acknowledged_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM relationships r JOIN programs ap ON ap.id = r.program_id
                  WHERE r.id = m.relationship_id AND ap.archived_at IS NOT NULL)
UNION ALL
SELECT 'messages', r.id, r.id, CASE WHEN r.mentor_id = $1 THEN mee.name ELSE mor.name END, '',
       (SELECT COUNT(*) FROM messages m WHERE m.relationship_id = r.id AND m.author_id <> $1
          AND m.id > COALESCE((SELECT last_read_id FROM message_reads mr
                               WHERE mr.user_id = $1 AND mr.relationship_id = r.id), 0)),
       (SELECT MAX(created_at) FROM messages m WHERE m.relationship_id = r.id), r.id
FROM relationships r JOIN users mor ON mor.id = r.mentor_id JOIN users mee ON mee.id = r.mentee_id
WHERE (r.mentor_id = $1 OR r.mentee_id = $1)
  AND EXISTS (SELECT 1 FROM messages m WHERE m.relationship_id = r.id AND m.author_id <> $1
                AND m.id > COALESCE((SELECT last_read_id FROM message_reads mr
                                     WHERE mr.user_id = $1 AND mr.relationship_id = r.id), 0))
UNION ALL
SELECT 'meeting', m.id, r.id, CASE WHEN r.mentor_id = $1 THEN mee.name ELSE mor.name END, m.kind, 1, m.starts_at, m.id
FROM relationships r JOIN meetings m ON m.relationship_id = r.id
     JOIN users mor ON mor.id = r.mentor_id JOIN users mee ON mee.id = r.mentee_id
WHERE (r.mentor_id = $1 OR r.mentee_id = $1)
  AND m.status = 'scheduled' AND m.rrule IS NULL AND m.starts_at + 60 * m.duration_min < $2
  AND NOT EXISTS (SELECT 1 FROM programs ap WHERE ap.id = r.program_id AND ap.archived_at IS NOT NULL)
UNION ALL
SELECT 'survey', x.id, x.relationship_id, CASE WHEN x.role = 'mentor' THEN mee.name ELSE mor.name END, s.title, 1,
       x.sent_at, x.id
FROM survey_responses x JOIN surveys s ON s.id = x.survey_id
     JOIN relationships r ON r.id = x.relationship_id
     JOIN users mor ON mor.id = r.mentor_id JOIN users mee ON mee.id = r.mentee_id
WHERE x.user_id = $1 AND x.answered_at IS NULL AND s.status = 'open';

-- name: message_read_mark (user_id int, relationship_id int, last_id int)
-- Remembers the newest message the person has seen (never going back).
INSERT INTO message_reads (user_id, relationship_id, last_read_id) VALUES ($1, $2, $3)
ON CONFLICT (user_id, relationship_id) DO UPDATE
SET last_read_id = CASE WHEN excluded.last_read_id > message_reads.last_read_id
                        THEN excluded.last_read_id ELSE message_reads.last_read_id END;

-- name: message_last_id (relationship_id int) -> int
SELECT COALESCE(MAX(id), 0) FROM messages WHERE relationship_id = $1;

-- name: inbox_invitations (user_id int, now int) -> many inbox_item
-- The invitations user_id sent that ran out unaccepted (the link expired,
-- the person never chose a password nor signed in): one item counting the
-- people, whose invitation waits to be sent again. Starts from the links
-- the person made, person by person (account_links_created_by), so it
-- costs what they sent and sorts nothing (COUNT(DISTINCT) made a temporary
-- b-tree on every visit of the home page).
SELECT 'invitation', MIN(g.id), 0, '', '', COUNT(*), MAX(g.expires_at), 0
FROM (SELECT MIN(l.id) AS id, MAX(l.expires_at) AS expires_at
      FROM account_links l JOIN users u ON u.id = l.user_id
      WHERE l.created_by = $1 AND l.purpose = 'invite' AND l.used_at IS NULL AND l.revoked_at IS NULL
        AND l.expires_at <= $2 AND u.active = 1 AND u.password_hash IS NULL AND u.last_login_at IS NULL
      GROUP BY l.user_id) AS g
HAVING COUNT(*) > 0;

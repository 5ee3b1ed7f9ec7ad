-- Relationships, their history, their agreement and their closing.

-- row relationship: id int, program_id int, mentor_id int, mentee_id int, phase text, origin text,
--   keep_in_touch_days int?, created_at int, updated_at int, completed_at int?, program_name text,
--   program_ends_on text, program_cadence_days int, mentor_name text, mentee_name text,
--   program_archived bool,
--   ended_by_org_at int?
-- row rel_active: mentee_active int, pair_active int, mentor_active int
-- row rel_event: id int, at int, actor_id int?, kind text, detail text
-- row agreement: purpose text, expected_results text, cadence_days int, duration_weeks int,
--   confidentiality text, version int, updated_by int?, updated_at int, mentor_signed_at int?,
--   mentee_signed_at int?
-- row closure: user_id int, reflection text, satisfaction int, goals_met int?, mentor_important int?,
--   would_recommend bool?, thank_you_note text, created_at int
-- row rel_viewer: timezone text

-- name: rel_get (id int) -> one relationship
-- One relationship with its program's name, end and cadence and both people's names.
SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.origin, r.keep_in_touch_days,
       r.created_at, r.updated_at, r.completed_at, p.name, p.ends_on, p.cadence_days, mu.name, me.name,
       p.archived_at IS NOT NULL,
       r.ended_by_org_at
FROM relationships r JOIN programs p ON p.id = r.program_id
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.id = $1;

-- name: rel_list_of_user (user_id int, after int, lim int) -> many relationship
-- A page of the relationships user_id is the mentor or the mentee of: the
-- two in id order (relationships_mentor, relationships_mentee) merged, so
-- nothing is sorted (an OR of the two made a temporary b-tree on every
-- visit of the home page, even for someone in no relationship).
SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.origin, r.keep_in_touch_days,
       r.created_at, r.updated_at, r.completed_at, p.name, p.ends_on, p.cadence_days, mu.name, me.name,
       p.archived_at IS NOT NULL,
       r.ended_by_org_at
FROM relationships r JOIN programs p ON p.id = r.program_id
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.mentor_id = $1 AND r.id > $2
UNION ALL
SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.origin, r.keep_in_touch_days,
       r.created_at, r.updated_at, r.completed_at, p.name, p.ends_on, p.cadence_days, mu.name, me.name,
       p.archived_at IS NOT NULL,
       r.ended_by_org_at
FROM relationships r JOIN programs p ON p.id = r.program_id
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.mentee_id = $1 AND r.mentor_id <> $1 AND r.id > $2
ORDER BY 1 LIMIT $3;

-- name: rel_list_of_program (program_id int, after int, lim int) -> many relationship
-- A page of a program's relationships, in id order (index relationships_program_page).
SELECT r.id, r.program_id, r.mentor_id, r.mentee_id, r.phase, r.origin, r.keep_in_touch_days,
       r.created_at, r.updated_at, r.completed_at, p.name, p.ends_on, p.cadence_days, mu.name, me.name,
       p.archived_at IS NOT NULL,
       r.ended_by_org_at
FROM relationships r JOIN programs p ON p.id = r.program_id
JOIN users mu ON mu.id = r.mentor_id JOIN users me ON me.id = r.mentee_id
WHERE r.program_id = $1 AND r.id > $2
ORDER BY r.id LIMIT $3;

-- name: rel_insert (program_id int, mentor_id int, mentee_id int, origin text, created_by int?, now int) -> int
INSERT INTO relationships (program_id, mentor_id, mentee_id, phase, origin, created_by, created_at, updated_at)
VALUES ($1, $2, $3, 'getting_to_know', $4, $5, $6, $6) RETURNING id;

-- name: rel_active_counts (program_id int, mentor_id int, mentee_id int) -> one rel_active
-- The active relationships (getting_to_know to closing) in a program of the
-- mentee, of this very pair, and of the mentor: the hard rules of a new pair.
-- The unary + keeps the planner off relationships_program, which would walk
-- every active relationship of a large program, for the person's index.
SELECT
  (SELECT COUNT(*) FROM relationships WHERE mentee_id = $3 AND +program_id = $1
     AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
  (SELECT COUNT(*) FROM relationships WHERE mentee_id = $3 AND mentor_id = $2 AND +program_id = $1
     AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing')),
  (SELECT COUNT(*) FROM relationships WHERE mentor_id = $2 AND +program_id = $1
     AND phase IN ('getting_to_know', 'goal_setting', 'working', 'closing'));

-- name: rel_set_phase (id int, phase text, now int)
UPDATE relationships SET phase = $2, updated_at = $3,
       completed_at = CASE WHEN $2 = 'completed' THEN $3 ELSE completed_at END
WHERE id = $1;

-- name: rel_set_keep_in_touch (id int, every_days int, now int)
UPDATE relationships SET keep_in_touch_days = $2, updated_at = $3 WHERE id = $1;

-- name: rel_event_insert (relationship_id int, at int, actor_id int?, kind text, detail text)
INSERT INTO relationship_events (relationship_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5);

-- name: rel_events (relationship_id int) -> many rel_event
-- A relationship's history, oldest first.
SELECT id, at, actor_id, kind, detail FROM relationship_events
WHERE relationship_id = $1 ORDER BY at, id;

-- name: agreement_get (relationship_id int) -> one agreement
SELECT purpose, expected_results, cadence_days, duration_weeks, confidentiality, version, updated_by,
       updated_at, mentor_signed_at, mentee_signed_at
FROM agreements WHERE relationship_id = $1;

-- name: agreement_put (relationship_id int, purpose text, expected_results text, cadence_days int, duration_weeks int, confidentiality text, by int, now int)
-- New terms: the version goes up and both signatures are cleared.
INSERT INTO agreements (relationship_id, purpose, expected_results, cadence_days, duration_weeks,
                        confidentiality, version, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)
ON CONFLICT (relationship_id) DO UPDATE SET
  purpose = excluded.purpose, expected_results = excluded.expected_results,
  cadence_days = excluded.cadence_days, duration_weeks = excluded.duration_weeks,
  confidentiality = excluded.confidentiality, version = agreements.version + 1,
  updated_by = excluded.updated_by, updated_at = excluded.updated_at,
  mentor_signed_at = NULL, mentee_signed_at = NULL;

-- name: agreement_sign_mentor (relationship_id int, at int) -> changes
UPDATE agreements SET mentor_signed_at = $2 WHERE relationship_id = $1 AND mentor_signed_at IS NULL;

-- name: agreement_sign_mentee (relationship_id int, at int) -> changes
UPDATE agreements SET mentee_signed_at = $2 WHERE relationship_id = $1 AND mentee_signed_at IS NULL;

-- name: agreement_signed_both (relationship_id int) -> int
-- Whether both members have signed the agreement's current version.
SELECT 1 FROM agreements
WHERE relationship_id = $1 AND mentor_signed_at IS NOT NULL AND mentee_signed_at IS NOT NULL;

-- name: closure_insert (relationship_id int, user_id int, reflection text, satisfaction int, goals_met int?, mentor_important int?, would_recommend int, thank_you_note text, now int)
-- One person's closing (a second one by the same person is a constraint
-- error). would_recommend: 1 yes, 0 no, -1 not answered.
INSERT INTO closures (relationship_id, user_id, reflection, satisfaction, goals_met, mentor_important,
                      would_recommend, thank_you_note, created_at)
VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 < 0 THEN NULL ELSE $7 END, $8, $9);

-- name: closure_list (relationship_id int) -> many closure
SELECT user_id, reflection, satisfaction, goals_met, mentor_important, would_recommend, thank_you_note,
       created_at
FROM closures WHERE relationship_id = $1 ORDER BY created_at, user_id;

-- name: rel_viewer_timezone (user_id int) -> one rel_viewer
-- The time zone a relationship page shows times in: the viewer's own.
SELECT COALESCE(timezone, '') FROM profiles WHERE user_id = $1;

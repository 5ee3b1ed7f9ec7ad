-- Engagement (issue 14): the relationships whose agreed end or program end
-- is near, for the reminder that points at the closing practices
-- (notify/endings.c). Reply delays and mentoring hours live in the health
-- rollups (migration 0096, sql/health.sql).

-- row ending: id int, mentor_id int, mentor_name text, mentee_id int, mentee_name text,
--   program_name text, program_ends_on text, agreement_ends_at int?

-- name: endings_due (from_at int, to_at int, from_day text, to_day text) -> many ending
-- Relationships before closing whose agreement ends (the relationship's
-- start plus the agreed duration, as goal due dates count it) between two
-- instants, or whose program ends between two dates.
-- scan: the reminder job looks at every live relationship once per pass, like rel_rhythms
SELECT r.id, r.mentor_id, mu.name, r.mentee_id, me.name, p.name, p.ends_on,
       r.created_at + a.duration_weeks * 604800
FROM relationships r
JOIN programs p ON p.id = r.program_id
JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id
LEFT JOIN agreements a ON a.relationship_id = r.id
WHERE r.phase IN ('getting_to_know', 'goal_setting', 'working')
  AND ((a.duration_weeks IS NOT NULL AND r.created_at + a.duration_weeks * 604800 BETWEEN $1 AND $2)
       OR p.ends_on BETWEEN $3 AND $4)
ORDER BY r.id;

-- Skill self-assessment (svc/skill.c): the skills a mentee wants to grow,
-- both members' ratings of them at the start and at the end of a
-- relationship, and a program's growth as the report shows it.

-- row skill_wanted: skill text, norm text
-- row skill_rating: rater_role text, rater_id int, rater_name text?, moment text, skill text,
--   norm text, rating int, rated_at int
-- row skill_growth: relationship_id int, rater_role text, skills int, start_sum int, end_sum int

-- name: skill_wanted_of (user_id int) -> many skill_wanted
-- The skills a person wants to grow, in the order of their profile.
SELECT value, norm FROM profile_items WHERE user_id = $1 AND kind = 'skill_wanted' ORDER BY position;

-- name: skill_ratings_of (relationship_id int) -> many skill_rating
-- Every rating of a relationship: the mentee's first, the start before the
-- end, then by skill.
SELECT s.rater_role, s.rater_id, u.name, s.moment, s.skill, s.norm, s.rating, s.rated_at
FROM skill_ratings s LEFT JOIN users u ON u.id = s.rater_id
WHERE s.relationship_id = $1
ORDER BY s.rater_role = 'mentor', s.moment = 'end', s.norm;

-- name: skill_ratings_clear (relationship_id int, rater_role text, moment text) -> changes
-- A member's ratings at one moment, before the new ones replace them.
DELETE FROM skill_ratings WHERE relationship_id = $1 AND rater_role = $2 AND moment = $3;

-- name: skill_rating_add (relationship_id int, rater_role text, moment text, norm text, skill text, rating int, rater_id int, now int)
INSERT INTO skill_ratings (relationship_id, rater_role, moment, norm, skill, rating, rater_id, rated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: skill_growth_of_program (program_id int) -> many skill_growth
-- Per relationship of a program and rater: the skills rated at both
-- moments, with the sums of their start and end ratings; by relationship.
SELECT s.relationship_id, s.rater_role, COUNT(*), SUM(s.rating), SUM(e.rating)
FROM relationships r
JOIN skill_ratings s ON s.relationship_id = r.id AND s.moment = 'start'
JOIN skill_ratings e ON e.relationship_id = s.relationship_id AND e.rater_role = s.rater_role
  AND e.moment = 'end' AND e.norm = s.norm
WHERE r.program_id = $1
GROUP BY s.relationship_id, s.rater_role
ORDER BY s.relationship_id;

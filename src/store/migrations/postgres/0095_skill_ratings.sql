-- PostgreSQL's twin of sqlite/0095_skill_ratings.sql: the same change in PostgreSQL's dialect
-- (docs/schema.md).
-- Skill self-assessment (issue 14): at the start of a relationship and at
-- its close the mentee rates each skill they want to grow from 1 to 5, and
-- the mentor may rate the mentee on the same skills. The report's skill
-- growth compares the two moments where both exist (svc/skill.c).
--
-- One rating per relationship, role, moment and skill: rating again
-- replaces it. `skill` is the skill as it was written when rated (the
-- mentee's profile may change later); `norm` is its case-folded form
-- (core/profile.h profile_norm), which pairs a start rating with its end
-- rating.
CREATE TABLE skill_ratings (
  relationship_id BIGINT NOT NULL REFERENCES relationships(id) ON DELETE CASCADE,
  rater_role      TEXT NOT NULL CHECK (rater_role IN ('mentee', 'mentor')),
  moment          TEXT NOT NULL CHECK (moment IN ('start', 'end')),
  norm            TEXT NOT NULL,
  skill           TEXT NOT NULL,
  rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rater_id        BIGINT NOT NULL REFERENCES users(id),
  rated_at        BIGINT NOT NULL,
  PRIMARY KEY (relationship_id, rater_role, moment, norm)
);
CREATE INDEX skill_ratings_rater ON skill_ratings(rater_id);

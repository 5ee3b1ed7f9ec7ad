-- Program surveys (svc/survey.c, notify/surveys.c): the managers'
-- definitions and questions, the responses the due job sends (one per
-- member and round), the members' answers, and the aggregates the results
-- and the program report show.

-- row survey: id int, program_id int, title text, kind text, audience text, first_after_days int,
--   every_days int?, status text, created_at int, updated_at int, sent int, answered int
-- row survey_question: id int, survey_id int, position int, kind text, prompt text, required bool, options text
-- row survey_due: survey_id int, title text, kind text, audience text, relationship_id int, round int,
--   mentor_id int, mentor_name text, mentee_id int, mentee_name text, program_name text
-- row survey_response: id int, survey_id int, relationship_id int, user_id int, role text, round int,
--   sent_at int, answered_at int?, title text, kind text, survey_status text, program_id int,
--   mentor_id int, mentee_id int, other text
-- row survey_answer: question_id int, rating int?, choice text?, body text?
-- row survey_numeric: question_id int, answers int, total int, promoters int, detractors int
-- row survey_tally: question_id int, choice text, n int
-- row survey_text: question_id int, body text, role text, answered_at int
-- row survey_rel_figures: relationship_id int, answered int, rating_sum int, ratings int, nps_sum int, nps_n int
-- row survey_program_figures: survey_id int, kind text, answers int, total int, promoters int, detractors int

-- name: survey_insert (program_id int, title text, kind text, audience text, first_after_days int, every_days int?, created_by int, now int) -> int
INSERT INTO surveys (program_id, title, kind, audience, first_after_days, every_days, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id;

-- name: survey_update (id int, title text, audience text, first_after_days int, every_days int?, now int) -> changes
UPDATE surveys SET title = $2, audience = $3, first_after_days = $4, every_days = $5, updated_at = $6 WHERE id = $1;

-- name: survey_status_set (id int, status text, now int) -> changes
UPDATE surveys SET status = $2, updated_at = $3 WHERE id = $1;

-- name: survey_get (id int) -> one survey
SELECT s.id, s.program_id, s.title, s.kind, s.audience, s.first_after_days, s.every_days, s.status,
       s.created_at, s.updated_at,
       (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id),
       (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id AND r.answered_at IS NOT NULL)
FROM surveys s WHERE s.id = $1;

-- name: surveys_of_program (program_id int) -> many survey
-- A program's surveys, archived ones last, newest first.
SELECT s.id, s.program_id, s.title, s.kind, s.audience, s.first_after_days, s.every_days, s.status,
       s.created_at, s.updated_at,
       (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id),
       (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id AND r.answered_at IS NOT NULL)
FROM surveys s WHERE s.program_id = $1
ORDER BY s.status = 'archived', s.id DESC;

-- name: survey_questions_of (survey_id int) -> many survey_question
SELECT id, survey_id, position, kind, prompt, required, options FROM survey_questions
WHERE survey_id = $1 ORDER BY position;

-- name: survey_questions_clear (survey_id int) -> changes
DELETE FROM survey_questions WHERE survey_id = $1;

-- name: survey_question_add (survey_id int, position int, kind text, prompt text, required bool, options text)
INSERT INTO survey_questions (survey_id, position, kind, prompt, required, options) VALUES ($1, $2, $3, $4, $5, $6);

-- name: survey_answered_count (survey_id int) -> int
SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND answered_at IS NOT NULL;

-- name: surveys_due (now int) -> many survey_due
-- Every live relationship (before closing) of a program with an open
-- survey whose current round (1 for the first, first_after_days after the
-- match, then one more every every_days) has not gone to every member the
-- audience names; the job claims each member's copy.
-- scan: the due job looks at every live relationship of a program with an open survey once per pass, like endings_due
SELECT s.id, s.title, s.kind, s.audience, r.id,
       CASE WHEN s.every_days IS NULL THEN 1
            ELSE 1 + ($1 - r.created_at - s.first_after_days * 86400) / (s.every_days * 86400) END,
       r.mentor_id, mu.name, r.mentee_id, me.name, p.name
FROM surveys s
JOIN programs p ON p.id = s.program_id
JOIN relationships r ON r.program_id = s.program_id
JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id
WHERE s.status = 'open' AND r.phase IN ('getting_to_know', 'goal_setting', 'working')
  AND r.created_at + s.first_after_days * 86400 <= $1
  AND (SELECT COUNT(*) FROM survey_responses x
       WHERE x.survey_id = s.id AND x.relationship_id = r.id
         AND x.round = CASE WHEN s.every_days IS NULL THEN 1
            ELSE 1 + ($1 - r.created_at - s.first_after_days * 86400) / (s.every_days * 86400) END)
      < CASE WHEN s.audience = 'both' THEN 2 ELSE 1 END
ORDER BY s.id, r.id;

-- name: survey_response_claim (survey_id int, relationship_id int, user_id int, role text, round int, now int) -> int
-- The member's copy of a round, if no pass has sent it yet (no row otherwise):
-- the unique key is what makes each round go out once, whatever the
-- passes and servers.
INSERT INTO survey_responses (survey_id, relationship_id, user_id, role, round, sent_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (survey_id, relationship_id, user_id, round) DO NOTHING
RETURNING id;

-- name: survey_response_get (id int) -> one survey_response
SELECT x.id, x.survey_id, x.relationship_id, x.user_id, x.role, x.round, x.sent_at, x.answered_at,
       s.title, s.kind, s.status, s.program_id, r.mentor_id, r.mentee_id,
       CASE WHEN x.role = 'mentor' THEN me.name ELSE mu.name END
FROM survey_responses x
JOIN surveys s ON s.id = x.survey_id
JOIN relationships r ON r.id = x.relationship_id
JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id
WHERE x.id = $1;

-- name: survey_responses_of_user (user_id int) -> many survey_response
-- A member's surveys, newest first (archived surveys' left out).
SELECT x.id, x.survey_id, x.relationship_id, x.user_id, x.role, x.round, x.sent_at, x.answered_at,
       s.title, s.kind, s.status, s.program_id, r.mentor_id, r.mentee_id,
       CASE WHEN x.role = 'mentor' THEN me.name ELSE mu.name END
FROM survey_responses x
JOIN surveys s ON s.id = x.survey_id
JOIN relationships r ON r.id = x.relationship_id
JOIN users mu ON mu.id = r.mentor_id
JOIN users me ON me.id = r.mentee_id
WHERE x.user_id = $1 AND s.status <> 'archived'
ORDER BY x.id DESC LIMIT 200;

-- name: survey_answer_add (response_id int, question_id int, rating int?, choice text?, body text?)
INSERT INTO survey_answers (response_id, question_id, rating, choice, body) VALUES ($1, $2, $3, $4, $5);

-- name: survey_response_answered (id int, now int) -> changes
-- Marks a response answered, once: a second answer changes nothing.
UPDATE survey_responses SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL;

-- name: survey_answers_of (response_id int) -> many survey_answer
SELECT a.question_id, a.rating, a.choice, a.body FROM survey_answers a
JOIN survey_questions q ON q.id = a.question_id
WHERE a.response_id = $1 ORDER BY q.position;

-- name: survey_numeric_of (survey_id int) -> many survey_numeric
-- Per numeric question: answers, their sum, and (NPS) promoters 9-10 and
-- detractors 0-6.
SELECT q.id, COUNT(a.rating), COALESCE(SUM(a.rating), 0),
       COALESCE(SUM(CASE WHEN a.rating >= 9 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN a.rating <= 6 THEN 1 ELSE 0 END), 0)
FROM survey_questions q JOIN survey_answers a ON a.question_id = q.id
WHERE q.survey_id = $1 AND q.kind IN ('nps', 'rating')
GROUP BY q.id;

-- name: survey_tally_of (survey_id int) -> many survey_tally
SELECT q.id, a.choice, COUNT(*)
FROM survey_questions q JOIN survey_answers a ON a.question_id = q.id
WHERE q.survey_id = $1 AND q.kind = 'choice' AND a.choice IS NOT NULL
GROUP BY q.id, a.choice;

-- name: survey_texts_of (survey_id int) -> many survey_text
-- The text answers, newest first, with the respondent's side only.
SELECT q.id, a.body, x.role, x.answered_at
FROM survey_questions q
JOIN survey_answers a ON a.question_id = q.id
JOIN survey_responses x ON x.id = a.response_id
WHERE q.survey_id = $1 AND q.kind = 'text' AND a.body IS NOT NULL
ORDER BY x.answered_at DESC, x.id DESC LIMIT 1000;

-- name: survey_rel_figures_of_program (program_id int) -> many survey_rel_figures
-- Per relationship of a program: answered responses, and the sums and
-- counts of its members' rating and NPS answers; by relationship.
SELECT x.relationship_id, COUNT(DISTINCT x.id),
       COALESCE(SUM(CASE WHEN q.kind = 'rating' THEN a.rating END), 0),
       COUNT(CASE WHEN q.kind = 'rating' THEN a.rating END),
       COALESCE(SUM(CASE WHEN q.kind = 'nps' THEN a.rating END), 0),
       COUNT(CASE WHEN q.kind = 'nps' THEN a.rating END)
FROM surveys s
JOIN survey_responses x ON x.survey_id = s.id AND x.answered_at IS NOT NULL
LEFT JOIN survey_answers a ON a.response_id = x.id
LEFT JOIN survey_questions q ON q.id = a.question_id
WHERE s.program_id = $1 AND s.status <> 'archived'
GROUP BY x.relationship_id
ORDER BY x.relationship_id;

-- name: survey_program_figures_of (program_id int) -> many survey_program_figures
-- Per survey of a program and numeric question kind: the answers, their
-- sum, promoters and detractors.
SELECT s.id, q.kind, COUNT(a.rating), COALESCE(SUM(a.rating), 0),
       COALESCE(SUM(CASE WHEN a.rating >= 9 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN a.rating <= 6 THEN 1 ELSE 0 END), 0)
FROM surveys s
JOIN survey_questions q ON q.survey_id = s.id AND q.kind IN ('nps', 'rating')
JOIN survey_answers a ON a.question_id = q.id
WHERE s.program_id = $1 AND s.status <> 'archived'
GROUP BY s.id, q.kind;

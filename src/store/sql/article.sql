-- The guidance library: articles, their tags, related articles and
-- versions; "was this helpful?" votes; comments (svc/article.c,
-- svc/article_feedback.c). Full-text search is in store/store_article.c,
-- which turns a person's words into the backend's query (article_search).

-- row article: id int, starter_key text?, title text, summary text, body text, status text,
--   version int, comments_closed bool, helpful_yes int, helpful_votes int, created_by int?,
--   updated_by int?, created_at int, updated_at int, published_at int?, comment_count int
-- row article_tag: article_id int, kind text, value text
-- row article_ref: id int, title text, status text
-- row article_version: version int, title text, summary text, body text, phases text,
--   audiences text, flags text, related text, note text, edited_by int?, edited_by_name text?,
--   edited_at int
-- row article_vote: helpful bool, missing text
-- row missing_note: text text, at int
-- row helpfulness: id int, title text, status text, yes int, votes int, missing int
-- row article_comment: id int, article_id int, author_id int?, author_name text?, body text,
--   hidden bool, created_at int

-- name: article_get (id int, editor bool) -> one article
-- One article; comment_count counts the comments the reader sees (editors
-- also the hidden ones).
SELECT a.id, a.starter_key, a.title, a.summary, a.body, a.status, a.version, a.comments_closed,
       a.helpful_yes, a.helpful_votes, a.created_by, a.updated_by, a.created_at, a.updated_at,
       a.published_at,
       (SELECT COUNT(*) FROM article_comments c WHERE c.article_id = a.id AND (c.hidden = 0 OR $2 = 1))
FROM articles a WHERE a.id = $1;

-- name: article_list (after int, any_status bool, status text, phase text?, audience text?, flag text?, editor bool, lim int) -> many article
-- Articles after an id in one status (or any), optionally for a phase, an
-- audience or a health flag; without their bodies.
SELECT a.id, a.starter_key, a.title, a.summary, '', a.status, a.version, a.comments_closed,
       a.helpful_yes, a.helpful_votes, a.created_by, a.updated_by, a.created_at, a.updated_at,
       a.published_at,
       (SELECT COUNT(*) FROM article_comments c WHERE c.article_id = a.id AND (c.hidden = 0 OR $7 = 1))
FROM articles a
WHERE a.id > $1 AND ($2 = 1 OR a.status = $3)
  AND ($4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'phase' AND t.value = $4))
  AND ($5 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'audience' AND t.value = $5))
  AND ($6 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'flag' AND t.value = $6))
ORDER BY a.id LIMIT $8;

-- name: article_search (query text, any_status bool, status text, phase text?, audience text?, flag text?, editor bool, lim int) -> many article
-- The best matches of an FTS5 query (built by store_article_search from a
-- person's words), titles weighing most, then summaries, then bodies.
-- scan: an FTS5 index lookup (the planner reports the virtual table as a scan); only matching rows are read
SELECT a.id, a.starter_key, a.title, a.summary, '', a.status, a.version, a.comments_closed,
       a.helpful_yes, a.helpful_votes, a.created_by, a.updated_by, a.created_at, a.updated_at,
       a.published_at,
       (SELECT COUNT(*) FROM article_comments c WHERE c.article_id = a.id AND (c.hidden = 0 OR $7 = 1))
FROM article_search s JOIN articles a ON a.id = s.rowid
WHERE article_search MATCH $1 AND ($2 = 1 OR a.status = $3)
  AND ($4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'phase' AND t.value = $4))
  AND ($5 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'audience' AND t.value = $5))
  AND ($6 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'flag' AND t.value = $6))
ORDER BY bm25(article_search, 10.0, 4.0, 1.0), a.id LIMIT $8;
-- postgres:
-- The same query as a tsquery over migration 0090's articles.search: the
-- quoted words joined by &, the last one a prefix ("a" "b"* -> a & b:*;
-- store_article_fts_query lets only letters and digits into a word).
SELECT a.id, a.starter_key, a.title, a.summary, '', a.status, a.version, a.comments_closed,
       a.helpful_yes, a.helpful_votes, a.created_by, a.updated_by, a.created_at, a.updated_at,
       a.published_at,
       (SELECT COUNT(*) FROM article_comments c WHERE c.article_id = a.id AND (c.hidden = 0 OR $7 = 1))
FROM articles a,
     to_tsquery('english', regexp_replace(replace(replace($1, '" "', ' & '), '"', ''), '[*]$', ':*')) q
WHERE a.search @@ q AND ($2 = 1 OR a.status = $3)
  AND ($4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'phase' AND t.value = $4))
  AND ($5 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'audience' AND t.value = $5))
  AND ($6 IS NULL OR EXISTS (SELECT 1 FROM article_tags t
                             WHERE t.article_id = a.id AND t.kind = 'flag' AND t.value = $6))
ORDER BY ts_rank(a.search, q) DESC, a.id LIMIT $8;

-- name: article_by_starter (starter_key text) -> int
-- The article loaded from a starter file, if it ever was.
SELECT id FROM articles WHERE starter_key = $1;

-- name: article_insert (starter_key text?, title text, summary text, body text, status text, comments_closed bool, by int?, now int) -> int
INSERT INTO articles (starter_key, title, summary, body, status, comments_closed, created_by,
                      updated_by, created_at, updated_at, published_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8, CASE WHEN $5 = 'published' THEN $8 END)
RETURNING id;

-- name: article_update (id int, title text, summary text, body text, version int, comments_closed bool, by int?, now int) -> changes
UPDATE articles SET title = $2, summary = $3, body = $4, version = $5, comments_closed = $6,
       updated_by = $7, updated_at = $8
WHERE id = $1;

-- name: article_set_status (id int, status text, by int?, now int) -> changes
-- Publishing keeps the date an article was first published.
UPDATE articles SET status = $2, updated_by = $3, updated_at = $4,
       published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, $4) ELSE published_at END
WHERE id = $1;

-- name: article_tags_clear (article_id int)
DELETE FROM article_tags WHERE article_id = $1;

-- name: article_tag_add (article_id int, kind text, value text)
INSERT INTO article_tags (article_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;

-- name: article_tags_of (first int, last int) -> many article_tag
-- The tags of a range of articles at once (a page of the list).
SELECT article_id, kind, value FROM article_tags
WHERE article_id BETWEEN $1 AND $2 ORDER BY article_id, kind, value;

-- name: article_related_clear (article_id int)
DELETE FROM article_related WHERE article_id = $1;

-- name: article_related_add (article_id int, related_id int, position int)
INSERT INTO article_related (article_id, related_id, position) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING;

-- name: article_related_of (article_id int) -> many article_ref
-- An article's related articles in the editor's order, with their status
-- (the service keeps those the reader may not see out).
SELECT r.id, r.title, r.status FROM article_related x JOIN articles r ON r.id = x.related_id
WHERE x.article_id = $1 ORDER BY x.position;

-- name: article_ref (id int) -> one article_ref
SELECT id, title, status FROM articles WHERE id = $1;

-- name: article_for_tag (kind text, value text, audience text?, lim int) -> many article_ref
-- Published articles with a tag (a phase, a health flag), for an audience
-- when given; the most specific first (fewest tags of that kind: the
-- article about one misstep before the overview of all five).
SELECT a.id, a.title, a.status FROM article_tags t JOIN articles a ON a.id = t.article_id
WHERE t.kind = $1 AND t.value = $2 AND a.status = 'published'
  AND ($3 IS NULL OR EXISTS (SELECT 1 FROM article_tags x
                             WHERE x.article_id = a.id AND x.kind = 'audience' AND x.value = $3))
ORDER BY (SELECT COUNT(*) FROM article_tags y WHERE y.article_id = a.id AND y.kind = $1), a.id
LIMIT $4;

-- name: article_version_add (article_id int, version int, title text, summary text, body text, phases text, audiences text, flags text, related text, note text, by int?, now int)
INSERT INTO article_versions (article_id, version, title, summary, body, phases, audiences, flags,
                              related, note, edited_by, edited_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);

-- name: article_versions (article_id int) -> many article_version
-- An article's versions, newest first, with the editor's name.
SELECT v.version, v.title, v.summary, v.body, v.phases, v.audiences, v.flags, v.related, v.note,
       v.edited_by, u.name, v.edited_at
FROM article_versions v LEFT JOIN users u ON u.id = v.edited_by
WHERE v.article_id = $1 ORDER BY v.version DESC;

-- name: article_helpfulness () -> many helpfulness
-- Every article with its tally and how many "no" voters said what was missing.
-- scan: the library is read whole for its editors: tens or hundreds of articles, not one per person
SELECT a.id, a.title, a.status, a.helpful_yes, a.helpful_votes,
       (SELECT COUNT(*) FROM article_votes v WHERE v.article_id = a.id AND v.missing <> '')
FROM articles a ORDER BY a.id;

-- name: article_vote_get (article_id int, user_id int) -> one article_vote
SELECT helpful, missing FROM article_votes WHERE article_id = $1 AND user_id = $2;

-- name: article_vote_put (article_id int, user_id int, helpful bool, missing text, now int)
-- One vote per person and article: voting again changes it (the triggers
-- of migration 0090 keep the article's tally).
INSERT INTO article_votes (article_id, user_id, helpful, missing, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5)
ON CONFLICT (article_id, user_id) DO UPDATE SET helpful = excluded.helpful, missing = excluded.missing,
       updated_at = excluded.updated_at;

-- name: article_vote_delete (article_id int, user_id int) -> changes
DELETE FROM article_votes WHERE article_id = $1 AND user_id = $2;

-- name: article_missing (article_id int, lim int) -> many missing_note
-- What "no" voters missed, newest first (their names are not shown).
SELECT missing, updated_at FROM article_votes
WHERE article_id = $1 AND missing <> '' ORDER BY updated_at DESC LIMIT $2;

-- name: article_comment_get (id int) -> one article_comment
SELECT c.id, c.article_id, c.author_id, u.name, c.body, c.hidden, c.created_at
FROM article_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.id = $1;

-- name: article_comment_list (article_id int, after int, editor bool, lim int) -> many article_comment
-- An article's comments, oldest first; hidden ones for editors only.
SELECT c.id, c.article_id, c.author_id, u.name, c.body, c.hidden, c.created_at
FROM article_comments c LEFT JOIN users u ON u.id = c.author_id
WHERE c.article_id = $1 AND c.id > $2 AND (c.hidden = 0 OR $3 = 1)
ORDER BY c.id LIMIT $4;

-- name: article_comment_add (article_id int, author_id int, body text, now int) -> int
INSERT INTO article_comments (article_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: article_comment_moderate (id int, hidden bool, by int, now int) -> changes
UPDATE article_comments SET hidden = $2, moderated_by = $3, moderated_at = $4 WHERE id = $1;

-- name: article_comment_delete (id int) -> changes
DELETE FROM article_comments WHERE id = $1;

-- name: article_refs () -> many article_ref
-- Every article, for an editor choosing related ones.
-- scan: the library is read whole for its editors: tens or hundreds of articles, not one per person
SELECT id, title, status FROM articles ORDER BY id;

-- The guidance library (issue 14): articles with every version kept and the
-- phases, audiences and missteps they are about; full-text search over them;
-- "was this helpful?" votes; comments on articles; and requests to a
-- program's managers with their reply threads. See docs/guides.md.

-- An article as it reads now. starter_key names the articles of the starter
-- set (src/store/articles/), so `mentord init` loads each of them once and
-- never again, even after an editor changed or archived it. helpful_yes and
-- helpful_votes are kept by the triggers below, so the tally and the table of
-- articles by helpfulness never count the votes.
CREATE TABLE articles (
  id              INTEGER PRIMARY KEY,
  starter_key     TEXT UNIQUE,
  title           TEXT NOT NULL,
  summary         TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  comments_closed INTEGER NOT NULL DEFAULT 0 CHECK (comments_closed IN (0, 1)),
  helpful_yes     INTEGER NOT NULL DEFAULT 0,
  helpful_votes   INTEGER NOT NULL DEFAULT 0,
  created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  updated_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  published_at    BIGINT
);
CREATE INDEX articles_status ON articles(status, id);

-- What an article is about: the relationship phases it belongs to, the
-- audiences it is written for (mentor, mentee, manager) and the health
-- flags (missteps) it explains.
CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('phase', 'audience', 'flag')),
  value      TEXT NOT NULL,
  PRIMARY KEY (article_id, kind, value)
);
CREATE INDEX article_tags_value ON article_tags(kind, value, article_id);

-- Related articles, in the order the editor gave them.
CREATE TABLE article_related (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  PRIMARY KEY (article_id, related_id)
);
CREATE INDEX article_related_target ON article_related(related_id);

-- Every version of an article's content, the first included; the tags and
-- related articles as they were, comma-separated.
CREATE TABLE article_versions (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  title      TEXT NOT NULL,
  summary    TEXT NOT NULL,
  body       TEXT NOT NULL,
  phases     TEXT NOT NULL DEFAULT '',
  audiences  TEXT NOT NULL DEFAULT '',
  flags      TEXT NOT NULL DEFAULT '',
  related    TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  edited_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  edited_at  BIGINT NOT NULL,
  PRIMARY KEY (article_id, version)
);

-- Full-text search over titles, summaries and bodies, kept in step with
-- articles by triggers (an external-content FTS5 index: the text is stored
-- once, in articles). Porter stemming, so "goals" finds "goal".
CREATE VIRTUAL TABLE article_search USING fts5(
  title, summary, body, content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO article_search (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
  INSERT INTO article_search (article_search, rowid, title, summary, body)
  VALUES ('delete', old.id, old.title, old.summary, old.body);
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, summary, body ON articles BEGIN
  INSERT INTO article_search (article_search, rowid, title, summary, body)
  VALUES ('delete', old.id, old.title, old.summary, old.body);
  INSERT INTO article_search (rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
END;

-- "Was this article helpful?": one vote per person and article, changeable;
-- missing is what a "no" voter missed (empty for a yes).
CREATE TABLE article_votes (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  missing    TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_votes_user ON article_votes(user_id);
CREATE INDEX article_votes_missing ON article_votes(article_id, updated_at) WHERE missing <> '';
CREATE TRIGGER article_votes_insert AFTER INSERT ON article_votes BEGIN
  UPDATE articles SET helpful_yes = helpful_yes + new.helpful, helpful_votes = helpful_votes + 1
  WHERE id = new.article_id;
END;
CREATE TRIGGER article_votes_update AFTER UPDATE OF helpful ON article_votes BEGIN
  UPDATE articles SET helpful_yes = helpful_yes - old.helpful + new.helpful WHERE id = new.article_id;
END;
CREATE TRIGGER article_votes_delete AFTER DELETE ON article_votes BEGIN
  UPDATE articles SET helpful_yes = helpful_yes - old.helpful, helpful_votes = helpful_votes - 1
  WHERE id = old.article_id;
END;

-- Comments on articles; an editor hides one (moderation) or closes the
-- article for comments (articles.comments_closed).
CREATE TABLE article_comments (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  author_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body         TEXT NOT NULL,
  hidden       INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  moderated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  moderated_at BIGINT,
  created_at   BIGINT NOT NULL
);
CREATE INDEX article_comments_article ON article_comments(article_id, id);
CREATE INDEX article_comments_author ON article_comments(author_id);

-- "Have more questions? Submit a request": a question to a program's
-- managers, optionally about one of the asker's relationships (then private
-- to the asker and the managers) or asked from an article.
CREATE TABLE help_requests (
  id              INTEGER PRIMARY KEY,
  program_id      INTEGER NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  relationship_id INTEGER REFERENCES relationships(id) ON DELETE CASCADE,
  article_id      INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  asker_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  replies         INTEGER NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  answered_at     BIGINT,
  answered_by     INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX help_requests_program ON help_requests(program_id, id);
CREATE INDEX help_requests_asker ON help_requests(asker_id, id);
CREATE INDEX help_requests_relationship ON help_requests(relationship_id);
CREATE INDEX help_requests_article ON help_requests(article_id);

-- The thread under a request: the managers' answers and the asker's
-- follow-ups.
CREATE TABLE help_replies (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
  author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body       TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX help_replies_request ON help_replies(request_id, id);
CREATE INDEX help_replies_author ON help_replies(author_id);
CREATE TRIGGER help_replies_count AFTER INSERT ON help_replies BEGIN
  UPDATE help_requests SET replies = replies + 1 WHERE id = new.request_id;
END;

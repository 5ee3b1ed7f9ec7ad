/* The guidance library's one backend-specific read: full-text search over
 * articles. The other statements of the library are plain SQL in
 * sql/article.sql; a search query is written in the backend's own language
 * (SQLite FTS5 MATCH here; PostgreSQL's tsquery once that backend exists),
 * so the words people type are turned into it here, behind the storage
 * interface, and nowhere else. */
#ifndef MENTORD_STORE_ARTICLE_H
#define MENTORD_STORE_ARTICLE_H
#include "store/stmts.h"

/* Which articles a list or a search may answer. NULL strings: no filter. */
typedef struct article_filter {
	bool any_status;       /* every status; otherwise only status */
	const char *status;    /* "published", "draft", "archived" */
	const char *phase, *audience, *flag;
	bool editor;           /* count hidden comments too */
} article_filter_t;

/* The best matches for the words of q, at most lim: every word must occur
 * (in any of title, summary, body), the last may be the start of a word,
 * and case, accents and word endings ("goal", "goals") do not matter.
 * Punctuation separates words and is otherwise ignored, so no input can
 * break the query. *n is 0 when q holds no words. Rows are owned by a. */
int store_article_search(db_t *db, arena_t *a, const char *q, const article_filter_t *f, int lim,
			 row_article_t **rows, int *n);

/* The FTS5 query for q ("" when q has no words); owned by a. Exposed for
 * the tests. */
const char *store_article_fts_query(arena_t *a, const char *q);

#endif

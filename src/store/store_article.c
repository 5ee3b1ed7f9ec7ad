/* Full-text search over articles with SQLite FTS5, or PostgreSQL's tsvector
 * (see store_article.h; the PostgreSQL text of article_search turns the same
 * quoted words into a tsquery).
 * The index is migration 0090's article_search, an external-content table
 * kept in step with articles by triggers. */
#include "store/store_article.h"
#include "core/buf.h"

#include <string.h>

/* At most this many words count; the rest of a pasted paragraph is noise. */
#define MAX_WORDS 16

/* A word is a run of letters and digits; any byte of a multi-byte UTF-8
 * character counts as a letter, so "Zoë" and "日本" stay whole and the
 * tokenizer (unicode61) sorts them out. */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const char *store_article_fts_query(arena_t *a, const char *q)
{
	buf_t b = BUF_INIT;
	int words = 0;
	const unsigned char *p = (const unsigned char *)(q ? q : "");
	while (*p && words < MAX_WORDS) {
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && word_byte(*p))
			p++;
		if (p == start)
			break;
		/* Each word as an FTS5 string: it holds no quote, so no escaping
		 * is needed, and operators like NOT or NEAR lose their meaning. */
		buf_printf(&b, "%s\"%.*s\"", words ? " " : "", (int)(p - start), (const char *)start);
		words++;
	}
	/* The last word may be unfinished: "mentor" finds "mentoring" as one types. */
	if (words)
		buf_putc(&b, '*');
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

int store_article_search(db_t *db, arena_t *a, const char *q, const article_filter_t *f, int lim,
			 row_article_t **rows, int *n)
{
	const char *query = store_article_fts_query(a, q);
	*rows = NULL;
	*n = 0;
	if (!*query)
		return DB_OK;
	return sql_article_search(db, a, query, f->any_status, f->status ? f->status : "", f->phase,
				  f->audience, f->flag, f->editor, lim, rows, n);
}

/* libFuzzer target for the search of the guidance library. Each input is
 * what a person types into the search box: store_article_fts_query turns it
 * into an SQLite FTS5 query, which then runs against a real FTS5 table with
 * the tokenizer of migration 0090. The target traps when the query it built
 * is refused by SQLite (a syntax error would be a 500 for that person) or
 * holds anything but quoted words separated by spaces and a final star, so
 * no input can reach FTS5's operators. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store_article.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *match;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE s USING fts5(title, summary, body,"
			     " tokenize = 'porter unicode61 remove_diacritics 2');"
			     "INSERT INTO s VALUES ('SMART goals', 'Specific, measurable', 'Write goals you can measure.');"
			     "INSERT INTO s VALUES ('Zoë''s café', 'naïve façade', '日本語 mentoring');",
			     NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM s WHERE s MATCH ?1 ORDER BY bm25(s, 10.0, 4.0, 1.0)", -1,
			       &match, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_article_search: %s\n", sqlite3_errmsg(db));
		abort();
	}
	return 0;
}

static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "w1" "w2" ... "wn"*: words of letters and digits, quoted, one space
 * apart, a star at the end; or nothing at all. */
static void check_shape(const char *q)
{
	const unsigned char *p = (const unsigned char *)q;
	if (!*p)
		return;
	for (;;) {
		if (*p++ != '"')
			abort();
		const unsigned char *w = p;
		while (*p && *p != '"')
			if (!word_byte(*p++))
				abort();
		if (*p != '"' || p == w)
			abort();
		p++;
		if (*p == '*' && !p[1])
			return;
		if (*p++ != ' ')
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	char *text = arena_strndup(a, (const char *)data, size);
	const char *q = store_article_fts_query(a, text);
	check_shape(q);
	if (*q) {
		sqlite3_reset(match);
		sqlite3_bind_text(match, 1, q, -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(match)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "fuzz_article_search: %s refused %s\n", sqlite3_errmsg(db), q);
			abort();
		}
	}
	arena_free(a);
	return 0;
}

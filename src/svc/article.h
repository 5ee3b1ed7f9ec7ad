/* What the guidance library's services offer beyond the API's operations:
 * the suggestions other pages show (the articles of a relationship phase
 * next to "Next step", the article about a health flag), the starter set
 * that `mentord init` loads, and the pieces the library's own pages share
 * (who edits, the tally in words, the articles a form can relate to). The
 * operations themselves are generated from src/api/openapi.json
 * (svc/api_types.h). */
#ifndef MENTORD_SVC_ARTICLE_H
#define MENTORD_SVC_ARTICLE_H
#include "store/stmts.h"
#include "svc/svc.h"

/* Administrators and managers write, edit, publish and archive articles and
 * moderate comments. */
bool svc_article_editor(const svc_t *s);
/* Article id (*out) if the caller may read it: published for everyone
 * signed in, any status for editors; otherwise 404 without saying whether
 * it exists. */
int svc_article_readable(svc_t *s, int64_t id, row_article_t **out);

/* The published articles of a relationship phase ("getting_to_know", ...),
 * written for audience ("mentor", "mentee", "manager"; NULL for any), the
 * most specific first, at most max. Refs are owned by s->arena. */
int svc_article_for_phase(svc_t *s, const char *phase, const char *audience, int max,
			  ArticleRef_list_t *out);
/* The published article about a health flag ("gone_quiet", ...): *found
 * false when there is none. */
int svc_article_for_flag(svc_t *s, const char *flag, ArticleRef_t *out, bool *found);

/* "2 out of 3 found this helpful", or that nobody has voted yet; owned by
 * s->arena. */
const char *svc_article_tally(svc_t *s, int64_t yes, int64_t votes);

/* Every article the caller may relate an article to (editors: all of them),
 * in id order, with their status; for the edit form's choices. */
int svc_article_refs(svc_t *s, row_article_ref_t **rows, int *n);

/* One article of the starter set as svc/article_starters.c reads it from
 * its file: the article (title, summary, body, phases, audiences, flags)
 * and the keys of the starter articles it relates to. */
typedef struct article_starter {
	const char *key;    /* the file's name without its number and .md */
	ArticleCreate_t a;
	strlist_t related;
} article_starter_t;
/* Writes, published, every starter article never loaded before (by key),
 * then relates the new ones to the others by key and records their
 * version 1; one transaction. */
int svc_article_add_starters(svc_t *s, const article_starter_t *v, int n, int *loaded, int *kept);

/* The starter set: the Markdown files of src/store/articles, built into the
 * binary. Loads, published, every one that was never loaded (an article an
 * editor changed or archived since is left as it is), with version 1, its
 * tags and related articles, in one transaction. *loaded and *kept count
 * the new and the already present. A file that does not parse is a
 * programming error: SVC_ERROR naming it in s->detail. */
int svc_article_load_starters(svc_t *s, int *loaded, int *kept);

#endif

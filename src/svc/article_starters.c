/* The starter set of the guidance library: Markdown files written for
 * mentord (src/store/articles/NN-key.md, built into the binary like the
 * templates), one or more per relationship phase and per practice. Each file
 * opens with a header of "name: value" lines and a line "---", then the
 * Markdown body:
 *
 *   title: Getting to know each other
 *   summary: Why the first weeks are for people, not plans.
 *   phases: getting_to_know
 *   audiences: mentor, mentee
 *   flags: one_sided
 *   related: kickoff-meeting, smart-goals
 *   ---
 *   Body in Markdown...
 *
 * Every value is held to the API's own rules for a new article
 * (ArticleCreate), so a starter article is one an editor could have written;
 * related names other starter files by key. NN orders the set. */
#include "svc/article.h"
#include "core/embed.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define DIR "store/articles/"

static int cmp_name(const void *x, const void *y)
{
	return strcmp((*(const struct embed_file *const *)x)->name, (*(const struct embed_file *const *)y)->name);
}

/* "01-getting-to-know.md" -> "getting-to-know". */
static const char *key_of(arena_t *a, const char *name)
{
	const char *base = name + strlen(DIR), *dash = strchr(base, '-');
	const char *start = dash ? dash + 1 : base;
	size_t n = strlen(start);
	return arena_strndup(a, start, n > 3 ? n - 3 : n);
}

/* Checks value against the rules of ArticleCreate's field; *out keeps it. */
static bool check(svc_t *s, const char *field, const char *value, const char **out, const char **why)
{
	const sch_field_t *f = sch_field(&sch_ArticleCreate, field);
	return f && sch_check_str(f, value, strlen(value), s->arena, out, why);
}

/* A comma-separated list, each item checked by the field's rules. */
static bool list(svc_t *s, const char *field, const char *value, strlist_t *out, const char **why)
{
	out->v = arena_alloc(s->arena, sizeof(char *) * (strlen(value) / 2 + 2));
	out->n = 0;
	for (const char *p = value; *p;) {
		size_t n = strcspn(p, ",");
		const char *item = text_trim(s->arena, p, n);
		p += n + (p[n] == ',');
		if (!*item)
			continue;
		if (field && !check(s, field, item, &out->v[out->n], why))
			return false;
		if (!field)
			out->v[out->n] = item;
		out->n++;
	}
	return true;
}

/* Reads one file into st; false with *why (owned by the arena). */
static bool parse(svc_t *s, const struct embed_file *f, article_starter_t *st, const char **why)
{
	memset(st, 0, sizeof(*st));
	st->key = key_of(s->arena, f->name);
	const char *p = f->data, *end = f->data + f->len;
	ArticleCreate_t *a = &st->a;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		const char *line = arena_strndup(s->arena, p, n);
		p += n + (eol != NULL);
		if (!strcmp(line, "---")) {
			if (!a->title || !check(s, "body", p, &a->body, why)) {
				*why = a->title ? arena_printf(s->arena, "body %s", *why) : "no title before ---";
				return false;
			}
			a->has_summary = a->summary != NULL;
			return true;
		}
		const char *colon = strchr(line, ':');
		if (!colon) {
			*why = arena_printf(s->arena, "header line \"%s\" is not \"name: value\"", line);
			return false;
		}
		const char *name = arena_strndup(s->arena, line, (size_t)(colon - line));
		const char *value = text_trim(s->arena, colon + 1, strlen(colon + 1));
		bool ok = false;
		*why = "is not a known header";
		if (!strcmp(name, "title"))
			ok = check(s, name, value, &a->title, why);
		else if (!strcmp(name, "summary"))
			ok = check(s, name, value, &a->summary, why);
		else if (!strcmp(name, "phases"))
			ok = a->has_phases = list(s, name, value, &a->phases, why);
		else if (!strcmp(name, "audiences"))
			ok = a->has_audiences = list(s, name, value, &a->audiences, why);
		else if (!strcmp(name, "flags"))
			ok = a->has_flags = list(s, name, value, &a->flags, why);
		else if (!strcmp(name, "related"))
			ok = list(s, NULL, value, &st->related, why);
		if (!ok) {
			*why = arena_printf(s->arena, "%s %s", name, *why);
			return false;
		}
	}
	*why = "has no line \"---\" between its header and its body";
	return false;
}

int svc_article_load_starters(svc_t *s, int *loaded, int *kept)
{
	const struct embed_file **files = arena_alloc(s->arena, sizeof(*files) * (size_t)(embed_count + 1));
	int n = 0;
	*loaded = *kept = 0;
	for (int i = 0; i < embed_count; i++)
		if (!strncmp(embed_files[i].name, DIR, strlen(DIR)))
			files[n++] = &embed_files[i];
	qsort(files, (size_t)n, sizeof(*files), cmp_name);
	article_starter_t *v = arena_alloc(s->arena, sizeof(*v) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		const char *why = NULL;
		if (!parse(s, files[i], &v[i], &why)) {
			s->detail = arena_printf(s->arena, "%s: %s", files[i]->name, why);
			return svc_fail(s, SVC_ERROR, "internal", "a starter article does not parse");
		}
	}
	/* Every related key must name a file of the set. */
	for (int i = 0; i < n; i++)
		for (int k = 0; k < v[i].related.n; k++) {
			bool known = false;
			for (int j = 0; j < n; j++)
				known |= !strcmp(v[j].key, v[i].related.v[k]);
			if (!known) {
				s->detail = arena_printf(s->arena, "%s: related names no starter article \"%s\"",
							 files[i]->name, v[i].related.v[k]);
				return svc_fail(s, SVC_ERROR, "internal", "a starter article does not parse");
			}
		}
	return svc_article_add_starters(s, v, n, loaded, kept);
}

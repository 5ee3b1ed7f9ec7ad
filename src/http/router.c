/* Path routing. The routes (a few hundred: the generated API endpoints and
 * pages) are kept in a tree of path segments, so a request is matched by
 * walking its own segments rather than by trying every pattern in turn.
 * "{id}" matches a positive integer (no leading zero, at most 18 digits), so
 * handlers get ids already parsed and bounded; "{s}" matches text up to the
 * pattern's next literal character (the declared rules of the parameter
 * check it after routing); a segment may mix both with literal text
 * ("{id}.ics"). A last segment "{*}" takes the rest of the path, whatever
 * its segments, even none: a catch-all under a prefix (SCIM answers its own
 * 404s so). At each level literal segments are tried before patterns,
 * and routes that end at the same place are tried in the order they were
 * added. The table is built once, at start-up, by the composition root
 * (cli/cmd_serve.c); matching only reads it. */
#include "http/http.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct rnode {
	const char *seg;      /* this segment of the pattern (not NUL-terminated) */
	size_t seglen;
	bool pattern;         /* holds {id} or {s} */
	struct rnode **kids;  /* literal children first, then patterns, in order added */
	int nkids;
	int *routes;          /* indexes of the routes that end here, in order added */
	int nroutes;
} rnode_t;

static route_t *table;
static int ntable;
static rnode_t *root;

static void node_free(rnode_t *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->routes);
	free(n);
}

/* The child of n for pattern segment seg, made if missing. */
static rnode_t *child(rnode_t *n, const char *seg, size_t len)
{
	for (int i = 0; i < n->nkids; i++)
		if (n->kids[i]->seglen == len && memcmp(n->kids[i]->seg, seg, len) == 0)
			return n->kids[i];
	rnode_t *k = xcalloc(1, sizeof(*k));
	k->seg = seg;
	k->seglen = len;
	k->pattern = memchr(seg, '{', len) != NULL;
	n->kids = xrealloc(n->kids, sizeof(*n->kids) * (size_t)(n->nkids + 1));
	/* Literal segments go before patterns; each kind keeps its order. */
	int at = n->nkids;
	if (!k->pattern)
		while (at > 0 && n->kids[at - 1]->pattern)
			at--;
	memmove(n->kids + at + 1, n->kids + at, sizeof(*n->kids) * (size_t)(n->nkids - at));
	n->kids[at] = k;
	n->nkids++;
	return k;
}

static void insert(int idx)
{
	const char *p = table[idx].pattern;
	rnode_t *n = root;
	if (*p == '/')
		p++;
	for (;;) {
		size_t len = strcspn(p, "/");
		n = child(n, p, len);
		if (p[len] != '/')
			break;
		p += len + 1;
	}
	n->routes = xrealloc(n->routes, sizeof(int) * (size_t)(n->nroutes + 1));
	n->routes[n->nroutes++] = idx;
}

static void rebuild(void)
{
	node_free(root);
	root = xcalloc(1, sizeof(*root));
	for (int i = 0; i < ntable; i++)
		insert(i);
}

void router_add(const route_t *routes, int n)
{
	table = xrealloc(table, sizeof(route_t) * (size_t)(ntable + n));
	memcpy(table + ntable, routes, sizeof(route_t) * (size_t)n);
	ntable += n;
	rebuild(); /* the nodes point into table, which may have moved */
}

void router_reset(void)
{
	node_free(root);
	root = NULL;
	free(table);
	table = NULL;
	ntable = 0;
}

/* What a match collects on its way down. */
typedef struct found {
	int64_t ids[HTTP_MAX_IDS];
	const char *seg[HTTP_MAX_IDS];
	size_t seglen[HTTP_MAX_IDS];
	int nid, nseg;
} found_t;

/* Matches one pattern segment against one path segment (s[0..n)). */
static bool match_segment(const char *pat, size_t plen, const char *s, size_t n, found_t *f)
{
	const char *pend = pat + plen, *end = s + n;
	while (pat < pend) {
		if ((size_t)(pend - pat) >= 3 && strncmp(pat, "{s}", 3) == 0) {
			char stop = pat + 3 < pend ? pat[3] : '\0';
			const char *e = s;
			while (e < end && *e != stop)
				e++;
			if (e == s || f->nseg >= HTTP_MAX_IDS)
				return false;
			f->seg[f->nseg] = s;
			f->seglen[f->nseg++] = (size_t)(e - s);
			s = e;
			pat += 3;
			continue;
		}
		if ((size_t)(pend - pat) >= 4 && strncmp(pat, "{id}", 4) == 0) {
			if (s == end || !isdigit((unsigned char)*s) || *s == '0' || f->nid >= HTTP_MAX_IDS ||
			    f->nseg >= HTTP_MAX_IDS)
				return false;
			const char *e = s;
			int64_t v = 0;
			while (e < end && isdigit((unsigned char)*e)) {
				if (e - s == 18)
					return false;
				v = v * 10 + (*e - '0');
				e++;
			}
			f->ids[f->nid++] = v;
			f->seg[f->nseg] = s;
			f->seglen[f->nseg++] = (size_t)(e - s);
			s = e;
			pat += 4;
			continue;
		}
		if (s == end || *pat != *s)
			return false;
		pat++;
		s++;
	}
	return s == end;
}

static bool method_fits(const route_t *rt, const char *method)
{
	return strcmp(rt->method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0);
}

/* Walks from node n with the path's rest at p; on success *out is the route. */
static bool walk(const rnode_t *n, const char *p, const char *method, found_t *f, bool *known,
		 const route_t **out)
{
	size_t len = strcspn(p, "/");
	bool last = p[len] != '/';
	for (int i = 0; i < n->nkids; i++) {
		const rnode_t *k = n->kids[i];
		int nid = f->nid, nseg = f->nseg;
		if (k->pattern && k->seglen == 3 && memcmp(k->seg, "{*}", 3) == 0) {
			for (int r = 0; r < k->nroutes; r++)
				if (method_fits(&table[k->routes[r]], method)) {
					*out = &table[k->routes[r]];
					return true;
				}
			continue;
		}
		bool fits = k->pattern ? match_segment(k->seg, k->seglen, p, len, f)
				       : k->seglen == len && memcmp(k->seg, p, len) == 0;
		if (fits) {
			if (last) {
				for (int r = 0; r < k->nroutes; r++) {
					*known = true;
					if (method_fits(&table[k->routes[r]], method)) {
						*out = &table[k->routes[r]];
						return true;
					}
				}
			} else if (walk(k, p + len + 1, method, f, known, out)) {
				return true;
			}
		}
		f->nid = nid; /* undo what this branch collected */
		f->nseg = nseg;
	}
	return false;
}

const route_t *router_match(req_t *r, bool *path_known)
{
	*path_known = false;
	if (!root || r->path[0] != '/')
		return NULL;
	found_t f = {.nid = 0};
	const route_t *rt = NULL;
	if (!walk(root, r->path + 1, r->method, &f, path_known, &rt))
		return NULL;
	memcpy(r->id, f.ids, sizeof(f.ids));
	r->nid = f.nid;
	for (int k = 0; k < f.nseg; k++)
		r->seg[k] = arena_strndup(r->arena, f.seg[k], f.seglen[k]);
	r->nseg = f.nseg;
	r->route_data = rt->data;
	return rt;
}

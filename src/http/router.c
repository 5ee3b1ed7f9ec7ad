/* Path routing: a flat table of (method, pattern) scanned in order. With a
 * hundred routes a scan costs less than a request's first syscall, and a
 * table reads better than a trie. "{id}" segments match positive integers
 * only, so handlers get ids already parsed and bounded; "{s}" segments match
 * text (the declared rules of the parameter check it after routing). The
 * table is built once by the composition root (cli/cmd_serve.c). */
#include "http/http.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static route_t *table;
static int ntable;

void router_add(const route_t *routes, int n)
{
	table = xrealloc(table, sizeof(route_t) * (size_t)(ntable + n));
	memcpy(table + ntable, routes, sizeof(route_t) * (size_t)n);
	ntable += n;
}

void router_reset(void)
{
	free(table);
	table = NULL;
	ntable = 0;
}

/* Matches pattern against path, collecting the segments' positions. */
static bool match_path(const char *pat, const char *path, int64_t *ids, int *nid,
		       const char **seg, size_t *seglen, int *nseg)
{
	*nid = 0;
	*nseg = 0;
	while (*pat && *path) {
		if (strncmp(pat, "{s}", 3) == 0) {
			char stop = pat[3];
			const char *end = path;
			while (*end && *end != '/' && *end != stop)
				end++;
			if (end == path || *nseg >= HTTP_MAX_IDS)
				return false;
			seg[*nseg] = path;
			seglen[(*nseg)++] = (size_t)(end - path);
			path = end;
			pat += 3;
			continue;
		}
		if (strncmp(pat, "{id}", 4) == 0) {
			if (!isdigit((unsigned char)*path) || *path == '0' || *nid >= HTTP_MAX_IDS)
				return false;
			const char *end = path;
			while (isdigit((unsigned char)*end))
				end++;
			if (end - path > 18)
				return false;
			errno = 0;
			ids[(*nid)++] = strtoll(path, NULL, 10);
			seg[*nseg] = path;
			seglen[(*nseg)++] = (size_t)(end - path);
			path = end;
			pat += 4;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

const route_t *router_match(req_t *r, bool *path_known)
{
	*path_known = false;
	for (int i = 0; i < ntable; i++) {
		int64_t ids[HTTP_MAX_IDS];
		const char *seg[HTTP_MAX_IDS];
		size_t seglen[HTTP_MAX_IDS];
		int nid, nseg;
		if (!match_path(table[i].pattern, r->path, ids, &nid, seg, seglen, &nseg))
			continue;
		*path_known = true;
		bool head_as_get = strcmp(r->method, "HEAD") == 0 && strcmp(table[i].method, "GET") == 0;
		if (strcmp(table[i].method, r->method) != 0 && !head_as_get)
			continue;
		memcpy(r->id, ids, sizeof(ids));
		r->nid = nid;
		for (int k = 0; k < nseg; k++)
			r->seg[k] = arena_strndup(r->arena, seg[k], seglen[k]);
		r->nseg = nseg;
		r->route_data = table[i].data;
		return &table[i];
	}
	return NULL;
}

/* The request fuzzers' input text and mutator (see request.h). */
#include "request.h"
#include "shape.h"

#include "api/endpoint.h"
#include "core/arena.h"
#include "core/buf.h"
#include "web/pagetable.h"

#include <stdlib.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

enum { MAX_REQUESTS = 8 };
static const char separator[] = "\n--next--\n";

fz_ops_t fz_ops_api(void)
{
	fz_ops_t o = {calloc((size_t)api_endpoints_count, sizeof(fz_op_t)), api_endpoints_count, false};
	for (int i = 0; i < o.n; i++)
		o.v[i] = (fz_op_t){api_endpoints[i].method, api_endpoints[i].pattern, api_endpoints[i].operation_id,
				   api_endpoints[i].in, api_endpoints[i].body_type};
	return o;
}

fz_ops_t fz_ops_pages(void)
{
	fz_ops_t o = {calloc((size_t)web_pages_count, sizeof(fz_op_t)), web_pages_count, true};
	for (int i = 0; i < o.n; i++)
		o.v[i] = (fz_op_t){web_pages[i].method, web_pages[i].pattern, web_pages[i].operation_id,
				   web_pages[i].in, web_pages[i].body_type};
	return o;
}

/* ---- the text ---- */

typedef struct fz_text {
	const char *op, *who, *auth, *method, *path, *query;
	const char *hdr[FZ_MAX_HEADERS];
	int nhdr;
	const char *body;
	size_t body_len;
} fz_text_t;

static const char *take_line(arena_t *a, const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *stop = nl ? nl : end;
	const char *s = arena_strndup(a, *p, (size_t)(stop - *p));
	*p = nl ? nl + 1 : end;
	return s;
}

/* "Name: value" with a token for a name, as a header line must be. */
static bool header_line(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-'))
		q++;
	return q > p && q < end && *q == ':';
}

static void parse_one(arena_t *a, const char *p, const char *end, fz_text_t *t)
{
	memset(t, 0, sizeof(*t));
	char *first = (char *)take_line(a, &p, end);
	const char **words[] = {&t->op, &t->who, &t->auth, &t->method};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && first; i++) {
		char *sp = strchr(first, ' ');
		if (sp)
			*sp = '\0';
		*words[i] = first;
		first = sp ? sp + 1 : NULL;
	}
	t->path = p < end ? take_line(a, &p, end) : "";
	t->query = p < end ? take_line(a, &p, end) : "";
	while (p < end) {
		if (*p == '\n') {
			p++;
			break;
		}
		if (!header_line(p, end) || t->nhdr == FZ_MAX_HEADERS)
			break;
		t->hdr[t->nhdr++] = take_line(a, &p, end);
	}
	t->body = p;
	t->body_len = (size_t)(end - p);
}

static int parse(arena_t *a, const uint8_t *data, size_t size, fz_text_t *out)
{
	const char *p = (const char *)data, *end = p + size;
	int n = 0;
	while (n < MAX_REQUESTS) {
		const char *sep = memmem(p, (size_t)(end - p), separator, sizeof(separator) - 1);
		parse_one(a, p, sep ? sep : end, &out[n++]);
		if (!sep)
			break;
		p = sep + sizeof(separator) - 1;
	}
	return n;
}

static void write_one(buf_t *b, const fz_text_t *t)
{
	buf_puts(b, t->op ? t->op : "");
	const char *words[] = {t->who, t->auth, t->method};
	for (size_t i = 0; i < 3 && words[i] && *words[i]; i++) {
		buf_putc(b, ' ');
		buf_puts(b, words[i]);
	}
	buf_printf(b, "\n%s\n%s\n", t->path ? t->path : "", t->query ? t->query : "");
	for (int i = 0; i < t->nhdr; i++)
		buf_printf(b, "%s\n", t->hdr[i]);
	buf_putc(b, '\n');
	buf_append(b, t->body, t->body_len);
}

/* ---- from text to request ---- */

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const fz_op_t *find_op(const fz_ops_t *ops, const char *name)
{
	for (int i = 0; i < ops->n; i++)
		if (name && !strcmp(ops->v[i].operation_id, name))
			return &ops->v[i];
	return &ops->v[hash(name) % (uint32_t)ops->n];
}

static fz_who_t find_who(const char *s)
{
	if (!s || !*s)
		return FZ_MENTEE;
	for (int i = 0; i < FZ_NWHO; i++)
		if (!strcmp(s, fz_who_names[i]))
			return (fz_who_t)i;
	return (fz_who_t)(hash(s) % FZ_NWHO);
}

static fz_auth_t find_auth(const char *s)
{
	for (int i = 0; s && i < FZ_NAUTH; i++)
		if (!strcmp(s, fz_auth_names[i]))
			return (fz_auth_t)i;
	return FZ_COOKIE;
}

/* The path segment before the one at p in pattern: the resource an {id}
 * names ("relationships" in /relationships/{id}). */
static const char *resource_before(const char *pattern, const char *p, size_t *len)
{
	const char *cs = p;
	while (cs > pattern && cs[-1] != '/')
		cs--;
	const char *pe = cs > pattern ? cs - 1 : cs, *ps = pe;
	while (ps > pattern && ps[-1] != '/')
		ps--;
	*len = (size_t)(pe - ps);
	return ps;
}

static const char *build_path(arena_t *a, const fz_op_t *op, const char *values)
{
	if (values[0] == '/')
		return values;
	buf_t b = BUF_INIT;
	const char *v = values;
	for (const char *p = op->pattern; *p;) {
		bool id = !strncmp(p, "{id}", 4), s = !strncmp(p, "{s}", 3);
		if (!id && !s) {
			buf_putc(&b, *p++);
			continue;
		}
		size_t vl = strcspn(v, "/");
		const char *val = v;
		v += vl;
		if (*v == '/')
			v++;
		if (vl == 0 || val[0] == '#') {
			int k = vl ? atoi(val + 1) : 0;
			if (id) {
				size_t rl;
				const char *res = resource_before(op->pattern, p, &rl);
				int n;
				const int64_t *ids = fz_ids(res, rl, &n);
				buf_printf(&b, "%lld", n ? (long long)ids[(unsigned)k % (unsigned)n] : 1LL);
			} else {
				buf_puts(&b, fz_calendar_token());
			}
		} else {
			buf_append(&b, val, vl);
		}
		p += id ? 4 : 3;
	}
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static bool unsafe(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static void build(arena_t *a, const fz_ops_t *ops, const fz_text_t *t, fz_req_t *q)
{
	const fz_op_t *op = find_op(ops, t->op);
	memset(q, 0, sizeof(*q));
	q->method = t->method && *t->method ? t->method : op->method;
	q->path = build_path(a, op, t->path);
	q->query = t->query && *t->query ? t->query : NULL;
	q->who = find_who(t->who);
	q->auth = find_auth(t->auth);
	q->content_type = op->body_type;
	q->body = t->body;
	q->body_len = t->body_len;
	for (int i = 0; i < t->nhdr; i++) {
		const char *colon = strchr(t->hdr[i], ':');
		q->hdr[q->nhdr].name = arena_strndup(a, t->hdr[i], (size_t)(colon - t->hdr[i]));
		const char *v = colon + 1;
		while (*v == ' ')
			v++;
		q->hdr[q->nhdr++].value = v;
	}
	/* A page's form carries the session's CSRF field, first so it wins. */
	if (ops->pages && q->auth == FZ_COOKIE && q->who != FZ_ANON && unsafe(q->method)) {
		buf_t b = BUF_INIT;
		buf_printf(&b, "_csrf=%s", fz_csrf(q->who));
		if (t->body_len) {
			buf_putc(&b, '&');
			buf_append(&b, t->body, t->body_len);
		}
		q->body = arena_strndup(a, buf_cstr(&b), b.len);
		q->body_len = b.len;
		buf_free(&b);
		if (!q->content_type)
			q->content_type = "application/x-www-form-urlencoded";
	}
}

void fz_text_run(const fz_ops_t *ops, const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	fz_text_t t[MAX_REQUESTS];
	int n = parse(a, data, size, t);
	for (int i = 0; i < n; i++) {
		fz_req_t q;
		build(a, ops, &t[i], &q);
		fz_run(&q);
	}
	fz_end_input();
	arena_free(a);
}

/* ---- the mutator ---- */

static const sch_type_t *body_type(const fz_op_t *op)
{
	for (int i = 0; op->in && i < op->in->nfields; i++)
		if (op->in->fields[i].in == SCH_IN_BODY && op->in->fields[i].kind == SCH_OBJ)
			return op->in->fields[i].type;
	return NULL;
}

static bool is_json_op(const fz_op_t *op)
{
	return op->body_type && !strcmp(op->body_type, "application/json");
}

static void fresh_body(arena_t *a, fz_rng_t *r, const fz_op_t *op, fz_text_t *t)
{
	const sch_type_t *bt = body_type(op);
	t->body = "";
	t->body_len = 0;
	if (!bt)
		return;
	if (is_json_op(op)) {
		json_t *j = shape_json_object(r, bt, 0);
		char *s = json_dumps(j, JSON_COMPACT);
		t->body = arena_strdup(a, s ? s : "{}");
		t->body_len = strlen(t->body);
		free(s);
		json_decref(j);
	} else {
		buf_t b = BUF_INIT;
		shape_pairs(r, op->in, SCH_IN_BODY, &b);
		t->body = arena_strndup(a, buf_cstr(&b), b.len);
		t->body_len = b.len;
		buf_free(&b);
	}
}

static void mutate_body(arena_t *a, fz_rng_t *r, const fz_op_t *op, fz_text_t *t)
{
	const sch_type_t *bt = body_type(op);
	if (!bt || !is_json_op(op) || fz_chance(r, 25)) {
		fresh_body(a, r, op, t);
		return;
	}
	json_t *j = json_loadb(t->body, t->body_len, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		fresh_body(a, r, op, t);
		return;
	}
	int k = 1 + (int)fz_rand(r, 3);
	while (k--)
		shape_json_mutate(r, bt, j, 0);
	char *s = json_dumps(j, JSON_COMPACT);
	t->body = arena_strdup(a, s ? s : "{}");
	t->body_len = strlen(t->body);
	free(s);
	json_decref(j);
}

static void mutate_path(arena_t *a, fz_rng_t *r, fz_text_t *t)
{
	static const char *const odd[] = {"0", "-1", "007", "999999999999999999", "9999999999999999999", "1e3",
					  "abc", "%2e%2e", "..", "1.ics", " 1", "1 ", "#9", "", "#1", "#2", "#3"};
	switch (fz_rand(r, 4)) {
	case 0: t->path = ""; break;
	case 1: t->path = arena_printf(a, "#%u", fz_rand(r, 8)); break;
	case 2: t->path = arena_printf(a, "%s/%s", odd[fz_rand(r, sizeof(odd) / sizeof(odd[0]))],
				      fz_chance(r, 50) ? "" : "#1"); break;
	default: t->path = odd[fz_rand(r, sizeof(odd) / sizeof(odd[0]))]; break;
	}
}

static void mutate_query(arena_t *a, fz_rng_t *r, const fz_op_t *op, fz_text_t *t)
{
	buf_t b = BUF_INIT;
	if (fz_chance(r, 30) && t->query && *t->query)
		buf_printf(&b, "%s&", t->query);
	shape_pairs(r, op->in, SCH_IN_QUERY, &b);
	static const char *const extra[] = {"limit=0", "limit=-1", "limit=99999999999999999999", "cursor=", "cursor=abc",
					    "cursor=9223372036854775807", "at_risk=1", "dry_run=1", "done=1", "next=//evil.example",
					    "next=/programs", "a", "=x", "%00=1", "limit=1&limit=2", "q=%ff"};
	if (fz_chance(r, 40))
		buf_printf(&b, "%s%s", b.len ? "&" : "", extra[fz_rand(r, sizeof(extra) / sizeof(extra[0]))]);
	t->query = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
}

static void mutate_headers(fz_rng_t *r, fz_text_t *t)
{
	static const char *const hdrs[] = {
		"Content-Type: application/json", "Content-Type: text/plain", "Content-Type: text/csv",
		"Content-Type: application/x-www-form-urlencoded", "Authorization: Bearer mtd_x",
		"Authorization: Basic eDp5", "Authorization: Bearer ", "Cookie: mentord_session=x",
		"Cookie: mentord_session=", "X-CSRF-Token: x", "X-CSRF-Token: ", "Sec-Fetch-Site: cross-site",
		"Sec-Fetch-Site: same-origin", "Sec-Fetch-Site: none"};
	if (t->nhdr && fz_chance(r, 40)) {
		t->nhdr--;
		return;
	}
	if (t->nhdr < FZ_MAX_HEADERS)
		t->hdr[t->nhdr++] = hdrs[fz_rand(r, sizeof(hdrs) / sizeof(hdrs[0]))];
}

static void fresh_request(arena_t *a, fz_rng_t *r, const fz_ops_t *ops, fz_text_t *t)
{
	memset(t, 0, sizeof(*t));
	const fz_op_t *op = &ops->v[fz_rand(r, (uint32_t)ops->n)];
	t->op = op->operation_id;
	t->who = fz_who_names[fz_rand(r, FZ_NWHO)];
	t->path = "";
	t->query = "";
	if (fz_chance(r, 30))
		mutate_query(a, r, op, t);
	fresh_body(a, r, op, t);
}

/* A raw byte mutation of the body alone. */
static void raw_body(arena_t *a, fz_text_t *t, size_t room)
{
	if (room < t->body_len + 16)
		room = t->body_len + 16;
	uint8_t *b = arena_alloc(a, room);
	memcpy(b, t->body, t->body_len);
	t->body_len = LLVMFuzzerMutate(b, t->body_len, room);
	t->body = (const char *)b;
}

size_t fz_text_mutate(const fz_ops_t *ops, uint8_t *data, size_t size, size_t max, unsigned seed)
{
	fz_rng_t r = {((uint64_t)seed << 1 | 1) * 0x9E3779B97F4A7C15ull};
	if (fz_chance(&r, 10))
		return LLVMFuzzerMutate(data, size, max);
	arena_t *a = arena_new();
	fz_text_t t[MAX_REQUESTS];
	int n = size ? parse(a, data, size, t) : 0;
	if (n == 0 || (n < MAX_REQUESTS && fz_chance(&r, 4)))
		fresh_request(a, &r, ops, &t[n++]);
	else if (n > 1 && fz_chance(&r, 3))
		n--;
	fz_text_t *x = &t[fz_rand(&r, (uint32_t)n)];
	const fz_op_t *op = find_op(ops, x->op);
	uint32_t what = fz_rand(&r, 100);
	if (what < 35) {
		mutate_body(a, &r, op, x);
	} else if (what < 43) {
		op = &ops->v[fz_rand(&r, (uint32_t)ops->n)];
		x->op = op->operation_id;
		if (fz_chance(&r, 60))
			fresh_body(a, &r, op, x);
	} else if (what < 50) {
		x->who = fz_who_names[fz_rand(&r, FZ_NWHO)];
		x->auth = fz_chance(&r, 70) ? NULL : fz_auth_names[fz_rand(&r, FZ_NAUTH)];
		static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
		x->method = fz_chance(&r, 85) ? NULL : methods[fz_rand(&r, 7)];
		if (!x->auth && x->method)
			x->auth = "cookie";
	} else if (what < 57) {
		mutate_path(a, &r, x);
	} else if (what < 66) {
		mutate_query(a, &r, op, x);
	} else if (what < 71) {
		mutate_headers(&r, x);
	} else {
		raw_body(a, x, max > size ? max - size + x->body_len : x->body_len);
	}
	buf_t b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (i)
			buf_append(&b, separator, sizeof(separator) - 1);
		write_one(&b, &t[i]);
	}
	size_t out = b.len;
	if (out <= max) {
		memcpy(data, b.data, out);
	} else {
		out = LLVMFuzzerMutate(data, size, max);
	}
	buf_free(&b);
	arena_free(a);
	return out;
}

/* ---- the dictionary ---- */

void fz_text_dict(const fz_ops_t *ops, const char *path, const char *extra_path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "# Generated by the fuzz target from the declared operations (fuzz/request.c).\n");
	for (int i = 0; i < FZ_NWHO; i++)
		shape_dict_entry(f, fz_who_names[i]);
	for (int i = 0; i < FZ_NAUTH; i++)
		shape_dict_entry(f, fz_auth_names[i]);
	shape_dict_entry(f, separator);
	for (int i = 0; i < ops->n; i++) {
		shape_dict_entry(f, ops->v[i].operation_id);
		shape_dict_entry(f, ops->v[i].pattern);
		shape_dict_type(f, ops->v[i].in);
	}
	if (extra_path) {
		FILE *x = fopen(extra_path, "r");
		char line[1024];
		while (x && fgets(line, sizeof(line), x))
			fputs(line, f);
		if (x)
			fclose(x);
	}
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

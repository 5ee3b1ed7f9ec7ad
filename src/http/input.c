/* Reading a request's declared input (see input.h). */
#include "http/input.h"

#include <microhttpd.h>
#include <string.h>

typedef struct collect {
	arena_t *a;
	sch_pair_t *v;
	int n, cap;
} collect_t;

static enum MHD_Result add_pair(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				const char *value, size_t value_size)
{
	collect_t *c = cls;
	(void)kind;
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 8;
		sch_pair_t *bigger = arena_alloc(c->a, sizeof(*bigger) * (size_t)cap);
		if (c->n)
			memcpy(bigger, c->v, sizeof(*bigger) * (size_t)c->n);
		c->v = bigger;
		c->cap = cap;
	}
	sch_pair_t *p = &c->v[c->n++];
	p->name = strlen(key) == key_size ? arena_strndup(c->a, key, key_size) : "(name with a NUL)";
	p->value = value ? arena_strndup(c->a, value, value_size) : "";
	p->value_len = value ? value_size : 0;
	return MHD_YES;
}

int http_query_pairs(req_t *r, sch_pair_t **out)
{
	if (r->query)
		return sch_parse_urlencoded(r->query, strlen(r->query), r->arena, out);
	collect_t c = {.a = r->arena};
	if (r->conn)
		MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, add_pair, &c);
	*out = c.v;
	return c.n;
}

static bool read_path(req_t *r, const sch_type_t *t, void *out)
{
	int k = 0;
	for (int i = 0; i < t->nfields; i++) {
		const sch_field_t *f = &t->fields[i];
		if (f->in != SCH_IN_PATH)
			continue;
		if (k >= r->nseg)
			return false;
		const char *seg = r->seg[k++], *why;
		if (f->kind == SCH_INT) {
			int64_t v = 0;
			for (const char *p = seg; *p; p++)
				v = v * 10 + (*p - '0'); /* the router matched 1-18 digits */
			if (!sch_check_int(f, v, sch_at(out, f->off), r->arena, &why))
				return false;
		} else if (!sch_check_str(f, seg, strlen(seg), r->arena, sch_at(out, f->off), &why)) {
			return false;
		}
	}
	return true;
}

static const sch_field_t *body_field(const sch_type_t *t)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].in == SCH_IN_BODY && t->fields[i].kind == SCH_OBJ)
			return &t->fields[i];
	return NULL;
}

static input_status_t read_body(req_t *r, const sch_field_t *bf, const char *body_type, bool required,
				void *out, verr_t *errs, const char **code, const char **msg)
{
	static const char *const form_ignore[] = {"_csrf", NULL};
	if (!r->body || r->body_len == 0) {
		if (!required)
			return INPUT_OK;
		if (strcmp(body_type, "application/json") == 0) {
			*code = "bad_request";
			*msg = "the request needs a JSON object body";
			return INPUT_BAD;
		}
		/* An empty form is a form with every field left out. */
	}
	void *slot = sch_at(out, bf->off);
	if (strcmp(body_type, "application/x-www-form-urlencoded") == 0) {
		sch_pair_t *pairs;
		int n = sch_parse_urlencoded(r->body ? r->body : "", r->body_len, r->arena, &pairs);
		sch_read_pairs(bf->type, pairs, n, SCH_IN_BODY, true, form_ignore, slot, r->arena, errs);
		sch_set_flag(out, bf->has_off, true);
		return INPUT_OK;
	}
	json_error_t jerr;
	json_t *root = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root) {
		*code = "bad_json";
		*msg = arena_printf(r->arena, "malformed JSON at line %d column %d: %s", jerr.line, jerr.column,
				    jerr.text);
		return INPUT_BAD;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		*code = "bad_request";
		*msg = "the body must be a JSON object";
		return INPUT_BAD;
	}
	sch_read_json(bf->type, root, slot, r->arena, errs);
	sch_set_flag(out, bf->has_off, true);
	json_decref(root);
	return INPUT_OK;
}

input_status_t http_input(req_t *r, const sch_type_t *t, const char *body_type, bool body_required,
			  void **out, verr_t *errs, const char **code, const char **msg)
{
	void *in = arena_alloc(r->arena, t->size);
	*out = in;
	if (!read_path(r, t, in))
		return INPUT_NO_PATH;
	sch_pair_t *pairs;
	int n = http_query_pairs(r, &pairs);
	/* Unknown query parameters are ignored (cache busters, trackers); the
	 * declared ones are read strictly. */
	sch_read_pairs(t, pairs, n, SCH_IN_QUERY, false, NULL, in, r->arena, errs);
	const sch_field_t *bf = body_field(t);
	if (bf && body_type)
		return read_body(r, bf, body_type, body_required, in, errs, code, msg);
	return INPUT_OK;
}

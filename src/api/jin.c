/* The JSON input reader (see api.h): parses the body once and turns each
 * field into a typed, bounded C value, collecting every field error so the
 * client hears about all of them in one 422. */
#include "api/api.h"
#include "core/timeutil.h"

#include <ctype.h>
#include <string.h>

bool jin_open(jin_t *in, req_t *r)
{
	memset(in, 0, sizeof(*in));
	in->r = r;
	json_error_t err;
	if (!r->body || r->body_len == 0) {
		resp_error(r, 400, "bad_request", "the request needs a JSON object body");
		return false;
	}
	in->root = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!in->root) {
		resp_error(r, 400, "bad_json", "malformed JSON at line %d column %d: %s", err.line,
			   err.column, err.text);
		return false;
	}
	if (!json_is_object(in->root)) {
		json_decref(in->root);
		in->root = NULL;
		resp_error(r, 400, "bad_request", "the body must be a JSON object");
		return false;
	}
	return true;
}

void jin_close(jin_t *in)
{
	json_decref(in->root);
	in->root = NULL;
}

bool jin_has(jin_t *in, const char *key)
{
	return json_object_get(in->root, key) != NULL;
}

/* Common presence rules; returns the value or NULL when there is nothing to
 * read (absent, or null where null is allowed: *is_null then says so). */
static json_t *field(jin_t *in, const char *key, int flags, bool *is_null)
{
	json_t *v = json_object_get(in->root, key);
	*is_null = false;
	if (!v) {
		if (flags & JIN_REQUIRED)
			verr_add(&in->errs, key, "is required");
		return NULL;
	}
	if (json_is_null(v)) {
		if (flags & JIN_NULLABLE)
			*is_null = true;
		else
			verr_add(&in->errs, key, "must not be null");
		return NULL;
	}
	return v;
}

static bool valid_utf8_text(const char *s)
{
	/* jansson guarantees UTF-8; refuse control characters other than
	 * newline and tab, and the NUL that \u0000 could smuggle in. */
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
			return false;
	return true;
}

static const char *trimmed(arena_t *a, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

bool jin_str(jin_t *in, const char *key, int flags, size_t maxlen, const char **out)
{
	bool is_null;
	json_t *v = field(in, key, flags, &is_null);
	if (is_null) {
		*out = NULL;
		return true;
	}
	if (!v)
		return false;
	if (!json_is_string(v)) {
		verr_add(&in->errs, key, "must be a string");
		return false;
	}
	size_t n = json_string_length(v);
	if (strlen(json_string_value(v)) != n || !valid_utf8_text(json_string_value(v))) {
		verr_add(&in->errs, key, "must not contain control characters");
		return false;
	}
	const char *s = (flags & JIN_RAW) ? arena_strndup(in->r->arena, json_string_value(v), n)
					   : trimmed(in->r->arena, json_string_value(v), n);
	if (strlen(s) > maxlen) {
		verr_addf(&in->errs, in->r->arena, key, "must be at most %zu characters", maxlen);
		return false;
	}
	if ((flags & JIN_REQUIRED) && !*s) {
		verr_add(&in->errs, key, "must not be empty");
		return false;
	}
	*out = s;
	return true;
}

bool jin_int(jin_t *in, const char *key, int flags, int64_t min, int64_t max, int64_t *out)
{
	bool is_null;
	json_t *v = field(in, key, flags, &is_null);
	if (is_null) {
		*out = 0;
		return true;
	}
	if (!v)
		return false;
	if (!json_is_integer(v)) {
		verr_add(&in->errs, key, "must be an integer");
		return false;
	}
	json_int_t i = json_integer_value(v);
	if (i < min || i > max) {
		verr_addf(&in->errs, in->r->arena, key, "must be between %lld and %lld", (long long)min,
			  (long long)max);
		return false;
	}
	*out = i;
	return true;
}

bool jin_date(jin_t *in, const char *key, int flags, const char **out)
{
	const char *s = NULL;
	if (!jin_str(in, key, flags, 10, &s))
		return false;
	if (s && !date_parse(s, NULL)) {
		verr_add(&in->errs, key, "must be a date (YYYY-MM-DD)");
		return false;
	}
	*out = s;
	return true;
}

bool jin_enum(jin_t *in, const char *key, int flags, const char *const *set, const char **out)
{
	const char *s = NULL;
	if (!jin_str(in, key, flags, 64, &s))
		return false;
	if (!s) {
		*out = NULL;
		return true;
	}
	for (const char *const *p = set; *p; p++)
		if (strcmp(*p, s) == 0) {
			*out = *p;
			return true;
		}
	buf_t msg = BUF_INIT;
	buf_puts(&msg, "must be one of");
	for (const char *const *p = set; *p; p++)
		buf_printf(&msg, "%s %s", p == set ? "" : ",", *p);
	verr_add(&in->errs, key, arena_strdup(in->r->arena, buf_cstr(&msg)));
	buf_free(&msg);
	return false;
}

bool jin_bool(jin_t *in, const char *key, bool *out)
{
	json_t *v = json_object_get(in->root, key);
	if (!v)
		return false;
	if (!json_is_boolean(v)) {
		verr_add(&in->errs, key, "must be true or false");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool jin_strlist(jin_t *in, const char *key, int flags, int max, size_t maxlen, strlist_t *out)
{
	bool is_null;
	json_t *v = field(in, key, flags, &is_null);
	if (is_null) {
		out->v = NULL;
		out->n = 0;
		return true;
	}
	if (!v)
		return false;
	if (!json_is_array(v)) {
		verr_add(&in->errs, key, "must be an array of strings");
		return false;
	}
	size_t n = json_array_size(v);
	if (n > (size_t)max) {
		verr_addf(&in->errs, in->r->arena, key, "must have at most %d entries", max);
		return false;
	}
	const char **items = arena_alloc(in->r->arena, sizeof(char *) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e) || strlen(json_string_value(e)) != json_string_length(e) ||
		    !valid_utf8_text(json_string_value(e))) {
			verr_addf(&in->errs, in->r->arena, key, "entry %zu must be a string", i + 1);
			return false;
		}
		items[i] = trimmed(in->r->arena, json_string_value(e), json_string_length(e));
		if (strlen(items[i]) > maxlen) {
			verr_addf(&in->errs, in->r->arena, key, "entry %zu is longer than %zu characters",
				  i + 1, maxlen);
			return false;
		}
	}
	out->v = items;
	out->n = (int)n;
	return true;
}

bool jin_failed(jin_t *in)
{
	if (in->errs.n == 0)
		return false;
	resp_invalid(in->r, &in->errs);
	return true;
}

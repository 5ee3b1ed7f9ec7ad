/* Reading and writing typed structs by their declared shape (see
 * schema_io.h). One walk per direction; the rules themselves are in
 * core/schema.c and core/text.c. */
#include "http/schema_io.h"
#include "core/text.h"
#include "core/timeutil.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

typedef struct rd {
	arena_t *a;
	verr_t *errs;
	const char *top; /* the top-level field a nested problem is reported under */
	const char *ctx; /* "entry 2: " and the like, before the nested field's name */
} rd_t;

static void fail(const rd_t *c, const char *name, const char *msg)
{
	if (!c->top)
		verr_add(c->errs, name, msg);
	else
		verr_add(c->errs, c->top, arena_printf(c->a, "%s%s: %s", c->ctx, name, msg));
}

static void set_has(const sch_field_t *f, void *base)
{
	sch_set_flag(base, f->has_off, true);
}

static void read_object(const sch_type_t *t, json_t *obj, void *out, const rd_t *c);

static bool str_item(const sch_field_t *f, json_t *e, const rd_t *c, const char *where, const char **out)
{
	const char *why;
	if (!json_is_string(e)) {
		fail(c, f->name, arena_printf(c->a, "%smust be a string", where));
		return false;
	}
	if (!sch_check_str(f, json_string_value(e), json_string_length(e), c->a, out, &why)) {
		fail(c, f->name, arena_printf(c->a, "%s%s", where, why));
		return false;
	}
	return true;
}

static bool items_ok(const sch_field_t *f, size_t n, const rd_t *c)
{
	if (n > f->max_items) {
		fail(c, f->name, arena_printf(c->a, "must have at most %u entries", f->max_items));
		return false;
	}
	if (n < f->min_items) {
		fail(c, f->name, arena_printf(c->a, "must have at least %u entries", f->min_items));
		return false;
	}
	return true;
}

static void read_list(const sch_field_t *f, json_t *v, void *slot, const rd_t *c)
{
	if (!json_is_array(v)) {
		fail(c, f->name, "must be an array");
		return;
	}
	size_t n = json_array_size(v);
	if (!items_ok(f, n, c))
		return;
	if (f->kind == SCH_STRS) {
		strlist_t l = {arena_alloc(c->a, sizeof(char *) * (n + 1)), (int)n};
		for (size_t i = 0; i < n; i++) {
			/* Each entry obeys the item rules: a one-entry view of f. */
			sch_field_t item = *f;
			item.flags &= ~SCH_REQUIRED;
			if (!str_item(&item, json_array_get(v, i), c, arena_printf(c->a, "entry %zu ", i + 1),
				      &l.v[i]))
				return;
		}
		memcpy(slot, &l, sizeof(l));
	} else if (f->kind == SCH_INTS) {
		i64list_t l = {arena_alloc(c->a, sizeof(int64_t) * (n + 1)), (int)n};
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			const char *why;
			if (!json_is_integer(e)) {
				fail(c, f->name, arena_printf(c->a, "entry %zu must be an integer", i + 1));
				return;
			}
			if (!sch_check_int(f, json_integer_value(e), &l.v[i], c->a, &why)) {
				fail(c, f->name, arena_printf(c->a, "entry %zu %s", i + 1, why));
				return;
			}
		}
		memcpy(slot, &l, sizeof(l));
	} else { /* SCH_OBJS */
		sch_list_t l = {arena_alloc(c->a, f->type->size * (n + 1)), (int)n};
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			rd_t sub = {c->a, c->errs, c->top ? c->top : f->name,
				    arena_printf(c->a, "%sentry %zu: ", c->top ? c->ctx : "", i + 1)};
			if (!json_is_object(e)) {
				fail(c, f->name, arena_printf(c->a, "entry %zu must be an object", i + 1));
				return;
			}
			read_object(f->type, e, (char *)l.v + f->type->size * i, &sub);
		}
		memcpy(slot, &l, sizeof(l));
	}
}

static void read_map(const sch_field_t *f, json_t *v, void *slot, const rd_t *c)
{
	if (!json_is_object(v)) {
		fail(c, f->name, "must be an object");
		return;
	}
	size_t n = json_object_size(v), i = 0;
	kvlist_t l = {.key = arena_alloc(c->a, sizeof(char *) * (n + 1))};
	if (f->kind == SCH_MAP_INT)
		l.num = arena_alloc(c->a, sizeof(int64_t) * (n + 1));
	else
		l.str = arena_alloc(c->a, sizeof(char *) * (n + 1));
	const char *key;
	json_t *val;
	json_object_foreach(v, key, val) {
		const char *why;
		if (f->enums && !sch_enum_match(f, key)) {
			fail(c, f->name, arena_printf(c->a, "unknown key \"%s\": keys %s", key,
						      sch_enum_text(f, c->a)));
			return;
		}
		l.key[i] = arena_strdup(c->a, key);
		if (f->kind == SCH_MAP_INT) {
			if (!json_is_integer(val) ||
			    !sch_check_int(f, json_integer_value(val), &l.num[i], c->a, &why)) {
				fail(c, f->name, arena_printf(c->a, "\"%s\" must be an integer from %lld to %lld",
							      key, (long long)f->min, (long long)f->max));
				return;
			}
		} else {
			sch_field_t item = *f;
			item.enums = NULL;
			item.flags &= ~SCH_REQUIRED;
			if (!str_item(&item, val, c, arena_printf(c->a, "\"%s\" ", key), &l.str[i]))
				return;
		}
		i++;
	}
	l.n = (int)i;
	memcpy(slot, &l, sizeof(l));
}

static void read_field(const sch_field_t *f, json_t *v, void *base, const rd_t *c)
{
	void *slot = sch_at(base, f->off);
	const char *why;
	if (!v) {
		if (f->flags & SCH_REQUIRED)
			fail(c, f->name, "is required");
		return;
	}
	set_has(f, base);
	if (json_is_null(v)) {
		if ((f->flags & SCH_NULLABLE) || f->kind == SCH_NULL)
			sch_set_flag(base, f->null_off, true);
		else
			fail(c, f->name, "must not be null");
		return;
	}
	switch ((sch_kind_t)f->kind) {
	case SCH_STR:
		str_item(f, v, c, "", (const char **)slot);
		break;
	case SCH_INT:
		if (!json_is_integer(v))
			fail(c, f->name, "must be an integer");
		else if (!sch_check_int(f, json_integer_value(v), slot, c->a, &why))
			fail(c, f->name, why);
		break;
	case SCH_NUM:
		if (!json_is_number(v))
			fail(c, f->name, "must be a number");
		else if (!sch_check_num(f, json_number_value(v), c->a, &why))
			fail(c, f->name, why);
		else
			*(double *)slot = json_number_value(v);
		break;
	case SCH_BOOL:
		if (!json_is_boolean(v))
			fail(c, f->name, "must be true or false");
		else
			*(bool *)slot = json_is_true(v);
		break;
	case SCH_TIME: {
		const char *s;
		sch_field_t text = *f;
		text.max_len = 40;
		if (str_item(&text, v, c, "", &s) && !time_parse(s, slot))
			fail(c, f->name, "must be an RFC 3339 time such as 2026-11-24T14:00:00Z");
		break;
	}
	case SCH_OBJ: {
		if (!json_is_object(v)) {
			fail(c, f->name, "must be an object");
			break;
		}
		rd_t sub = {c->a, c->errs, c->top ? c->top : f->name, c->top ? c->ctx : ""};
		read_object(f->type, v, slot, &sub);
		break;
	}
	case SCH_STRS:
	case SCH_INTS:
	case SCH_OBJS:
		read_list(f, v, slot, c);
		break;
	case SCH_MAP_INT:
	case SCH_MAP_STR:
		read_map(f, v, slot, c);
		break;
	case SCH_NULL:
		fail(c, f->name, "must be null");
		break;
	}
}

static void read_object(const sch_type_t *t, json_t *obj, void *out, const rd_t *c)
{
	if (t->closed) {
		const char *key;
		json_t *val;
		json_object_foreach(obj, key, val)
			if (!sch_field(t, key))
				/* The key lives in the JSON tree, freed before the
				 * answer is written: the error keeps a copy. */
				fail(c, text_ok(key, strlen(key), false, &(const char *){NULL}) ? arena_strdup(c->a, key)
												  : "(name)",
				     "is not a known field");
	}
	for (int i = 0; i < t->nfields; i++)
		read_field(&t->fields[i], json_object_get(obj, t->fields[i].name), out, c);
}

void sch_read_json(const sch_type_t *t, json_t *v, void *out, arena_t *a, verr_t *errs)
{
	rd_t c = {a, errs, NULL, ""};
	read_object(t, v, out, &c);
}

/* ---- pairs: forms and query strings ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *url_decode(arena_t *a, const char *s, size_t n, size_t *len)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

int sch_parse_urlencoded(const char *s, size_t len, arena_t *a, sch_pair_t **out)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '&';
	sch_pair_t *pairs = arena_alloc(a, sizeof(*pairs) * (size_t)(n + 2));
	const char *p = s, *end = s + len;
	n = 0;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if (stop > p) {
			const char *eq = memchr(p, '=', (size_t)(stop - p));
			const char *kend = eq ? eq : stop;
			size_t klen, vlen = 0;
			char *key = url_decode(a, p, (size_t)(kend - p), &klen);
			/* A name with a NUL in it cannot be any field: keep it, visibly. */
			pairs[n].name = strlen(key) == klen ? key : "(name with a NUL)";
			pairs[n].value = eq ? url_decode(a, eq + 1, (size_t)(stop - eq - 1), &vlen) : "";
			pairs[n].value_len = vlen;
			n++;
		}
		p = amp ? amp + 1 : end;
	}
	*out = pairs;
	return n;
}

static bool parse_int(const char *s, int64_t *out)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p || strlen(p) > 19)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static bool parse_num(const char *s, double *out)
{
	if (!*s || strchr(" \t\n\r\f\v", *s))
		return false;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno || *end || !isfinite(d))
		return false;
	*out = d;
	return true;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "on", "1", "yes", NULL}, *const no[] = {"false", "off", "0", "no", NULL};
	for (int i = 0; yes[i]; i++)
		if (!strcmp(s, yes[i]))
			return *out = true, true;
	for (int i = 0; no[i]; i++)
		if (!strcmp(s, no[i]))
			return *out = false, true;
	return false;
}

/* One text value of a pair for field f into slot; false with a message. */
static bool pair_value(const sch_field_t *f, const sch_pair_t *p, void *slot, arena_t *a, const char **why)
{
	size_t len = p->value_len;
	const char *v = (f->flags & SCH_MULTILINE) ? text_lf(a, p->value, &len) : p->value;
	if (!text_ok(v, len, f->flags & SCH_MULTILINE, why))
		return false;
	switch ((sch_kind_t)f->kind) {
	case SCH_STR:
		return sch_check_str(f, v, len, a, (const char **)slot, why);
	case SCH_INT:
		*why = "must be a whole number";
		return parse_int(text_trim(a, v, len), slot) && sch_check_int(f, *(int64_t *)slot, slot, a, why);
	case SCH_NUM:
		*why = "must be a number";
		return parse_num(text_trim(a, v, len), slot) && sch_check_num(f, *(double *)slot, a, why);
	case SCH_BOOL:
		*why = "must be true or false";
		return parse_bool(text_trim(a, v, len), slot);
	case SCH_TIME:
		*why = "must be an RFC 3339 time such as 2026-11-24T14:00:00Z";
		return time_parse(text_trim(a, v, len), slot);
	default:
		*why = "cannot be sent in a form";
		return false;
	}
}

static bool is_ignored(const char *const *ignore, const char *name)
{
	for (; ignore && *ignore; ignore++)
		if (!strcmp(*ignore, name))
			return true;
	return false;
}

static void read_pair_list(const sch_field_t *f, const sch_pair_t *pairs, int n, void *base, arena_t *a,
			   verr_t *errs)
{
	/* Empty values are "not given", unless the list is a column of a
	 * table's rows, where each value's place says which row it is in. */
	bool keep = f->flags & SCH_KEEP_EMPTY;
	int count = 0;
	for (int i = 0; i < n; i++)
		count += !strcmp(pairs[i].name, f->name) && (keep || pairs[i].value_len > 0);
	if ((unsigned)count > f->max_items) {
		verr_addf(errs, a, f->name, "must have at most %u entries", f->max_items);
		return;
	}
	void *slot = sch_at(base, f->off);
	sch_field_t item = *f;
	item.kind = f->kind == SCH_STRS ? SCH_STR : SCH_INT;
	item.flags &= ~SCH_REQUIRED;
	if (f->kind == SCH_STRS) {
		strlist_t l = {arena_alloc(a, sizeof(char *) * (size_t)(count + 1)), 0};
		for (int i = 0; i < n; i++) {
			const char *why;
			if (strcmp(pairs[i].name, f->name) || (!keep && pairs[i].value_len == 0))
				continue;
			if (!pair_value(&item, &pairs[i], &l.v[l.n], a, &why)) {
				verr_addf(errs, a, f->name, "entry %d %s", l.n + 1, why);
				return;
			}
			l.n++;
		}
		memcpy(slot, &l, sizeof(l));
	} else {
		i64list_t l = {arena_alloc(a, sizeof(int64_t) * (size_t)(count + 1)), 0};
		for (int i = 0; i < n; i++) {
			const char *why;
			if (strcmp(pairs[i].name, f->name) || (!keep && pairs[i].value_len == 0))
				continue;
			if (!pair_value(&item, &pairs[i], &l.v[l.n], a, &why)) {
				verr_addf(errs, a, f->name, "entry %d %s", l.n + 1, why);
				return;
			}
			l.n++;
		}
		memcpy(slot, &l, sizeof(l));
	}
	if (count > 0 || (f->flags & SCH_REQUIRED) == 0)
		sch_set_flag(base, f->has_off, count > 0);
	if ((unsigned)count < f->min_items)
		verr_addf(errs, a, f->name, "must have at least %u entries", f->min_items);
}

void sch_read_pairs(const sch_type_t *t, const sch_pair_t *pairs, int n, sch_in_t where,
		    bool closed, const char *const *ignore, void *out, arena_t *a, verr_t *errs)
{
	if (closed)
		for (int i = 0; i < n; i++) {
			const sch_field_t *f = sch_field(t, pairs[i].name);
			if ((!f || f->in != where) && !is_ignored(ignore, pairs[i].name))
				verr_add(errs, text_ok(pairs[i].name, strlen(pairs[i].name), false, &(const char *){NULL})
						       ? pairs[i].name : "(name)",
					 "is not a known field");
		}
	for (int k = 0; k < t->nfields; k++) {
		const sch_field_t *f = &t->fields[k];
		if (f->in != where)
			continue;
		if (f->kind == SCH_STRS || f->kind == SCH_INTS) {
			read_pair_list(f, pairs, n, out, a, errs);
			continue;
		}
		const sch_pair_t *p = NULL;
		int seen = 0;
		for (int i = 0; i < n; i++)
			if (!strcmp(pairs[i].name, f->name)) {
				p = p ? p : &pairs[i];
				seen++;
			}
		if (seen > 1) {
			verr_add(errs, f->name, "was sent more than once");
			continue;
		}
		/* An empty value is "not given", except for free text, where it is
		 * the empty string (which a required field then refuses). */
		bool free_text = f->kind == SCH_STR && f->format == SCH_F_NONE && !f->enums;
		if (!p || (p->value_len == 0 && !free_text)) {
			if (p && (f->flags & SCH_NULLABLE)) {
				sch_set_flag(out, f->has_off, true);
				sch_set_flag(out, f->null_off, true);
			} else if (f->flags & SCH_REQUIRED) {
				verr_add(errs, f->name, f->message ? f->message : "is required");
			}
			continue;
		}
		const char *why;
		if (!pair_value(f, p, sch_at(out, f->off), a, &why)) {
			verr_add(errs, f->name, f->message ? f->message : why);
			continue;
		}
		sch_set_flag(out, f->has_off, true);
	}
}

/* ---- writing ---- */

void sch_write_string(buf_t *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	buf_putc(b, '"');
	while (*p) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			p++;
		} else if (c >= 0x20 && c < 0x7F) {
			/* Runs of plain characters go in one append. */
			const unsigned char *q = p;
			while (*q >= 0x20 && *q < 0x7F && *q != '"' && *q != '\\')
				q++;
			buf_append(b, p, (size_t)(q - p));
			p = q;
		} else if (c == '\n') {
			buf_puts(b, "\\n"), p++;
		} else if (c == '\t') {
			buf_puts(b, "\\t"), p++;
		} else if (c < 0x80) {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			buf_puts(b, u);
			p++;
		} else {
			/* Non-ASCII as \u escapes (surrogate pairs beyond the BMP), as
			 * jansson's JSON_ENSURE_ASCII wrote them; invalid bytes as U+FFFD. */
			size_t k = text_utf8_len(p, strlen((const char *)p));
			unsigned cp = 0xFFFD;
			if (k == 2)
				cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			else if (k == 3)
				cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			else if (k == 4)
				cp = ((unsigned)(p[0] & 0x07) << 18) | ((unsigned)(p[1] & 0x3F) << 12) |
				     ((unsigned)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
			p += k ? k : 1;
			if (cp >= 0x10000) {
				cp -= 0x10000;
				buf_printf(b, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
			} else {
				buf_printf(b, "\\u%04x", cp);
			}
		}
	}
	buf_putc(b, '"');
}

static void put_num(buf_t *b, double d)
{
	if (!isfinite(d)) {
		buf_puts(b, "null");
		return;
	}
	char s[40];
	int n = snprintf(s, sizeof(s), "%.17g", d);
	buf_append(b, s, (size_t)n);
	if (!strpbrk(s, ".e"))
		buf_puts(b, ".0");
}

static void put_time(buf_t *b, int64_t t)
{
	char s[34];
	s[0] = '"';
	time_format(t, s + 1, sizeof(s) - 2);
	size_t n = strlen(s);
	s[n] = '"';
	buf_append(b, s, n + 1);
}

static void write_object(buf_t *b, const sch_type_t *t, const void *v);

static void write_value(buf_t *b, const sch_field_t *f, const void *slot)
{
	switch ((sch_kind_t)f->kind) {
	case SCH_STR:
		sch_write_string(b, *(const char *const *)slot);
		break;
	case SCH_INT:
		buf_put_int(b, *(const int64_t *)slot);
		break;
	case SCH_NUM:
		put_num(b, *(const double *)slot);
		break;
	case SCH_BOOL:
		buf_puts(b, *(const bool *)slot ? "true" : "false");
		break;
	case SCH_TIME:
		put_time(b, *(const int64_t *)slot);
		break;
	case SCH_OBJ:
		write_object(b, f->type, slot);
		break;
	case SCH_STRS: {
		strlist_t l;
		memcpy(&l, slot, sizeof(l));
		buf_putc(b, '[');
		for (int i = 0; i < l.n; i++) {
			if (i)
				buf_putc(b, ',');
			sch_write_string(b, l.v[i]);
		}
		buf_putc(b, ']');
		break;
	}
	case SCH_INTS: {
		i64list_t l;
		memcpy(&l, slot, sizeof(l));
		buf_putc(b, '[');
		for (int i = 0; i < l.n; i++) {
			if (i)
				buf_putc(b, ',');
			buf_put_int(b, l.v[i]);
		}
		buf_putc(b, ']');
		break;
	}
	case SCH_OBJS: {
		sch_list_t l;
		memcpy(&l, slot, sizeof(l));
		buf_putc(b, '[');
		for (int i = 0; i < l.n; i++) {
			if (i)
				buf_putc(b, ',');
			write_object(b, f->type, (const char *)l.v + f->type->size * (size_t)i);
		}
		buf_putc(b, ']');
		break;
	}
	case SCH_MAP_INT:
	case SCH_MAP_STR: {
		kvlist_t l;
		memcpy(&l, slot, sizeof(l));
		buf_putc(b, '{');
		for (int i = 0; i < l.n; i++) {
			if (i)
				buf_putc(b, ',');
			sch_write_string(b, l.key[i]);
			buf_putc(b, ':');
			if (f->kind == SCH_MAP_INT)
				buf_put_int(b, l.num[i]);
			else
				sch_write_string(b, l.str[i]);
		}
		buf_putc(b, '}');
		break;
	}
	case SCH_NULL:
		buf_puts(b, "null");
		break;
	}
}

/* Whether a field holds null: its flag, or a NULL string of a nullable field. */
static bool is_null(const sch_field_t *f, const void *v)
{
	if (f->kind == SCH_NULL || sch_get_flag(v, f->null_off))
		return true;
	return f->kind == SCH_STR && (f->flags & SCH_NULLABLE) &&
	       *(const char *const *)sch_cat(v, f->off) == NULL;
}

static void write_object(buf_t *b, const sch_type_t *t, const void *v)
{
	bool first = true;
	buf_putc(b, '{');
	for (int i = 0; i < t->nfields; i++) {
		const sch_field_t *f = &t->fields[i];
		if (f->has_off != SCH_NO_OFF && !sch_get_flag(v, f->has_off))
			continue;
		if (!first)
			buf_putc(b, ',');
		first = false;
		/* Field names are the schema's identifiers: nothing to escape. */
		buf_putc(b, '"');
		buf_puts(b, f->name);
		buf_append(b, "\":", 2);
		if (is_null(f, v))
			buf_puts(b, "null");
		else
			write_value(b, f, sch_cat(v, f->off));
	}
	buf_putc(b, '}');
}

void sch_write_json(buf_t *b, const sch_type_t *t, const void *v)
{
	write_object(b, t, v);
}

json_t *sch_to_jansson(const sch_type_t *t, const void *v)
{
	buf_t b = BUF_INIT;
	write_object(&b, t, v);
	json_t *out = json_loadb(b.data, b.len, 0, NULL);
	buf_free(&b);
	return out ? out : json_object();
}

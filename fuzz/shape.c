/* Schema-shaped values (see shape.h). Mostly valid, sometimes at a bound,
 * sometimes just past it: a fuzzer that only sends garbage never gets past
 * the edge's checks, and one that only sends valid input never tests them. */
#include "shape.h"
#include "harness.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint32_t fz_rand(fz_rng_t *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	uint32_t x = (uint32_t)((r->s * 2685821657736338717ULL) >> 32);
	return n ? x % n : 0;
}

bool fz_chance(fz_rng_t *r, uint32_t percent)
{
	return fz_rand(r, 100) < percent;
}

#define PICK(r, a) ((a)[fz_rand((r), sizeof(a) / sizeof((a)[0]))])

/* Text that tests the text rule, escaping and character counting. */
static const char *const words[] = {
	"growth", "Mentoring", "the", "plan", "Zoë", "naïve café", "日本語", "👩‍💻", "Ünïcödé", "x",
	"<fz>", "<fz onload=1>", "\"quoted\"", "'single'", "a&b", "semi;colon", "comma,sep", "back\\slash",
	"=1+1", "@SUM(A1)", "-2", "+3", "%00", "%zz", "{{name}}", "{{{raw}}}", "\xe2\x80\xae" "rtl",
	"\xe2\x80\x8bzw", "\xc2\x85" "c1", "\xe2\x80\xa8" "ls", "\xef\xbb\xbf" "bom", "\xcc\x81" "combining",
	"\xf0\x9f\x98\x80", "javascript:alert(1)", "mailto:x@y.z", "CN=\"x\"", "a:b;c=d", "BEGIN:VEVENT",
	"\\n", "*bold*", "[link](javascript:x)", "<script>", "&amp;", "&#0;", " padded ",
};
static const char *const multiline_bits[] = {"\n", "\t", "\r\n", "\n\n", "\r"};
static const char *const bad_bits[] = {"\x01", "\x7f", "\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\x1b[31m"};

static void put_text(fz_rng_t *r, const sch_field_t *f, buf_t *b)
{
	uint32_t lo = f->min_len, hi = f->max_len == UINT32_MAX ? 120 : f->max_len;
	if (hi > 400)
		hi = 400;
	uint32_t want;
	switch (fz_rand(r, 8)) {
	case 0: want = hi; break;     /* at the bound */
	case 1: want = hi + 1; break; /* just past it */
	case 2: want = lo; break;
	default: want = lo + fz_rand(r, (hi > lo ? hi - lo : 0) + 1); break;
	}
	if (want == 0 && fz_chance(r, 70))
		want = 1;
	/* Count characters as the rule does: one per code point. */
	uint32_t chars = 0;
	while (chars < want) {
		if (fz_chance(r, 60)) {
			buf_putc(b, (char)('a' + fz_rand(r, 26)));
			chars++;
			continue;
		}
		const char *w = PICK(r, words);
		if ((f->flags & SCH_MULTILINE) && fz_chance(r, 20))
			w = PICK(r, multiline_bits);
		else if (fz_chance(r, 3))
			w = PICK(r, bad_bits);
		else if (fz_chance(r, 3))
			w = PICK(r, multiline_bits);
		buf_puts(b, w);
		for (const unsigned char *p = (const unsigned char *)w; *p; p++)
			chars += (*p & 0xc0) != 0x80;
		if (chars < want && fz_chance(r, 50)) {
			buf_putc(b, ' ');
			chars++;
		}
	}
}

static void put_date(fz_rng_t *r, buf_t *b)
{
	static const char *const odd[] = {"2026-02-29", "2028-02-29", "2026-13-01", "2026-00-10", "0000-01-01",
					  "9999-12-31", "1970-01-01", "2026-1-1", "2026-04-31", "20260101"};
	if (fz_chance(r, 15)) {
		buf_puts(b, PICK(r, odd));
		return;
	}
	static const int spread[] = {-400, -30, -1, 0, 1, 9, 30, 60, 120, 365, 800, 4000};
	time_t t = (time_t)(fz_epoch() + (int64_t)(PICK(r, spread) + (int)fz_rand(r, 7) - 3) * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void put_time(fz_rng_t *r, buf_t *b)
{
	static const char *const odd[] = {"2026-11-24T14:00:00+14:00", "2026-11-24T14:00:00.123456Z",
					  "2026-11-24T23:59:60Z", "2026-11-24 14:00:00Z", "2026-11-24T14:00",
					  "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-11-24T24:00:00Z",
					  "2026-11-24T14:00:00-00:00", "2026-11-24t14:00:00z"};
	if (fz_chance(r, 15)) {
		buf_puts(b, PICK(r, odd));
		return;
	}
	static const int spread[] = {-400, -30, -7, -1, 0, 1, 2, 3, 7, 8, 14, 30, 120, 3000};
	time_t t = (time_t)(fz_epoch() + (int64_t)PICK(r, spread) * 86400 + (int64_t)fz_rand(r, 24) * 3600 +
			    (fz_chance(r, 30) ? (int64_t)fz_rand(r, 60) * 60 : 0));
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		   tm.tm_min, tm.tm_sec);
}

static const char *const rrules[] = {
	"FREQ=WEEKLY;COUNT=6", "FREQ=WEEKLY;INTERVAL=2;COUNT=6", "FREQ=DAILY;COUNT=260", "FREQ=DAILY;COUNT=261",
	"FREQ=MONTHLY;BYDAY=1MO;COUNT=12", "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270101T000000Z",
	"FREQ=YEARLY;UNTIL=20350101T000000Z", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5",
	"FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5", "FREQ=WEEKLY;COUNT=3;BYSETPOS=1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
	"FREQ=WEEKLY;UNTIL=20200101T000000Z", "FREQ=DAILY;INTERVAL=0;COUNT=2", "FREQ=WEEKLY;WKST=SU;BYDAY=SU;COUNT=4",
	"FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "FREQ=DAILY;COUNT=2;UNTIL=20270101", "FREQ=YEARLY;BYWEEKNO=53;COUNT=2",
	"RRULE:FREQ=WEEKLY;COUNT=2", "FREQ=WEEKLY;COUNT=2\r\nATTENDEE:x",
};
static const char *const zones[] = {"Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Etc/GMT+12",
				    "Pacific/Kiritimati", "Australia/Lord_Howe", "America/St_Johns", "Europe/Nowhere",
				    "../../etc/passwd", "Asia/Kathmandu", "posixrules", "Factory", "EST5EDT"};

static void put_email(fz_rng_t *r, buf_t *b)
{
	static const char *const odd[] = {"a@b", "@example.org", "x@@example.org", "x@example..org", "x y@example.org",
					  "x,y@example.org", "X@EXAMPLE.ORG", "x+tag@example.org", "\"q\"@example.org",
					  "x@example.org\nBcc:y@z.org"};
	uint32_t k = fz_rand(r, 10);
	if (k < 4)
		buf_printf(b, "%s@fuzz.mentord.test", fz_who_names[1 + fz_rand(r, FZ_NWHO - 1)]);
	else if (k < 8)
		buf_printf(b, "new%u@example.org", fz_rand(r, 1000));
	else
		buf_puts(b, PICK(r, odd));
}

/* Text for a string field: its enum, its format, or words. */
static void put_string(fz_rng_t *r, const sch_field_t *f, buf_t *b)
{
	if (f->enums && fz_chance(r, 85)) {
		int n = 0;
		while (f->enums[n])
			n++;
		buf_puts(b, f->enums[fz_rand(r, (uint32_t)n)]);
		if (fz_chance(r, 5))
			buf_puts(b, fz_chance(r, 50) ? " " : "X");
		return;
	}
	if (fz_chance(r, 85))
		switch ((sch_format_t)f->format) {
		case SCH_F_DATE: put_date(r, b); return;
		case SCH_F_EMAIL: put_email(r, b); return;
		case SCH_F_RRULE: buf_puts(b, PICK(r, rrules)); return;
		case SCH_F_TZ: buf_puts(b, PICK(r, zones)); return;
		case SCH_F_PASSWORD: buf_puts(b, fz_chance(r, 50) ? "fuzz-password-1" : "short"); return;
		case SCH_F_URI: buf_puts(b, fz_chance(r, 70) ? "https://example.org/a?b=c" : "javascript:alert(1)"); return;
		default: break;
		}
	if (!strcmp(f->name, "start") || !strcmp(f->name, "end")) { /* clock times: HH:MM */
		static const char *const clocks[] = {"09:00", "10:30", "17:45", "24:00", "00:00", "23:59", "9:00", "25:00"};
		buf_puts(b, PICK(r, clocks));
		return;
	}
	put_text(r, f, b);
}

/* The fixture's resource a field's value names, if it names one. */
static const int64_t *ids_for(const char *name, int *n)
{
	static const char *const people[] = {"user_id", "mentor_id", "mentee_id", "owner_id", "author_id",
					     "credited_to", "manager_id", "managers", "to_id", "from_id"};
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
		if (!strcmp(name, people[i]))
			return fz_ids("users", 5, n);
	size_t len = strlen(name);
	if (len > 3 && !strcmp(name + len - 3, "_id")) {
		char res[64];
		snprintf(res, sizeof(res), "%.*ss", (int)(len - 3), name);
		const int64_t *ids = fz_ids(res, strlen(res), n);
		if (ids)
			return ids;
	}
	*n = 0;
	return NULL;
}

static int64_t shape_int(fz_rng_t *r, const sch_field_t *f)
{
	int n;
	const int64_t *ids = ids_for(f->name, &n);
	if (ids && n && fz_chance(r, 80))
		return ids[fz_rand(r, (uint32_t)n)];
	int64_t lo = f->min, hi = f->max;
	if (lo == INT64_MIN)
		lo = -5;
	if (hi == INT64_MAX)
		hi = lo + 100;
	switch (fz_rand(r, 10)) {
	case 0: return f->min;
	case 1: return f->max;
	case 2: return f->min == INT64_MIN ? INT64_MIN : f->min - 1;
	case 3: return f->max == INT64_MAX ? INT64_MAX : f->max + 1;
	case 4: return 0;
	default: return lo + (int64_t)fz_rand(r, (uint32_t)((uint64_t)(hi - lo) > 1000000 ? 1000000 : (hi - lo) + 1));
	}
}

static double shape_num(fz_rng_t *r, const sch_field_t *f)
{
	double lo = isfinite(f->nmin) ? f->nmin : -10, hi = isfinite(f->nmax) ? f->nmax : lo + 100;
	switch (fz_rand(r, 8)) {
	case 0: return lo;
	case 1: return hi;
	case 2: return hi + 0.5;
	case 3: return 1e308;
	case 4: return -0.0;
	default: return lo + (hi - lo) * (double)fz_rand(r, 1001) / 1000.0;
	}
}

static json_t *wrong_kind(fz_rng_t *r)
{
	switch (fz_rand(r, 7)) {
	case 0: return json_null();
	case 1: return json_true();
	case 2: return json_integer(-1);
	case 3: return json_real(1.5);
	case 4: return json_string("");
	case 5: return json_array();
	default: return json_object();
	}
}

static json_t *list_of(fz_rng_t *r, const sch_field_t *f, int depth)
{
	json_t *a = json_array();
	uint32_t most = f->max_items == UINT32_MAX ? 6 : f->max_items + 1;
	if (most > 12)
		most = 12;
	uint32_t n = fz_chance(r, 10) ? most : fz_rand(r, most + 1);
	if (n < f->min_items && fz_chance(r, 80))
		n = f->min_items;
	sch_field_t item = *f;
	item.kind = f->kind == SCH_STRS ? SCH_STR : f->kind == SCH_INTS ? SCH_INT : SCH_OBJ;
	item.flags &= ~(SCH_NULLABLE | SCH_REQUIRED);
	for (uint32_t i = 0; i < n; i++)
		json_array_append_new(a, shape_json_field(r, &item, depth + 1));
	return a;
}

static json_t *map_of(fz_rng_t *r, const sch_field_t *f)
{
	static const char *const keys[] = {"skills", "timezone", "languages", "interests", "availability",
					   "seniority", "department", "goals", "", "unknown", "skills "};
	json_t *o = json_object();
	uint32_t n = fz_rand(r, 5);
	for (uint32_t i = 0; i < n; i++) {
		const char *k = PICK(r, keys);
		if (f->kind == SCH_MAP_INT)
			json_object_set_new(o, k, fz_chance(r, 90) ? json_integer((json_int_t)fz_rand(r, 120) - 10)
								   : wrong_kind(r));
		else
			json_object_set_new(o, k, json_string("value"));
	}
	return o;
}

json_t *shape_json_field(fz_rng_t *r, const sch_field_t *f, int depth)
{
	if ((f->flags & SCH_NULLABLE) && fz_chance(r, 10))
		return json_null();
	if (fz_chance(r, 3))
		return wrong_kind(r);
	buf_t b = BUF_INIT;
	json_t *v = NULL;
	switch ((sch_kind_t)f->kind) {
	case SCH_STR:
		put_string(r, f, &b);
		v = json_stringn(buf_cstr(&b), b.len);
		if (!v) /* not UTF-8: jansson will not hold it; the raw mutations cover that */
			v = json_string("\\u00ff");
		break;
	case SCH_INT: v = json_integer(shape_int(r, f)); break;
	case SCH_NUM: v = json_real(shape_num(r, f)); break;
	case SCH_BOOL: v = json_boolean(fz_chance(r, 50)); break;
	case SCH_TIME: put_time(r, &b); v = json_string(buf_cstr(&b)); break;
	case SCH_OBJ:
		v = depth < 4 && f->type ? shape_json_object(r, f->type, depth + 1) : json_object();
		break;
	case SCH_STRS:
	case SCH_INTS:
	case SCH_OBJS: v = list_of(r, f, depth); break;
	case SCH_MAP_INT:
	case SCH_MAP_STR: v = map_of(r, f); break;
	case SCH_NULL: v = json_null(); break;
	}
	buf_free(&b);
	return v ? v : json_null();
}

json_t *shape_json_object(fz_rng_t *r, const sch_type_t *t, int depth)
{
	json_t *o = json_object();
	for (int i = 0; i < t->nfields; i++) {
		const sch_field_t *f = &t->fields[i];
		if (f->in != SCH_IN_BODY || f->kind == SCH_NULL)
			continue;
		bool required = f->flags & SCH_REQUIRED;
		if (required ? fz_chance(r, 95) : fz_chance(r, 50))
			json_object_set_new(o, f->name, shape_json_field(r, f, depth));
	}
	if (fz_chance(r, 4))
		json_object_set_new(o, fz_chance(r, 50) ? "unknown" : "id", json_integer(1));
	return o;
}

void shape_json_mutate(fz_rng_t *r, const sch_type_t *t, json_t *v, int depth)
{
	if (!json_is_object(v) || !t || !t->nfields)
		return;
	const sch_field_t *f = &t->fields[fz_rand(r, (uint32_t)t->nfields)];
	json_t *cur = json_object_get(v, f->name);
	switch (fz_rand(r, 10)) {
	case 0:
		json_object_del(v, f->name);
		break;
	case 1:
		json_object_set_new(v, fz_chance(r, 50) ? "unknown" : PICK(r, words), wrong_kind(r));
		break;
	case 2:
		if (cur && f->kind == SCH_OBJ && depth < 4) {
			shape_json_mutate(r, f->type, cur, depth + 1);
			break;
		}
		if (cur && f->kind == SCH_OBJS && json_array_size(cur) && depth < 4) {
			shape_json_mutate(r, f->type, json_array_get(cur, fz_rand(r, (uint32_t)json_array_size(cur))),
					  depth + 1);
			break;
		}
		/* fall through */
	default:
		json_object_set_new(v, f->name, shape_json_field(r, f, depth));
		break;
	}
}

void shape_urlenc(buf_t *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
			buf_putc(out, (char)c);
		} else if (c == ' ') {
			buf_putc(out, '+');
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

void shape_text_value(fz_rng_t *r, const sch_field_t *f, buf_t *out)
{
	switch ((sch_kind_t)f->kind) {
	case SCH_INT:
	case SCH_INTS:
		buf_printf(out, "%" PRId64, shape_int(r, f));
		break;
	case SCH_NUM: buf_printf(out, "%g", shape_num(r, f)); break;
	case SCH_BOOL: {
		static const char *const b[] = {"true", "false", "on", "1", "0", "yes", "", "maybe"};
		buf_puts(out, PICK(r, b));
		break;
	}
	case SCH_TIME: put_time(r, out); break;
	default: put_string(r, f, out); break;
	}
}

void shape_pairs(fz_rng_t *r, const sch_type_t *t, int where, buf_t *out)
{
	for (int i = 0; t && i < t->nfields; i++) {
		const sch_field_t *f = &t->fields[i];
		if (f->in == SCH_IN_BODY && f->kind == SCH_OBJ && where == SCH_IN_BODY && f->type) {
			shape_pairs(r, f->type, SCH_IN_BODY, out); /* a form's fields live in its body object */
			continue;
		}
		if (f->in != where)
			continue;
		bool list = f->kind == SCH_STRS || f->kind == SCH_INTS;
		bool required = f->flags & SCH_REQUIRED;
		if (!(required ? fz_chance(r, 95) : fz_chance(r, 55)))
			continue;
		uint32_t n = list ? fz_rand(r, 5) : (fz_chance(r, 3) ? 2 : 1);
		for (uint32_t k = 0; k < n; k++) {
			buf_t v = BUF_INIT;
			if (!(fz_chance(r, 5)))
				shape_text_value(r, f, &v);
			if (out->len)
				buf_putc(out, '&');
			buf_puts(out, f->name);
			buf_putc(out, '=');
			shape_urlenc(out, buf_cstr(&v), v.len);
			buf_free(&v);
		}
	}
	if (fz_chance(r, 4))
		buf_puts(out, out->len ? "&unknown=1" : "unknown=1");
}

/* ---- dictionaries ---- */

static char **dict_seen;
static size_t dict_n, dict_cap;

void shape_dict_entry(FILE *f, const char *s)
{
	for (size_t i = 0; i < dict_n; i++)
		if (!strcmp(dict_seen[i], s))
			return;
	if (dict_n == dict_cap) {
		dict_cap = dict_cap ? dict_cap * 2 : 256;
		dict_seen = realloc(dict_seen, dict_cap * sizeof(*dict_seen));
		if (!dict_seen)
			abort();
	}
	dict_seen[dict_n++] = strdup(s);
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\x%02X", *p);
		else
			fputc(*p, f);
	}
	fputs("\"\n", f);
}

void shape_dict_type(FILE *f, const sch_type_t *t)
{
	char buf[160];
	for (int i = 0; t && i < t->nfields; i++) {
		const sch_field_t *fd = &t->fields[i];
		snprintf(buf, sizeof(buf), "\"%s\":", fd->name);
		shape_dict_entry(f, buf);
		snprintf(buf, sizeof(buf), "%s=", fd->name);
		shape_dict_entry(f, buf);
		for (int k = 0; fd->enums && fd->enums[k]; k++) {
			snprintf(buf, sizeof(buf), "\"%s\"", fd->enums[k]);
			shape_dict_entry(f, buf);
		}
		if (fd->type && fd->type != t)
			shape_dict_type(f, fd->type);
	}
}

/* The generic walks over declared shapes (http/schema_io.c), on a small
 * shape declared here by hand the way tools/gen_api.py declares the API's:
 * JSON read into a typed struct with every rule applied and every problem
 * named; form and query pairs read strictly (no "14abc" read as 14, a
 * repeated single value refused, an empty value meaning "not given"); and
 * typed structs written back as JSON with the optional fields present only
 * when set, nulls where nullable, times as RFC 3339, non-ASCII escaped. */
#include <criterion/criterion.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "http/schema_io.h"

typedef struct item {
	int64_t day;
	const char *start;
} item_t;

typedef struct thing {
	const char *name;
	const char *note;
	bool has_note;
	int64_t count;
	bool has_count;
	bool count_null;
	double score;
	bool has_score;
	bool on;
	bool has_on;
	int64_t at;
	bool has_at;
	const char *kind;
	bool has_kind;
	strlist_t tags;
	bool has_tags;
	struct { item_t *v; int n; } items;
	bool has_items;
	kvlist_t weights;
	bool has_weights;
} thing_t;

static const char *const kinds[] = {"one", "two", NULL};
static const char *const criteria[] = {"skills", "time", NULL};

#define F(field) .off = offsetof(thing_t, field)
#define HAS(field) .has_off = offsetof(thing_t, has_##field)
#define NOFLAG .has_off = SCH_NO_OFF, .null_off = SCH_NO_OFF
#define RANGE .min = INT64_MIN, .max = INT64_MAX, .nmin = -HUGE_VAL, .nmax = HUGE_VAL

static const sch_field_t item_fields[] = {
	{.name = "day", .kind = SCH_INT, .flags = SCH_REQUIRED, .off = offsetof(item_t, day), NOFLAG,
	 .min = 1, .max = 7, .max_len = UINT32_MAX, .max_items = UINT32_MAX},
	{.name = "start", .kind = SCH_STR, .flags = SCH_REQUIRED, .off = offsetof(item_t, start), NOFLAG, RANGE,
	 .max_len = 5, .max_items = UINT32_MAX, .pattern = "^[0-2][0-9]:[0-5][0-9]$"},
};
static const sch_type_t item_type = {"Item", sizeof(item_t), item_fields, 2, true};

static const sch_field_t fields[] = {
	{.name = "name", .kind = SCH_STR, .flags = SCH_REQUIRED, F(name), NOFLAG, RANGE, .min_len = 1,
	 .max_len = 10, .max_items = UINT32_MAX},
	{.name = "note", .kind = SCH_STR, .flags = SCH_MULTILINE, F(note), HAS(note), .null_off = SCH_NO_OFF,
	 RANGE, .max_len = 100, .max_items = UINT32_MAX},
	{.name = "count", .kind = SCH_INT, .flags = SCH_NULLABLE, F(count), HAS(count),
	 .null_off = offsetof(thing_t, count_null), .min = 0, .max = 100, .max_len = UINT32_MAX,
	 .max_items = UINT32_MAX},
	{.name = "score", .kind = SCH_NUM, F(score), HAS(score), .null_off = SCH_NO_OFF, RANGE,
	 .max_len = UINT32_MAX, .max_items = UINT32_MAX},
	{.name = "on", .kind = SCH_BOOL, F(on), HAS(on), .null_off = SCH_NO_OFF, RANGE, .max_len = UINT32_MAX,
	 .max_items = UINT32_MAX},
	{.name = "at", .kind = SCH_TIME, F(at), HAS(at), .null_off = SCH_NO_OFF, RANGE, .max_len = UINT32_MAX,
	 .max_items = UINT32_MAX},
	{.name = "kind", .kind = SCH_STR, F(kind), HAS(kind), .null_off = SCH_NO_OFF, RANGE,
	 .max_len = UINT32_MAX, .max_items = UINT32_MAX, .enums = kinds},
	{.name = "tags", .kind = SCH_STRS, F(tags), HAS(tags), .null_off = SCH_NO_OFF, RANGE, .min_len = 1,
	 .max_len = 8, .max_items = 3},
	{.name = "items", .kind = SCH_OBJS, F(items), HAS(items), .null_off = SCH_NO_OFF, RANGE,
	 .max_len = UINT32_MAX, .max_items = 5, .type = &item_type},
	{.name = "weights", .kind = SCH_MAP_INT, F(weights), HAS(weights), .null_off = SCH_NO_OFF, .min = 0,
	 .max = 100, .max_len = UINT32_MAX, .max_items = UINT32_MAX, .enums = criteria},
};
static const sch_type_t thing_type = {"Thing", sizeof(thing_t), fields, 10, true};

static arena_t *a;

static void setup(void)
{
	a = arena_new();
}

static void teardown(void)
{
	arena_free(a);
}

TestSuite(schema_io, .init = setup, .fini = teardown);

static thing_t *read(const char *text, verr_t *errs)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_ALLOW_NUL, &e);
	cr_assert_not_null(v, "%s: %s", text, e.text);
	thing_t *t = arena_alloc(a, sizeof(*t));
	memset(errs, 0, sizeof(*errs));
	sch_read_json(&thing_type, v, t, a, errs);
	json_decref(v);
	return t;
}

static const char *error_of(const verr_t *v, const char *field)
{
	for (int i = 0; i < v->n; i++)
		if (!strcmp(v->e[i].field, field))
			return v->e[i].msg;
	return NULL;
}

Test(schema_io, json_fields_are_typed_and_checked)
{
	verr_t errs;
	thing_t *t = read("{\"name\":\"  Ada \",\"note\":\"a\\n\\tb\",\"count\":null,\"score\":2.5,\"on\":true,"
			  "\"at\":\"2026-11-24T14:00:00Z\",\"kind\":\"two\",\"tags\":[\"x\",\"y\"],"
			  "\"items\":[{\"day\":2,\"start\":\"09:30\"}],\"weights\":{\"skills\":40}}", &errs);
	cr_assert_eq(errs.n, 0, "%s: %s", errs.n ? errs.e[0].field : "", errs.n ? errs.e[0].msg : "");
	cr_assert_str_eq(t->name, "Ada", "trimmed");
	cr_assert_str_eq(t->note, "a\n\tb");
	cr_assert(t->has_count && t->count_null);
	cr_assert(t->has_score && t->score == 2.5);
	cr_assert(t->on);
	cr_assert_eq(t->at, 1795528800);
	cr_assert_str_eq(t->kind, "two");
	cr_assert(t->kind == kinds[1], "enum values are the declared (static) strings");
	cr_assert_eq(t->tags.n, 2);
	cr_assert_eq(t->items.n, 1);
	cr_assert_eq(t->items.v[0].day, 2);
	cr_assert_eq(t->weights.n, 1);
	cr_assert_eq(t->weights.num[0], 40);
}

Test(schema_io, json_problems_are_named_each)
{
	verr_t errs;
	read("{\"note\":\"x\",\"count\":\"3\",\"score\":\"high\",\"on\":1,\"at\":\"yesterday\",\"kind\":\"three\","
	     "\"tags\":[\"ok\",\"far too long\"],\"items\":[{\"day\":9,\"start\":\"25h\"}],"
	     "\"weights\":{\"luck\":3},\"colour\":\"red\"}", &errs);
	static const char *const named[] = {"name", "count", "score", "on", "at", "kind", "tags", "items",
					    "weights", "colour"};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		cr_assert_not_null(error_of(&errs, named[i]), "%s is not named", named[i]);
	cr_assert_str_eq(error_of(&errs, "name"), "is required");
	cr_assert_not_null(strstr(error_of(&errs, "items"), "entry 1: day"), "%s", error_of(&errs, "items"));
	cr_assert_not_null(strstr(error_of(&errs, "tags"), "entry 2"), "%s", error_of(&errs, "tags"));
	cr_assert_str_eq(error_of(&errs, "colour"), "is not a known field");
}

Test(schema_io, the_text_rule_applies_to_every_string)
{
	verr_t errs;
	read("{\"name\":\"a\\rb\"}", &errs);
	cr_assert_not_null(error_of(&errs, "name"));
	read("{\"name\":\"a\\u0000b\"}", &errs);
	cr_assert_not_null(error_of(&errs, "name"), "an encoded NUL");
	read("{\"name\":\"a\\u0085\"}", &errs);
	cr_assert_not_null(error_of(&errs, "name"), "C1");
	read("{\"name\":\"ok\",\"note\":\"a\\rb\"}", &errs);
	cr_assert_not_null(error_of(&errs, "note"), "multi-line text refuses CR");
	read("{\"name\":\"éééééééééé\"}", &errs);
	cr_assert_eq(errs.n, 0, "ten characters fit maxLength 10 whatever their bytes");
	read("{\"name\":\"ééééééééééé\"}", &errs);
	cr_assert_not_null(error_of(&errs, "name"));
}

static thing_t *read_pairs(const char *text, verr_t *errs)
{
	sch_pair_t *pairs;
	int n = sch_parse_urlencoded(text, strlen(text), a, &pairs);
	thing_t *t = arena_alloc(a, sizeof(*t));
	memset(errs, 0, sizeof(*errs));
	static const char *const ignore[] = {"_csrf", NULL};
	sch_read_pairs(&thing_type, pairs, n, SCH_IN_BODY, true, ignore, t, a, errs);
	return t;
}

Test(schema_io, pairs_are_read_strictly)
{
	verr_t errs;
	thing_t *t = read_pairs("name=Ada+L&count=14&on=on&tags=a&tags=b&_csrf=x&kind=", &errs);
	cr_assert_eq(errs.n, 0, "%s %s", errs.n ? errs.e[0].field : "", errs.n ? errs.e[0].msg : "");
	cr_assert_str_eq(t->name, "Ada L");
	cr_assert_eq(t->count, 14);
	cr_assert(t->on);
	cr_assert_eq(t->tags.n, 2, "a list takes every value of its name");
	cr_assert(!t->has_kind, "an empty value that is not free text is not given");
	read_pairs("name=A&count=14abc", &errs);
	cr_assert_not_null(error_of(&errs, "count"), "no prefix of a number is read");
	read_pairs("name=A&count=%2B3", &errs);
	cr_assert_not_null(error_of(&errs, "count"));
	read_pairs("name=A&name=B", &errs);
	cr_assert_str_eq(error_of(&errs, "name"), "was sent more than once");
	read_pairs("name=A%00B", &errs);
	cr_assert_not_null(error_of(&errs, "name"), "an encoded NUL");
	read_pairs("name=A&stray=1", &errs);
	cr_assert_not_null(error_of(&errs, "stray"));
	t = read_pairs("name=A&count=", &errs);
	cr_assert(t->has_count && t->count_null, "an empty nullable value is null");
}

Test(schema_io, json_is_written_as_declared)
{
	thing_t t = {.name = "Zoë \"Z\" \x01", .count = 3, .has_count = true, .count_null = true,
		     .at = 1795528800, .has_at = true, .score = 1, .has_score = true};
	buf_t b = BUF_INIT;
	sch_write_json(&b, &thing_type, &t);
	cr_assert_str_eq(buf_cstr(&b), "{\"name\":\"Zo\\u00eb \\\"Z\\\" \\u0001\",\"count\":null,\"score\":1.0,"
				       "\"at\":\"2026-11-24T14:00:00Z\"}");
	json_t *v = sch_to_jansson(&thing_type, &t);
	cr_assert_str_eq(json_string_value(json_object_get(v, "name")), "Zoë \"Z\" \x01");
	json_decref(v);
	buf_free(&b);
}

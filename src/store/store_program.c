/* Programs, their managers and their participants, as the domain's records
 * (core/model.h), composed from the named statements of sql/program.sql and
 * sql/participant.sql. */
#include "store/store_base.h"
#include "store/stmts.h"
#include "core/buf.h"
#include "core/timeutil.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The text store_weights_text writes, {"skills":40,"timezone":15} (keys of
 * a-z and _, no space, integers of at most 18 digits, no key twice), read
 * without building a JSON tree: every program read has it, and jansson's
 * parse was most of a program row's cost. False for anything else, which
 * jansson reads. */
static bool weights_read_plain(arena_t *a, const char *text, kvlist_t *out)
{
	size_t cap = 1;
	for (const char *c = text; *c; c++)
		cap += *c == ':';
	out->str = NULL;
	out->key = arena_alloc(a, sizeof(char *) * cap);
	out->num = arena_alloc(a, sizeof(int64_t) * cap);
	out->n = 0;
	const char *c = text;
	if (*c++ != '{')
		return false;
	if (*c == '}')
		return c[1] == '\0';
	for (;;) {
		if (*c++ != '"')
			return false;
		const char *key = c;
		while ((*c >= 'a' && *c <= 'z') || *c == '_')
			c++;
		size_t klen = (size_t)(c - key);
		if (*c != '"' || klen == 0 || c[1] != ':')
			return false;
		for (int i = 0; i < out->n; i++) /* the parser keeps the last of a repeated key */
			if (strlen(out->key[i]) == klen && !memcmp(out->key[i], key, klen))
				return false;
		const char *num = c + 2, *d = num + (*num == '-');
		const char *end = d;
		while (*end >= '0' && *end <= '9')
			end++;
		if (end == d || end - d > 18 || (*d == '0' && end - d > 1) || (*end != ',' && *end != '}'))
			return false;
		out->key[out->n] = arena_strndup(a, key, klen);
		out->num[out->n++] = strtoll(num, NULL, 10);
		c = end + 1;
		if (*end == '}')
			return *c == '\0';
	}
}

/* The weights column holds a flat JSON object of criterion -> weight. */
static void weights_read(arena_t *a, const char *text, kvlist_t *out)
{
	if (text && weights_read_plain(a, text, out))
		return;
	memset(out, 0, sizeof(*out));
	json_t *w = json_loads(text ? text : "{}", 0, NULL);
	size_t n = json_is_object(w) ? json_object_size(w) : 0;
	out->key = arena_alloc(a, sizeof(char *) * (n + 1));
	out->num = arena_alloc(a, sizeof(int64_t) * (n + 1));
	const char *key;
	json_t *v;
	if (n)
		json_object_foreach(w, key, v) {
			if (!json_is_integer(v))
				continue;
			out->key[out->n] = arena_strdup(a, key);
			out->num[out->n++] = json_integer_value(v);
		}
	json_decref(w);
}

static int cmp_key(const void *x, const void *y)
{
	return strcmp(**(const char *const *const *)x, **(const char *const *const *)y);
}

const char *store_weights_text(arena_t *a, const kvlist_t *w)
{
	/* Sorted by criterion, so equal weights are equal text. */
	const char ***order = arena_alloc(a, sizeof(*order) * (size_t)(w->n + 1));
	for (int i = 0; i < w->n; i++)
		order[i] = &w->key[i];
	qsort(order, (size_t)w->n, sizeof(*order), cmp_key);
	buf_t b = BUF_INIT;
	buf_putc(&b, '{');
	for (int i = 0; i < w->n; i++) {
		int k = (int)(order[i] - w->key);
		buf_printf(&b, "%s\"%s\":%lld", i ? "," : "", w->key[k], (long long)w->num[k]);
	}
	buf_putc(&b, '}');
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The eligibility columns hold JSON arrays of text (migration 0150); most
 * are empty, which needs no parser (every program read has two). */
static void texts_read(arena_t *a, const char *text, strlist_t *out)
{
	if (!text || !strcmp(text, "[]")) {
		out->v = arena_alloc(a, sizeof(char *));
		out->n = 0;
		return;
	}
	json_t *v = json_loads(text, 0, NULL);
	size_t n = json_is_array(v) ? json_array_size(v) : 0;
	out->v = arena_alloc(a, sizeof(char *) * (n + 1));
	out->n = 0;
	for (size_t i = 0; i < n; i++)
		if (json_is_string(json_array_get(v, i)))
			out->v[out->n++] = arena_strdup(a, json_string_value(json_array_get(v, i)));
	json_decref(v);
}

const char *store_texts_json(arena_t *a, const strlist_t *l)
{
	json_t *v = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(v, json_string(l->v[i]));
	char *text = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (!text)
		return "[]";
	const char *out = arena_strdup(a, text);
	free(text);
	return out;
}

static void from_row(arena_t *a, const row_program_t *r, program_t *p)
{
	*p = (program_t){.id = r->id, .name = r->name, .description = r->description, .kind = r->kind,
			 .starts_on = r->starts_on, .ends_on = r->ends_on, .matching = r->matching,
			 .cadence_days = (int)r->cadence_days,
			 .max_mentors_per_mentee = (int)r->max_mentors_per_mentee, .weights_json = r->weights,
			 .created_at = r->created_at, .updated_at = r->updated_at, .n_mentors = (int)r->mentors,
			 .n_mentees = (int)r->mentees, .archived_at = r->archived_at_null ? 0 : r->archived_at,
			 .open_to = r->open_to,
			 .mentee_seniority_min = r->mentee_seniority_min_null ? 0 : (int)r->mentee_seniority_min,
			 .mentee_seniority_max = r->mentee_seniority_max_null ? 0 : (int)r->mentee_seniority_max,
			 .mentor_seniority_min = r->mentor_seniority_min_null ? 0 : (int)r->mentor_seniority_min,
			 .mentor_seniority_max = r->mentor_seniority_max_null ? 0 : (int)r->mentor_seniority_max};
	weights_read(a, r->weights, &p->weights);
	texts_read(a, r->eligible_departments, &p->eligible_departments);
	texts_read(a, r->eligible_locations, &p->eligible_locations);
}

/* Fills the managers of programs[0..n) (ordered by id) with one query. */
static int load_managers(db_t *db, arena_t *a, program_t *programs, int n)
{
	if (n == 0)
		return DB_OK;
	row_program_manager_t *rows;
	int nrows;
	int st = sql_program_managers_of(db, a, programs[0].id, programs[n - 1].id, &rows, &nrows);
	if (st != DB_OK)
		return st;
	int k = 0;
	for (int i = 0; i < n; i++) {
		program_t *p = &programs[i];
		while (k < nrows && rows[k].program_id < p->id)
			k++;
		int start = k;
		while (k < nrows && rows[k].program_id == p->id)
			k++;
		p->n_managers = k - start;
		p->managers = arena_alloc(a, sizeof(int64_t) * (size_t)(p->n_managers + 1));
		for (int j = 0; j < p->n_managers; j++)
			p->managers[j] = rows[start + j].user_id;
	}
	return DB_OK;
}

int store_program_insert(db_t *db, const program_t *p, int64_t created_by, int64_t *id)
{
	return sql_program_insert(db, p->name, p->description, p->kind, p->starts_on, p->ends_on, p->matching,
				  p->cadence_days, p->max_mentors_per_mentee, p->weights_json, created_by,
				  time_now(), id, NULL);
}

int store_program_get(db_t *db, arena_t *a, int64_t id, program_t **out)
{
	row_program_t *r;
	*out = NULL;
	int st = sql_program_get(db, a, id, &r);
	if (st != DB_OK || !r)
		return st;
	program_t *p = arena_alloc(a, sizeof(*p));
	from_row(a, r, p);
	if ((st = load_managers(db, a, p, 1)) != DB_OK)
		return st;
	*out = p;
	return DB_OK;
}

int store_program_update(db_t *db, const program_t *p)
{
	return sql_program_update(db, p->id, p->name, p->description, p->kind, p->starts_on, p->ends_on,
				  p->matching, p->cadence_days, p->max_mentors_per_mentee, p->weights_json,
				  time_now(), NULL);
}

int store_program_set_enrolment(db_t *db, arena_t *a, const program_t *p)
{
	return sql_program_set_enrolment(db, p->id, p->open_to ? p->open_to : "",
					 store_texts_json(a, &p->eligible_departments),
					 store_texts_json(a, &p->eligible_locations), p->mentee_seniority_min,
					 p->mentee_seniority_max, p->mentor_seniority_min, p->mentor_seniority_max,
					 time_now());
}

int store_program_set_archived(db_t *db, int64_t id, bool archived, int64_t by, bool *changed)
{
	int64_t now = time_now();
	int n = 0;
	int st = sql_program_set_archived(db, id, archived ? now : 0, archived ? by : 0, now, &n);
	*changed = n > 0;
	return st;
}

int store_program_open_list(db_t *db, arena_t *a, int64_t after, const char *today, int limit,
			    program_t **items, int *n)
{
	row_program_t *rows;
	int st = sql_program_open_list(db, a, after, today, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(program_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(a, &rows[i], &(*items)[i]);
	return load_managers(db, a, *items, *n);
}

int store_program_set_managers(db_t *db, int64_t program_id, const int64_t *ids, int n)
{
	int st = sql_program_managers_clear(db, program_id);
	for (int i = 0; st == DB_OK && i < n; i++)
		st = sql_program_manager_add(db, program_id, ids[i]);
	return st;
}

int store_program_list(db_t *db, arena_t *a, int64_t user_id, role_t role, int64_t after,
		       int limit, program_t **items, int *n)
{
	row_program_t *rows;
	int st = sql_program_list(db, a, after, role == ROLE_ADMIN, user_id, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(program_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(a, &rows[i], &(*items)[i]);
	return load_managers(db, a, *items, *n);
}

int store_program_is_manager(db_t *db, int64_t program_id, int64_t user_id, bool *yes)
{
	int64_t one;
	return sql_program_is_manager(db, program_id, user_id, &one, yes);
}

int store_program_is_participant(db_t *db, int64_t program_id, int64_t user_id, bool *yes)
{
	int64_t one;
	return sql_program_is_participant(db, program_id, user_id, &one, yes);
}

static void from_part(const row_participant_t *r, participant_t *p)
{
	*p = (participant_t){.id = r->id, .program_id = r->program_id, .user_id = r->user_id,
			     .role = r->role, .capacity = (int)r->capacity, .name = r->name,
			     .email = r->email, .department = r->department, .created_at = r->created_at};
}

int store_participant_insert(db_t *db, const participant_t *p, int64_t *id)
{
	return sql_participant_insert(db, p->program_id, p->user_id, p->role, p->capacity, time_now(), id, NULL);
}

int store_participant_get(db_t *db, arena_t *a, int64_t program_id, int64_t user_id,
			  const char *role, participant_t **out)
{
	row_participant_t *r;
	*out = NULL;
	int st = sql_participant_get(db, a, program_id, user_id, role, &r);
	if (st == DB_OK && r) {
		*out = arena_alloc(a, sizeof(participant_t));
		from_part(r, *out);
	}
	return st;
}

int store_participant_by_id(db_t *db, arena_t *a, int64_t id, participant_t **out)
{
	row_participant_t *r;
	*out = NULL;
	int st = sql_participant_by_id(db, a, id, &r);
	if (st == DB_OK && r) {
		*out = arena_alloc(a, sizeof(participant_t));
		from_part(r, *out);
	}
	return st;
}

int store_participant_list(db_t *db, arena_t *a, int64_t program_id, const char *role,
			   int64_t after, int limit, participant_t **items, int *n)
{
	row_participant_t *rows;
	int st = sql_participant_list(db, a, program_id, role, after, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(participant_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_part(&rows[i], &(*items)[i]);
	return DB_OK;
}

int store_is_fellow_mentor(db_t *db, int64_t user_id, int64_t mentor_id, bool *yes)
{
	int64_t one;
	return sql_participant_is_fellow_mentor(db, user_id, mentor_id, &one, yes);
}

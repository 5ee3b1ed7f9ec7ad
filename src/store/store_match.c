/* Matching storage (see store_match.h). Loading is done in a handful of
 * set-wise queries (participants, list items, availability, managers, past
 * pairs) joined in memory by user id, so a program of 120,000 people loads
 * without a query per person; the availability (while the participants are
 * read) and the list items of half of the people (the largest read) come
 * from a second connection of the pool at the same time when one is free.
 * Every statement is a named one of
 * sql/match.sql; runs and pairs are composed from them. */
#include "store/store_base.h"
#include "store/store_match.h"
#include "store/stmts.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>


typedef struct uidx {
	int64_t uid;
	int idx;
} uidx_t;

static int cmp_uidx(const void *x, const void *y)
{
	const uidx_t *a = x, *b = y;
	return a->uid < b->uid ? -1 : a->uid > b->uid;
}

/* First entry for uid in the sorted index, or -1. */
static int find_first(const uidx_t *ix, int n, int64_t uid)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (ix[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ix[lo].uid == uid ? lo : -1;
}

static int count_rows(db_t *db, int64_t program_id, int64_t *n)
{
	return sql_match_people_count(db, program_id, n, NULL);
}

static int load_participants(db_t *db, arena_t *a, int64_t program_id, match_people_t *out)
{
	db_stmt_t *s;
	int st = db_query_named(db, &s, STMT_MATCH_PEOPLE_PARTICIPANTS, DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		match_person_row_t *p = &out->v[out->n++];
		p->user_id = db_col_int(s, 0);
		p->mentor = !strcmp(db_col_text(s, 1), "mentor");
		p->capacity = (int)db_col_int(s, 2);
		p->name = arena_strdup(a, db_col_text(s, 3));
		p->department = arena_strdup(a, db_col_text(s, 4));
		p->seniority = (int)db_col_int(s, 5);
		p->timezone = arena_strdup(a, db_col_text(s, 6));
		p->manager_id = db_col_int(s, 7);
		p->active = (int)db_col_int(s, 8);
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

enum { ITEM_KINDS = 4 };

/* A profile item's list: skills offered, skills wanted, interests,
 * languages; -1 for a kind the engine does not read. */
static int kind_of(const char *kind)
{
	static const char *const names[ITEM_KINDS] = {"skill_offered", "skill_wanted", "interest", "language"};
	for (int k = 0; k < ITEM_KINDS; k++)
		if (!strcmp(kind, names[k]))
			return k;
	return -1;
}

static strlist_t *list_of(match_person_row_t *p, int kind)
{
	strlist_t *lists[ITEM_KINDS] = {&p->skills_offered, &p->skills_wanted, &p->interests, &p->languages};
	return lists[kind];
}

static void list_push(arena_t *a, strlist_t *l, const char *v)
{
	if (l->n % 8 == 0) {
		const char **bigger = arena_alloc(a, sizeof(char *) * (size_t)(l->n + 8));
		if (l->n)
			memcpy(bigger, l->v, sizeof(char *) * (size_t)l->n);
		l->v = bigger;
	}
	l->v[l->n++] = v;
}

/* One person's profile items, gathered to be put in order. */
typedef struct item {
	int kind;
	int64_t position;
	const char *value;
} item_t;

typedef struct items {
	item_t *v;
	int n, cap;
	int64_t uid;
} items_t;

static int cmp_item(const void *x, const void *y)
{
	const item_t *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	if (a->position != b->position)
		return a->position < b->position ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* The gathered items of one person into the lists of each of their rows
 * (both roles of one person, in peer programs, share the profile), each
 * list in the order of its positions. */
static void items_flush(arena_t *a, match_people_t *out, const uidx_t *ix, items_t *it)
{
	int k = it->n ? find_first(ix, out->n, it->uid) : -1;
	if (k < 0) {
		it->n = 0;
		return;
	}
	qsort(it->v, (size_t)it->n, sizeof(item_t), cmp_item);
	int count[ITEM_KINDS] = {0};
	for (int x = 0; x < it->n; x++)
		count[it->v[x].kind]++;
	for (; k < out->n && ix[k].uid == it->uid; k++) {
		match_person_row_t *p = &out->v[ix[k].idx];
		for (int kind = 0; kind < ITEM_KINDS; kind++)
			if (count[kind])
				*list_of(p, kind) = (strlist_t){arena_alloc(a, sizeof(char *) * (size_t)count[kind]), 0};
		for (int x = 0; x < it->n; x++) {
			strlist_t *l = list_of(p, it->v[x].kind);
			l->v[l->n++] = it->v[x].value;
		}
	}
	it->n = 0;
}

/* The items of the participants with user ids first..last. Rows come by
 * person, in no order within one: SQLite reads them in the order of the
 * primary key, so asking for (kind, position) would sort a million rows
 * where each person's dozen sort here. */
static int load_items(db_t *db, arena_t *a, int64_t program_id, int64_t first, int64_t last, match_people_t *out,
		      const uidx_t *ix)
{
	db_stmt_t *s;
	int st = db_query_named(db, &s, STMT_MATCH_PEOPLE_ITEMS, DB_ARGS(DB_INT(program_id), DB_INT(first), DB_INT(last)));
	if (st != DB_OK)
		return st;
	items_t it = {.uid = 0};
	int rc;
	while ((rc = db_step(s)) == 1) {
		int64_t uid = db_col_int(s, 0);
		int kind = kind_of(db_col_text(s, 1));
		if (kind < 0)
			continue;
		if (uid != it.uid)
			items_flush(a, out, ix, &it);
		it.uid = uid;
		if (it.n == it.cap) {
			it.cap = it.cap ? 2 * it.cap : 64;
			it.v = xrealloc(it.v, sizeof(item_t) * (size_t)it.cap);
		}
		it.v[it.n++] = (item_t){kind, db_col_int(s, 2), arena_strdup(a, db_col_text(s, 3))};
	}
	if (rc >= 0)
		items_flush(a, out, ix, &it);
	free(it.v);
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

/* load_items of the participants up to user id last, on a connection
 * and arena of its own, in a thread: it writes only the item lists of
 * their rows, which nothing else reads or writes meanwhile. */
typedef struct items_job {
	db_t *db;
	arena_t *a;
	int64_t program_id, last;
	match_people_t *out;
	const uidx_t *ix;
	int st;
} items_job_t;

static void *items_run(void *arg)
{
	items_job_t *job = arg;
	db_bulk_read(job->db, true);
	job->st = load_items(job->db, job->a, job->program_id, INT64_MIN, job->last, job->out, job->ix);
	db_bulk_read(job->db, false);
	return NULL;
}

static void free_arena(void *a)
{
	arena_free(a);
}

/* Availability rows, read before the people they belong to are. */
typedef struct avail_row {
	int64_t uid;
	avail_t w;
} avail_row_t;

typedef struct avail_job {
	db_t *db;
	int64_t program_id;
	avail_row_t *v;
	size_t n;
	int st;
} avail_job_t;

static int read_avail(avail_job_t *job)
{
	db_stmt_t *s;
	int st = db_query_named(job->db, &s, STMT_MATCH_PEOPLE_AVAIL, DB_ARGS(DB_INT(job->program_id)));
	if (st != DB_OK)
		return st;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(s)) == 1) {
		if (job->n == cap) {
			cap = cap ? 2 * cap : 4096;
			job->v = xrealloc(job->v, sizeof(avail_row_t) * cap);
		}
		job->v[job->n++] = (avail_row_t){db_col_int(s, 0), {(int)db_col_int(s, 1), (int)db_col_int(s, 2),
								    (int)db_col_int(s, 3)}};
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

/* read_avail on a connection of its own, in a thread, while the caller's
 * connection reads the participants: it touches nothing but the job. */
static void *avail_run(void *arg)
{
	avail_job_t *job = arg;
	db_bulk_read(job->db, true);
	job->st = read_avail(job);
	db_bulk_read(job->db, false);
	return NULL;
}

/* The rows read (by user id) into the windows of each row of their person. */
static void attach_avail(arena_t *a, match_people_t *out, const uidx_t *ix, const avail_job_t *job)
{
	for (size_t r = 0; r < job->n; r++) {
		int k = find_first(ix, out->n, job->v[r].uid);
		for (; k >= 0 && k < out->n && ix[k].uid == job->v[r].uid; k++) {
			match_person_row_t *p = &out->v[ix[k].idx];
			if (p->n_avail % 8 == 0) {
				avail_t *bigger = arena_alloc(a, sizeof(avail_t) * (size_t)(p->n_avail + 8));
				if (p->n_avail)
					memcpy(bigger, p->avail, sizeof(avail_t) * (size_t)p->n_avail);
				p->avail = bigger;
			}
			p->avail[p->n_avail++] = job->v[r].w;
		}
	}
}

static void push_id(arena_t *a, int64_t **v, int *n, int64_t id)
{
	if (*n % 8 == 0) {
		int64_t *bigger = arena_alloc(a, sizeof(int64_t) * (size_t)(*n + 8));
		if (*n)
			memcpy(bigger, *v, sizeof(int64_t) * (size_t)*n);
		*v = bigger;
	}
	(*v)[(*n)++] = id;
}

static int load_prefs(db_t *db, arena_t *a, int64_t program_id, match_people_t *out, const uidx_t *ix)
{
	db_stmt_t *s;
	int st = db_query_named(db, &s, STMT_MATCH_PEOPLE_PREFS, DB_ARGS(DB_INT(program_id)));
	if (st != DB_OK)
		return st;
	int rc;
	while ((rc = db_step(s)) == 1) {
		int64_t uid = db_col_int(s, 0);
		const char *kind = db_col_text(s, 1), *value = db_col_text(s, 2);
		for (int k = find_first(ix, out->n, uid); k >= 0 && k < out->n && ix[k].uid == uid; k++) {
			match_person_row_t *p = &out->v[ix[k].idx];
			if (p->mentor)
				continue;
			if (!strcmp(kind, "department"))
				list_push(a, &p->pref_departments, arena_strdup(a, value));
			else if (!strcmp(kind, "language"))
				list_push(a, &p->pref_languages, arena_strdup(a, value));
			else if (!strcmp(kind, "mentor"))
				push_id(a, &p->pref_mentors, &p->n_pref_mentors, strtoll(value, NULL, 10));
			else
				push_id(a, &p->avoid, &p->n_avoid, strtoll(value, NULL, 10));
		}
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

/* Reads two-integer rows into a growing arena array. */
static int load_pairs(db_t *db, arena_t *a, int stmt, int64_t (**out)[2], int *n)
{
	int64_t total = 0;
	db_stmt_t *s;
	int st = db_query_named(db, &s, stmt, DB_NOARGS);
	if (st != DB_OK)
		return st;
	int cap = 1024, rc;
	*out = arena_alloc(a, sizeof(int64_t[2]) * (size_t)cap);
	*n = 0;
	while ((rc = db_step(s)) == 1) {
		if (*n == cap) {
			int64_t(*bigger)[2] = arena_alloc(a, sizeof(int64_t[2]) * (size_t)cap * 2);
			memcpy(bigger, *out, sizeof(int64_t[2]) * (size_t)cap);
			*out = bigger;
			cap *= 2;
		}
		(*out)[*n][0] = db_col_int(s, 0);
		(*out)[*n][1] = db_col_int(s, 1);
		(*n)++;
		total++;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

static int load_people(db_t *db, arena_t *a, int64_t program_id, match_people_t *out)
{
	int64_t n = 0;
	int st = count_rows(db, program_id, &n);
	if (st != DB_OK)
		return st;
	/* A second connection of the pool, when one is free, reads the
	 * availability while this one reads the participants, then the profile
	 * items of the first half of the people (half of the reading) while
	 * this one reads the rest; not when db reads a snapshot (a request) or
	 * in a transaction, which the second connection would not see. */
	db_t *db2 = n > 1 && db_reads_alone(db) ? db_pool_try_acquire(db_pool_of(db)) : NULL;
	avail_job_t aj = {.db = db2, .program_id = program_id};
	pthread_t tid;
	bool apart = db2 && pthread_create(&tid, NULL, avail_run, &aj) == 0;
	out->v = arena_alloc(a, sizeof(match_person_row_t) * (size_t)(n + 1));
	st = load_participants(db, a, program_id, out);
	if (apart) {
		pthread_join(tid, NULL);
		if (st == DB_OK)
			st = aj.st;
	} else if (st == DB_OK) {
		aj.db = db;
		st = read_avail(&aj);
	}
	uidx_t *ix = NULL;
	if (st == DB_OK) {
		ix = arena_alloc(a, sizeof(uidx_t) * (size_t)(out->n + 1));
		for (int i = 0; i < out->n; i++)
			ix[i] = (uidx_t){out->v[i].user_id, i};
		qsort(ix, (size_t)out->n, sizeof(uidx_t), cmp_uidx);
		attach_avail(a, out, ix, &aj);
	}
	free(aj.v);
	items_job_t job = {.db = db2, .program_id = program_id, .last = ix && out->n > 1 ? ix[out->n / 2].uid - 1 : 0,
			   .out = out, .ix = ix};
	apart = false;
	if (st == DB_OK && db2) {
		job.a = arena_new();
		arena_defer(a, free_arena, job.a);
		apart = pthread_create(&tid, NULL, items_run, &job) == 0;
	}
	if (st == DB_OK)
		st = load_items(db, a, program_id, apart ? job.last + 1 : INT64_MIN, INT64_MAX, out, ix);
	if (st == DB_OK)
		st = load_prefs(db, a, program_id, out, ix);
	if (st == DB_OK)
		st = load_pairs(db, a, STMT_MATCH_PEOPLE_PAST_PAIRS, &out->past, &out->npast);
	if (st == DB_OK)
		st = load_pairs(db, a, STMT_MATCH_PEOPLE_MANAGERS, &out->managers, &out->nmanagers);
	if (apart) {
		pthread_join(tid, NULL);
		if (st == DB_OK)
			st = job.st;
	}
	if (db2)
		db_pool_release(db_pool_of(db), db2);
	return st;
}

int store_match_people(db_t *db, arena_t *a, int64_t program_id, match_people_t *out)
{
	memset(out, 0, sizeof(*out));
	/* Every profile of the program is read once: the pages it read are
	 * not kept resident through the matching run. */
	db_bulk_read(db, true);
	int st = load_people(db, a, program_id, out);
	db_bulk_read(db, false);
	return st;
}

/* ---- runs ---- */

/* A flat JSON object of integers (a run's weights) as a list. */
static void weights_read(arena_t *a, const char *text, kvlist_t *out)
{
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

static void stats_read(arena_t *a, const char *text, match_run_rec_t *r)
{
	json_t *o = json_loads(text ? text : "{}", 0, NULL);
	json_t *arcs = json_object_get(o, "candidate_arcs");
	r->has_stats = json_is_integer(arcs);
	if (r->has_stats) {
		r->mentees = json_integer_value(json_object_get(o, "mentees"));
		r->mentors = json_integer_value(json_object_get(o, "mentors"));
		r->candidate_arcs = json_integer_value(arcs);
		r->load_ms = json_number_value(json_object_get(o, "load_ms"));
		r->solve_ms = json_number_value(json_object_get(o, "solve_ms"));
	}
	json_t *cert = json_object_get(o, "certified_optimal");
	r->has_certificate = json_is_boolean(cert);
	if (r->has_certificate) {
		r->certified = json_is_true(cert);
		const char *why = json_string_value(json_object_get(o, "certified_optimal_reason"));
		r->cert_reason = why ? arena_strdup(a, why) : NULL;
		r->cert_rounds = json_integer_value(json_object_get(o, "certificate_rounds"));
		r->pairs_checked = json_integer_value(json_object_get(o, "pairs_checked"));
		r->pairs_added = json_integer_value(json_object_get(o, "pairs_added"));
		r->certify_ms = json_number_value(json_object_get(o, "certify_ms"));
	}
	json_t *places = json_object_get(o, "places");
	r->has_places = json_is_integer(places);
	if (r->has_places) {
		r->places = json_integer_value(places);
		r->places_taken = json_integer_value(json_object_get(o, "places_taken"));
	}
	json_decref(o);
}

static const char *dump(arena_t *a, json_t *v, const char *fallback)
{
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	const char *out = arena_strdup(a, s ? s : fallback);
	free(s);
	return out;
}

static void run_from_row(arena_t *a, const row_match_run_t *w, match_run_rec_t *r)
{
	*r = (match_run_rec_t){.id = w->id, .program_id = w->program_id, .algorithm = w->algorithm,
			       .status = w->status, .total_score = w->total_score,
			       .created_by = w->created_by_null ? 0 : w->created_by, .created_at = w->created_at,
			       .published_at = w->published_at_null ? 0 : w->published_at, .pairs = w->pairs,
			       .unmatched_count = w->unmatched_count};
	weights_read(a, w->weights, &r->weights);
	stats_read(a, w->stats, r);
}

int store_match_run_insert(db_t *db, arena_t *a, const match_run_rec_t *r, int64_t created_by, int64_t *id)
{
	const char *stats = "{}";
	if (r->has_stats) {
		json_t *o = json_pack("{s:I, s:I, s:I, s:f, s:f}", "mentees", (json_int_t)r->mentees,
				      "mentors", (json_int_t)r->mentors, "candidate_arcs",
				      (json_int_t)r->candidate_arcs, "load_ms", r->load_ms, "solve_ms", r->solve_ms);
		if (r->has_certificate) {
			json_t *c = json_pack("{s:b, s:s?, s:I, s:I, s:I, s:f}", "certified_optimal", r->certified,
					      "certified_optimal_reason", r->cert_reason, "certificate_rounds",
					      (json_int_t)r->cert_rounds, "pairs_checked", (json_int_t)r->pairs_checked,
					      "pairs_added", (json_int_t)r->pairs_added, "certify_ms", r->certify_ms);
			json_object_update(o, c);
			json_decref(c);
		}
		if (r->has_places) {
			json_object_set_new(o, "places", json_integer(r->places));
			json_object_set_new(o, "places_taken", json_integer(r->places_taken));
		}
		stats = dump(a, o, "{}");
	}
	return sql_match_run_insert(db, r->program_id, r->algorithm, store_weights_text(a, &r->weights),
				    r->total_score, stats, created_by, time_now(), id, NULL);
}

int store_match_run_get(db_t *db, arena_t *a, int64_t id, match_run_rec_t **out)
{
	row_match_run_t *w;
	*out = NULL;
	int st = sql_match_run_get(db, a, id, &w);
	if (st != DB_OK || !w)
		return st;
	*out = arena_alloc(a, sizeof(**out));
	run_from_row(a, w, *out);
	return DB_OK;
}

int store_match_run_list(db_t *db, arena_t *a, int64_t program_id, match_run_rec_t **items, int *n)
{
	row_match_run_t *rows;
	int st = sql_match_run_list(db, a, program_id, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(match_run_rec_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		run_from_row(a, &rows[i], &(*items)[i]);
	return DB_OK;
}

/* ---- pairs ---- */

/* A pair's reasons are stored as [{criterion, points, detail}]. */
void store_match_reasons_read(arena_t *a, const char *text, match_pair_rec_t *p)
{
	json_t *arr = json_loads(text ? text : "[]", 0, NULL), *x;
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0, i;
	p->reasons = arena_alloc(a, sizeof(match_reason_rec_t) * (n + 1));
	p->n_reasons = 0;
	json_array_foreach(arr, i, x) {
		const char *c = json_string_value(json_object_get(x, "criterion"));
		const char *d = json_string_value(json_object_get(x, "detail"));
		p->reasons[p->n_reasons++] = (match_reason_rec_t){
			arena_strdup(a, c ? c : ""), arena_strdup(a, d ? d : ""),
			json_integer_value(json_object_get(x, "points"))};
	}
	json_decref(arr);
}

int store_match_pair_put(db_t *db, arena_t *a, int64_t run_id, const match_pair_rec_t *p)
{
	json_t *arr = json_array();
	for (int i = 0; i < p->n_reasons; i++)
		json_array_append_new(arr, json_pack("{s:s, s:I, s:s}", "criterion", p->reasons[i].criterion,
						     "points", (json_int_t)p->reasons[i].points, "detail",
						     p->reasons[i].detail));
	return sql_match_pair_put(db, run_id, p->mentee_id, p->mentor_id, p->score, dump(a, arr, "[]"), p->edited,
				  p->department ? p->department : "");
}

int store_match_pair_list(db_t *db, arena_t *a, int64_t run_id, match_pair_rec_t **items, int *n)
{
	row_match_pair_t *rows;
	int st = sql_match_pair_list(db, a, run_id, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(match_pair_rec_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++) {
		match_pair_rec_t *p = &(*items)[i];
		*p = (match_pair_rec_t){.mentee_id = rows[i].mentee_id, .mentor_id = rows[i].mentor_id,
					.score = rows[i].score, .mentee_name = rows[i].mentee_name,
					.mentor_name = rows[i].mentor_name, .edited = rows[i].edited,
					.department = rows[i].department};
		store_match_reasons_read(a, rows[i].reasons, p);
	}
	return DB_OK;
}

int store_match_pair_page(db_t *db, arena_t *a, int64_t run_id, const char *department, int64_t min_score,
			  int64_t before_score, int64_t before_mentee, int limit, match_pair_rec_t **items, int *n)
{
	row_match_pair_page_t *rows;
	int st = department ? sql_match_pair_page_department(db, a, run_id, department, min_score, before_score,
							     before_mentee, limit, &rows, n)
			    : sql_match_pair_page(db, a, run_id, min_score, before_score, before_mentee, limit, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(match_pair_rec_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++) {
		match_pair_rec_t *p = &(*items)[i];
		*p = (match_pair_rec_t){.mentee_id = rows[i].mentee_id, .mentor_id = rows[i].mentor_id,
					.score = rows[i].score, .mentee_name = rows[i].mentee_name,
					.mentor_name = rows[i].mentor_name, .edited = rows[i].edited,
					.department = rows[i].department};
		store_match_reasons_read(a, rows[i].reasons, p);
	}
	return DB_OK;
}

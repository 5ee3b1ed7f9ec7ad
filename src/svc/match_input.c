/* See match_input.h. Time zones: each zone's UTC offset is read from the
 * system tzdata (through libical) once per run, at the start of the current
 * week, and a person's local windows are shifted by it into UTC hours of the
 * week; a DST change inside that one week is the only approximation. */
#include "svc/match_input.h"
#include "core/buf.h"
#include "core/profile.h"
#include "core/timeutil.h"
#include "core/timewords.h"
#include "core/tzconv.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHAIN 32

typedef struct zone_cache {
	const char *zone[64];
	int offset[64];
	int n;
} zone_cache_t;

static int offset_of(zone_cache_t *z, const char *zone, int64_t at)
{
	for (int i = 0; i < z->n; i++)
		if (!strcmp(z->zone[i], zone))
			return z->offset[i];
	local_time_t lt = {0};
	int off = tz_to_local(zone, at, &lt) ? lt.utc_offset_min : 0;
	if (z->n < 64) {
		z->zone[z->n] = zone;
		z->offset[z->n++] = off;
	}
	return off;
}

/* Local weekly windows -> UTC hour-of-week bits (Monday 00:00 UTC = 0). An
 * hour counts when the window covers at least half of it. */
static struct match_week week_of(const avail_t *w, int n, int offset_min)
{
	struct match_week wk = {{0, 0, 0}};
	for (int i = 0; i < n; i++) {
		int start = (w[i].day - 1) * 1440 + w[i].start_min - offset_min;
		int end = (w[i].day - 1) * 1440 + w[i].end_min - offset_min;
		for (int m = start - start % 60 - 60; m < end; m += 60) {
			int lo = m > start ? m : start, hi = m + 60 < end ? m + 60 : end;
			if (hi - lo >= 30) {
				int h = ((m / 60) % 168 + 168) % 168;
				match_week_set(&wk, (unsigned)h);
			}
		}
	}
	return wk;
}

static struct match_ids ids_of(const strlist_t *l, intern_t *t, arena_t *a)
{
	int n = l->n > MATCH_LIST_MAX ? MATCH_LIST_MAX : l->n;
	int32_t *v = arena_alloc(a, sizeof(int32_t) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		v[i] = intern_id_shown(t, profile_norm(a, l->v[i]), l->v[i]);
	return (struct match_ids){v, (size_t)n};
}

typedef struct mgr_map {
	int64_t (*rows)[2];
	int n;
} mgr_map_t;

static int cmp_pair(const void *x, const void *y)
{
	const int64_t *a = x, *b = y;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

static int64_t manager_of(const mgr_map_t *m, int64_t uid)
{
	int lo = 0, hi = m->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (m->rows[mid][0] < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->rows[lo][0] == uid ? m->rows[lo][1] : 0;
}

static struct match_uids chain_of(const mgr_map_t *m, int64_t uid, arena_t *a)
{
	int64_t *v = arena_alloc(a, sizeof(int64_t) * MAX_CHAIN);
	size_t n = 0;
	for (int64_t cur = manager_of(m, uid); cur && n < MAX_CHAIN; cur = manager_of(m, cur)) {
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen |= v[i] == cur;
		if (seen)
			break; /* a loop in bad data must not spin */
		v[n++] = cur;
	}
	return (struct match_uids){v, n};
}

/* Program weights {"skills": 40, ...} and kind into the engine config. */
static bool config_of(const program_t *prog, const kvlist_t *override, struct match_config *cfg,
		      const char **why, arena_t *a)
{
	match_config_default(cfg);
	cfg->threads = 2;
	/* Ties are broken by a hash seeded per program: spread over all
	 * mentors, and the same proposal for a dry run and the real run. */
	cfg->tie_seed = (uint64_t)prog->id;
	if (!strcmp(prog->kind, "peer"))
		cfg->seniority_rule = MATCH_SENIORITY_PEER;
	else if (!strcmp(prog->kind, "reverse"))
		cfg->seniority_rule = MATCH_SENIORITY_REVERSE;
	const kvlist_t *w = override ? override : &prog->weights;
	for (int i = 0; i < w->n; i++) {
		int c = -1;
		for (int k = 0; k < MATCH_CRITERION_COUNT; k++)
			if (!strcmp(w->key[i], match_criterion_name((enum match_criterion)k)))
				c = k;
		if (c < 0 || w->num[i] < 0 || w->num[i] > 100) {
			*why = arena_printf(a, "weight \"%s\" must be a known criterion with 0-100 points", w->key[i]);
			return false;
		}
		cfg->weights[c] = (int32_t)w->num[i];
	}
	if (match_config_validate(cfg) != MATCH_OK) {
		*why = "the weights are out of range";
		return false;
	}
	return true;
}

static int add_person(match_input_t *in, const match_person_row_t *p, const mgr_map_t *mgr,
		      zone_cache_t *zones, int64_t week_start, arena_t *a)
{
	int off = offset_of(zones, p->timezone, week_start);
	struct match_ids langs = ids_of(&p->languages, in->words, a);
	struct match_ids interests = ids_of(&p->interests, in->words, a);
	int32_t dept = *p->department ? intern_id_shown(in->words, profile_norm(a, p->department), p->department) : 0;
	struct match_week wk = week_of(p->avail, p->n_avail, off);
	if (p->mentor) {
		struct match_mentor m = {
			.user_id = p->user_id, .skills_offered = ids_of(&p->skills_offered, in->words, a),
			.interests = interests, .languages = langs, .department = dept,
			.seniority = p->seniority, .utc_offset_min = off, .availability = wk,
			.capacity = p->capacity > MATCH_CAPACITY_MAX ? MATCH_CAPACITY_MAX : p->capacity};
		m.load = p->active > m.capacity ? m.capacity : p->active;
		uint32_t j;
		int st = match_instance_add_mentor(in->inst, &m, &j);
		if (st == MATCH_OK) {
			in->mentor_names[j] = p->name;
			in->mentor_uid[j] = p->user_id;
			in->mentor_rows[j] = p;
			in->n_mentors = j + 1;
			in->places += m.capacity;
			in->places_taken += m.load;
		}
		return st;
	}
	struct match_mentee e = {
		.user_id = p->user_id, .skills_wanted = ids_of(&p->skills_wanted, in->words, a),
		.interests = interests, .languages = langs, .department = dept, .seniority = p->seniority,
		.utc_offset_min = off, .availability = wk, .manager_chain = chain_of(mgr, p->user_id, a),
		.prefs = {
			.departments = ids_of(&p->pref_departments, in->words, a),
			.languages = ids_of(&p->pref_languages, in->words, a),
			.mentors = {p->pref_mentors, (size_t)(p->n_pref_mentors > MATCH_LIST_MAX ? MATCH_LIST_MAX : p->n_pref_mentors)},
			.avoid = {p->avoid, (size_t)(p->n_avoid > MATCH_LIST_MAX ? MATCH_LIST_MAX : p->n_avoid)},
		}};
	uint32_t i;
	int st = match_instance_add_mentee(in->inst, &e, &i);
	if (st == MATCH_OK) {
		in->mentee_names[i] = p->name;
		in->mentee_uid[i] = p->user_id;
		in->mentee_rows[i] = p;
		in->n_mentees = i + 1;
	}
	return st;
}

int match_input_load(db_t *db, arena_t *a, const program_t *prog, const kvlist_t *weights,
		     match_input_t *out, const char **why)
{
	return match_input_load_keeping(db, a, prog, weights, 0, out, why);
}

int match_input_load_keeping(db_t *db, arena_t *a, const program_t *prog, const kvlist_t *weights, int64_t keep_uid,
			     match_input_t *out, const char **why)
{
	match_people_t people;
	memset(out, 0, sizeof(*out));
	if (!config_of(prog, weights, &out->cfg, why, a))
		return DB_ERROR;
	int st = store_match_people(db, a, prog->id, &people);
	if (st != DB_OK)
		return st;
	out->words = intern_new(a);
	size_t n = (size_t)people.n + 1;
	out->mentee_names = arena_alloc(a, sizeof(char *) * n);
	out->mentor_names = arena_alloc(a, sizeof(char *) * n);
	out->mentee_uid = arena_alloc(a, sizeof(int64_t) * n);
	out->mentor_uid = arena_alloc(a, sizeof(int64_t) * n);
	out->mentee_rows = arena_alloc(a, sizeof(match_person_row_t *) * n);
	out->mentor_rows = arena_alloc(a, sizeof(match_person_row_t *) * n);
	mgr_map_t mgr = {people.managers, people.nmanagers};
	qsort(mgr.rows, (size_t)mgr.n, sizeof(int64_t[2]), cmp_pair);
	zone_cache_t zones = {.n = 0};
	int64_t now = time_now();
	int64_t week_start = now - ((now / 86400 + 3) % 7) * 86400 - now % 86400; /* Monday 00:00 UTC */
	int ms = match_instance_new(&out->inst);
	for (int i = 0; ms == MATCH_OK && i < people.n; i++) {
		const match_person_row_t *p = &people.v[i];
		/* Mentees who have all the mentors they asked for, and mentors
		 * who take no one, sit this run out. */
		if ((!p->mentor && p->active >= p->capacity && p->user_id != keep_uid) || (p->mentor && p->capacity < 1))
			continue;
		ms = add_person(out, p, &mgr, &zones, week_start, a);
	}
	for (int i = 0; ms == MATCH_OK && i < people.npast; i++)
		ms = match_instance_add_past_pair(out->inst, people.past[i][0], people.past[i][1]);
	if (ms == MATCH_OK)
		ms = match_instance_finalize(out->inst);
	if (ms != MATCH_OK) {
		*why = match_strerror(ms);
		match_input_free(out);
		return DB_ERROR;
	}
	return DB_OK;
}

void match_input_free(match_input_t *in)
{
	match_instance_free(in->inst);
	in->inst = NULL;
}

static uint32_t find(const int64_t *uids, uint32_t n, int64_t uid)
{
	for (uint32_t i = 0; i < n; i++)
		if (uids[i] == uid)
			return i;
	return MATCH_NONE;
}

uint32_t match_input_mentee_index(const match_input_t *in, int64_t uid)
{
	return find(in->mentee_uid, in->n_mentees, uid);
}

uint32_t match_input_mentor_index(const match_input_t *in, int64_t uid)
{
	return find(in->mentor_uid, in->n_mentors, uid);
}

static const char *id_list(const match_input_t *in, const struct match_reason *r, arena_t *a)
{
	buf_t b = BUF_INIT;
	for (uint32_t i = 0; i < r->n_ids; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", intern_str(in->words, r->ids[i]));
	if ((uint32_t)r->value > r->n_ids)
		buf_printf(&b, " and %u more", (unsigned)r->value - r->n_ids);
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static const char *detail_of(const match_input_t *in, const struct match_reason *r, arena_t *a)
{
	switch (r->criterion) {
	case MATCH_CRIT_SKILLS:
		return arena_printf(a, "offers what the mentee wants to learn: %s", id_list(in, r, a));
	case MATCH_CRIT_INTERESTS:
		return arena_printf(a, "shared interests: %s", id_list(in, r, a));
	case MATCH_CRIT_LANGUAGES:
		return arena_printf(a, "common language: %s", id_list(in, r, a));
	case MATCH_CRIT_SENIORITY:
		return r->value > 0 ? arena_printf(a, "mentor is %d level%s more senior", r->value, r->value == 1 ? "" : "s")
		     : r->value < 0 ? arena_printf(a, "mentor is %d level%s junior", -r->value, r->value == -1 ? "" : "s")
				    : "same seniority";
	case MATCH_CRIT_DEPARTMENT:
		return arena_printf(a, "mentor in %s, mentee in %s", intern_str(in->words, r->value),
				    r->n_ids ? intern_str(in->words, r->ids[0]) : "an unknown department");
	case MATCH_CRIT_TIMEZONE: {
		char apart[48];
		timewords_minutes(r->value, apart, sizeof(apart));
		return r->value == 0 ? "the same time of day" : arena_printf(a, "clocks %s apart", apart);
	}
	case MATCH_CRIT_AVAILABILITY:
		return arena_printf(a, "%d hour%s a week both are available", r->value, r->value == 1 ? "" : "s");
	case MATCH_CRIT_PREFERENCES:
		return arena_printf(a, "meets %d of the mentee's preferences", r->value);
	default:
		return "";
	}
}

void match_input_reasons(const match_input_t *in, const struct match_explanation *e, arena_t *a,
			 MatchReason_list_t *out)
{
	out->v = arena_alloc(a, sizeof(MatchReason_t) * (e->n_reasons + 1));
	out->n = (int)e->n_reasons;
	for (uint32_t k = 0; k < e->n_reasons; k++) {
		const struct match_reason *r = &e->reasons[k];
		out->v[k] = (MatchReason_t){.criterion = match_criterion_name(r->criterion), .points = r->points,
					    .detail = detail_of(in, r, a)};
	}
}

void match_input_weights(const struct match_config *cfg, arena_t *a, kvlist_t *out)
{
	out->key = arena_alloc(a, sizeof(char *) * MATCH_CRITERION_COUNT);
	out->num = arena_alloc(a, sizeof(int64_t) * MATCH_CRITERION_COUNT);
	out->str = NULL;
	out->n = MATCH_CRITERION_COUNT;
	for (int k = 0; k < MATCH_CRITERION_COUNT; k++) {
		out->key[k] = match_criterion_name((enum match_criterion)k);
		out->num[k] = cfg->weights[k];
	}
}

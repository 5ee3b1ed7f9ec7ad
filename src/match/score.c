/*
 * score.c — the criteria that are more than a one-liner, their tables, and
 * match_explain(): the full, itemised score of one pair with the ids that
 * earned each criterion its points, for the "why" shown next to a match.
 */
#include "match/instance.h"
#include "match/score.h"

#include <string.h>

int32_t match_score_seniority(int32_t w, enum match_seniority_rule rule, int32_t gap)
{
	switch (rule) {
	case MATCH_SENIORITY_PEER:
		/* Peers learn from each other best at the same level. */
		if (gap == 0)
			return w;
		if (gap == 1 || gap == -1)
			return match_score_frac(w, 1, 2);
		return 0;
	case MATCH_SENIORITY_REVERSE:
		gap = -gap;
		break;
	case MATCH_SENIORITY_MENTOR_ABOVE:
		break;
	}
	/* One or two levels apart is the classic sweet spot; further apart
	 * the mentor's world gets less relevant, so points fade as 2/gap. */
	if (gap <= 0)
		return 0;
	if (gap <= 2)
		return w;
	return match_score_frac(w, 2, (uint32_t)gap);
}

int32_t match_score_timezone(int32_t w, uint32_t minutes)
{
	/* Within an hour is the same working day; eight hours apart leaves
	 * no shared office hours, hence zero. */
	if (minutes <= 60)
		return w;
	if (minutes >= 480)
		return 0;
	return match_score_frac(w, 480 - minutes, 420);
}

void match_score_tables_init(struct match_score_tables *t,
	const struct match_config *cfg)
{
	for (int32_t g = -MATCH_SENIORITY_SPAN; g <= MATCH_SENIORITY_SPAN; g++)
		t->sen[g + MATCH_SENIORITY_SPAN] = match_score_seniority(
			cfg->weights[MATCH_CRIT_SENIORITY], cfg->seniority_rule, g);
	for (uint32_t d = 0; d <= 720; d++)
		t->tz[d] = match_score_timezone(cfg->weights[MATCH_CRIT_TIMEZONE], d);
	for (uint32_t x = 0; x <= MATCH_INTEREST_TAB; x++)
		for (uint32_t d = 0; d <= MATCH_INTEREST_TAB; d++)
			t->interests[x][d] = match_score_frac(
				cfg->weights[MATCH_CRIT_INTERESTS], x, d);
	for (uint32_t h = 0; h <= 168; h++)
		t->avail[h] = match_score_availability(
			cfg->weights[MATCH_CRIT_AVAILABILITY], h,
			cfg->availability_target_hours);
}

/* Intersection of two sorted id lists: the count, and the first
 * MATCH_REASON_IDS common ids into r. */
static uint32_t intersect(const int32_t *a, uint32_t na, const int32_t *b,
	uint32_t nb, struct match_reason *r)
{
	uint32_t x = 0, y = 0, n = 0;
	while (x < na && y < nb) {
		if (a[x] < b[y]) {
			x++;
		} else if (a[x] > b[y]) {
			y++;
		} else {
			if (r && r->n_ids < MATCH_REASON_IDS)
				r->ids[r->n_ids++] = a[x];
			n++;
			x++;
			y++;
		}
	}
	return n;
}

static bool contains_i32(const int32_t *a, uint32_t n, int32_t x)
{
	for (uint32_t k = 0; k < n; k++)
		if (a[k] == x)
			return true;
	return false;
}

/* Sort reasons by points, most first; criterion order breaks ties. */
static void sort_reasons(struct match_explanation *e)
{
	for (uint32_t a = 1; a < e->n_reasons; a++) {
		struct match_reason r = e->reasons[a];
		uint32_t b = a;
		while (b > 0 && (e->reasons[b - 1].points < r.points ||
			(e->reasons[b - 1].points == r.points &&
			 e->reasons[b - 1].criterion > r.criterion))) {
			e->reasons[b] = e->reasons[b - 1];
			b--;
		}
		e->reasons[b] = r;
	}
}

/* The number of common ids of two sorted lists. */
static uint32_t common(const int32_t *a, uint32_t na, const int32_t *b, uint32_t nb)
{
	return intersect(a, na, b, nb, NULL);
}

int32_t match_score_pair(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_score_tables *tab,
	uint32_t i, uint32_t j)
{
	const struct match_mentee_rec *a = &inst->mentees[i];
	const struct match_mentor_rec *b = &inst->mentors[j];
	const int32_t *w = cfg->weights;
	int32_t p = match_score_skills(w[MATCH_CRIT_SKILLS],
		common(match_span_ids(inst, a->skills), a->skills.n,
			match_span_ids(inst, b->skills), b->skills.n), a->skills.n);
	p += match_score_interests(w[MATCH_CRIT_INTERESTS],
		common(match_span_ids(inst, a->interests), a->interests.n,
			match_span_ids(inst, b->interests), b->interests.n),
		a->interests.n, b->interests.n);
	p += match_score_languages(w[MATCH_CRIT_LANGUAGES],
		match_instance_common_language(inst, i, j));
	p += tab->sen[match_clamp_gap((int64_t)b->seniority - a->seniority) +
		MATCH_SENIORITY_SPAN];
	p += match_score_department(w[MATCH_CRIT_DEPARTMENT], cfg->department_rule,
		a->dept, b->dept);
	p += tab->tz[match_score_tz_distance(a->utc_offset, b->utc_offset)];
	p += tab->avail[match_week_common(&a->avail, &b->avail)];
	uint32_t stated = (a->pref_depts.n > 0) + (a->pref_langs.n > 0) +
		(a->pref_mentors.n > 0), met = 0;
	if (stated) {
		met += a->pref_depts.n && contains_i32(match_span_ids(inst, a->pref_depts),
			a->pref_depts.n, b->dept);
		met += a->pref_langs.n && common(match_span_ids(inst, a->pref_langs),
			a->pref_langs.n, match_span_ids(inst, b->languages), b->languages.n);
		met += a->pref_mentors.n && match_u32_contains(inst->prefm_mentor +
			inst->prefm_off[i], inst->prefm_off[i + 1] - inst->prefm_off[i], j);
		p += match_score_preferences(w[MATCH_CRIT_PREFERENCES], met, stated);
	}
	return p;
}

int match_explain(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t i, uint32_t j,
	struct match_explanation *out)
{
	if (!inst || !cfg || !out)
		return MATCH_EINVAL;
	if (!inst->finalized)
		return MATCH_ESTATE;
	if (i >= inst->n_mentees || j >= inst->n_mentors)
		return MATCH_EINVAL;
	int rc = match_config_validate(cfg);
	if (rc)
		return rc;
	const struct match_mentee_rec *a = &inst->mentees[i];
	const struct match_mentor_rec *b = &inst->mentors[j];
	const int32_t *w = cfg->weights;
	struct match_reason r[MATCH_CRITERION_COUNT];
	memset(r, 0, sizeof r);
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++)
		r[c].criterion = (enum match_criterion)c;

	struct match_reason *s = &r[MATCH_CRIT_SKILLS];
	s->value = (int32_t)intersect(match_span_ids(inst, a->skills), a->skills.n,
		match_span_ids(inst, b->skills), b->skills.n, s);
	s->points = match_score_skills(w[MATCH_CRIT_SKILLS], (uint32_t)s->value,
		a->skills.n);

	s = &r[MATCH_CRIT_INTERESTS];
	s->value = (int32_t)intersect(match_span_ids(inst, a->interests),
		a->interests.n, match_span_ids(inst, b->interests),
		b->interests.n, s);
	s->points = match_score_interests(w[MATCH_CRIT_INTERESTS],
		(uint32_t)s->value, a->interests.n, b->interests.n);

	s = &r[MATCH_CRIT_LANGUAGES];
	s->value = (int32_t)intersect(match_span_ids(inst, a->languages),
		a->languages.n, match_span_ids(inst, b->languages),
		b->languages.n, s);
	s->points = match_score_languages(w[MATCH_CRIT_LANGUAGES], (uint32_t)s->value);

	s = &r[MATCH_CRIT_SENIORITY];
	s->value = match_clamp_gap((int64_t)b->seniority - a->seniority);
	s->points = match_score_seniority(w[MATCH_CRIT_SENIORITY],
		cfg->seniority_rule, s->value);

	s = &r[MATCH_CRIT_DEPARTMENT];
	s->value = b->dept;
	s->ids[0] = a->dept;
	s->n_ids = 1;
	s->points = match_score_department(w[MATCH_CRIT_DEPARTMENT],
		cfg->department_rule, a->dept, b->dept);

	s = &r[MATCH_CRIT_TIMEZONE];
	s->value = (int32_t)match_score_tz_distance(a->utc_offset, b->utc_offset);
	s->points = match_score_timezone(w[MATCH_CRIT_TIMEZONE], (uint32_t)s->value);

	s = &r[MATCH_CRIT_AVAILABILITY];
	s->value = (int32_t)match_week_common(&a->avail, &b->avail);
	s->points = match_score_availability(w[MATCH_CRIT_AVAILABILITY],
		(uint32_t)s->value, cfg->availability_target_hours);

	s = &r[MATCH_CRIT_PREFERENCES];
	uint32_t stated = 0, met = 0;
	if (a->pref_depts.n) {
		stated++;
		if (contains_i32(match_span_ids(inst, a->pref_depts),
			a->pref_depts.n, b->dept)) {
			met++;
			s->ids[s->n_ids++] = MATCH_PREF_DEPARTMENT;
		}
	}
	if (a->pref_langs.n) {
		stated++;
		if (intersect(match_span_ids(inst, a->pref_langs), a->pref_langs.n,
			match_span_ids(inst, b->languages), b->languages.n, NULL)) {
			met++;
			s->ids[s->n_ids++] = MATCH_PREF_LANGUAGE;
		}
	}
	if (a->pref_mentors.n) {
		stated++;
		if (match_u32_contains(inst->prefm_mentor + inst->prefm_off[i],
			inst->prefm_off[i + 1] - inst->prefm_off[i], j)) {
			met++;
			s->ids[s->n_ids++] = MATCH_PREF_MENTOR;
		}
	}
	s->value = (int32_t)met;
	s->points = match_score_preferences(w[MATCH_CRIT_PREFERENCES], met, stated);

	memset(out, 0, sizeof *out);
	for (int c = 0; c < MATCH_CRITERION_COUNT; c++) {
		out->score += r[c].points;
		if (r[c].points > 0)
			out->reasons[out->n_reasons++] = r[c];
	}
	sort_reasons(out);
	out->blocked = match_instance_block(inst, cfg, i, j);
	return MATCH_OK;
}

/*
 * gen.c — see gen.h. The distributions are the benchmark's claims about
 * a real company, so they are written down in docs/matching.md too:
 * skills from a 2,000-skill vocabulary with Zipf(1.0) popularity (the top
 * skill is offered by about a third of mentors), interests Zipf(0.8) over
 * 300, 90% share one language, capacities 1-5 weighted 30/30/20/10/10.
 */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_SKILLS 2000
#define N_INTERESTS 300
#define N_LANGS 30
#define N_DEPTS 40

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return (uint32_t)(next(r) % n);
}

static double unit(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

/* Zipf over ranks 1..n as a cumulative table, sampled by bisection. */
struct zipf {
	uint32_t n;
	double *cdf;
};

static int zipf_init(struct zipf *z, uint32_t n, double s)
{
	z->n = n;
	z->cdf = malloc(n * sizeof *z->cdf);
	if (!z->cdf)
		return MATCH_ENOMEM;
	double acc = 0;
	for (uint32_t k = 0; k < n; k++) {
		acc += 1.0 / pow(k + 1, s);
		z->cdf[k] = acc;
	}
	for (uint32_t k = 0; k < n; k++)
		z->cdf[k] /= acc;
	return MATCH_OK;
}

static uint32_t zipf_draw(const struct zipf *z, struct rng *r)
{
	double u = unit(r);
	uint32_t lo = 0, hi = z->n - 1;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1; /* ids start at 1 */
}

static size_t draw_ids(const struct zipf *z, struct rng *r, int32_t *v,
	uint32_t lo, uint32_t hi)
{
	size_t n = lo + below(r, hi - lo + 1);
	for (size_t k = 0; k < n; k++)
		v[k] = (int32_t)zipf_draw(z, r);
	return n;
}

struct gen_tables {
	struct zipf skills, interests, langs, depts;
};

static const int32_t region_offset[] = { -480, -300, 0, 60, 120, 330, 480, 540 };
static const uint32_t region_pct[] = { 10, 20, 20, 25, 5, 10, 7, 3 };

static int32_t draw_offset(struct rng *r)
{
	uint32_t u = below(r, 100), acc = 0;
	for (size_t k = 0; k < sizeof region_pct / sizeof *region_pct; k++) {
		acc += region_pct[k];
		if (u < acc)
			return region_offset[k];
	}
	return 0;
}

/* Three two-hour blocks inside local office hours (Mon-Fri 9-17), as
 * UTC hours of the week. One person in five leaves it empty. */
static void draw_week(struct rng *r, int32_t offset, struct match_week *w)
{
	memset(w, 0, sizeof *w);
	if (below(r, 5) == 0)
		return;
	for (int b = 0; b < 3; b++) {
		int day = (int)below(r, 5), start = 9 + (int)below(r, 7);
		for (int h = start; h < start + 2; h++) {
			int utc = day * 24 + h - offset / 60;
			match_week_set(w, (unsigned)((utc % 168 + 168) % 168));
		}
	}
}

static size_t draw_langs(const struct gen_tables *t, struct rng *r, int32_t *v)
{
	size_t n = 0;
	if (below(r, 10) < 9)
		v[n++] = 1; /* the company language */
	size_t extra = below(r, 3);
	for (size_t k = 0; k < extra; k++)
		v[n++] = 1 + (int32_t)zipf_draw(&t->langs, r);
	if (n == 0)
		v[n++] = 1 + (int32_t)zipf_draw(&t->langs, r);
	return n;
}

static int32_t draw_capacity(struct rng *r)
{
	uint32_t u = below(r, 10);
	return u < 3 ? 1 : u < 6 ? 2 : u < 8 ? 3 : u < 9 ? 4 : 5;
}

static int add_mentors(struct match_instance *inst, const struct gen_tables *t,
	struct rng *r, uint32_t n, uint32_t m)
{
	int32_t sk[8], in[6], la[3];
	for (uint32_t j = 0; j < m; j++) {
		struct match_mentor b;
		memset(&b, 0, sizeof b);
		b.user_id = (int64_t)n + 1 + j;
		b.skills_offered = (struct match_ids){ sk, draw_ids(&t->skills, r, sk, 3, 8) };
		b.interests = (struct match_ids){ in, draw_ids(&t->interests, r, in, 2, 6) };
		b.languages = (struct match_ids){ la, draw_langs(t, r, la) };
		b.department = (int32_t)zipf_draw(&t->depts, r);
		b.seniority = 3 + (int32_t)below(r, 7);
		b.utc_offset_min = draw_offset(r);
		draw_week(r, b.utc_offset_min, &b.availability);
		b.capacity = draw_capacity(r);
		b.load = b.capacity > 1 && below(r, 10) == 0;
		int rc = match_instance_add_mentor(inst, &b, NULL);
		if (rc)
			return rc;
	}
	return MATCH_OK;
}

static int add_mentees(struct match_instance *inst, const struct gen_tables *t,
	struct rng *r, uint32_t n, uint32_t m)
{
	int32_t sk[4], in[6], la[3], pd[1], pl[1];
	int64_t chain[4], pm[1], av[1];
	for (uint32_t i = 0; i < n; i++) {
		struct match_mentee a;
		memset(&a, 0, sizeof a);
		a.user_id = (int64_t)i + 1;
		a.skills_wanted = (struct match_ids){ sk, draw_ids(&t->skills, r, sk, 1, 4) };
		a.interests = (struct match_ids){ in, draw_ids(&t->interests, r, in, 2, 6) };
		a.languages = (struct match_ids){ la, draw_langs(t, r, la) };
		a.department = (int32_t)zipf_draw(&t->depts, r);
		a.seniority = 1 + (int32_t)below(r, 5);
		a.utc_offset_min = draw_offset(r);
		draw_week(r, a.utc_offset_min, &a.availability);
		if (below(r, 4) == 0) {
			pd[0] = (int32_t)zipf_draw(&t->depts, r);
			a.prefs.departments = (struct match_ids){ pd, 1 };
		}
		if (below(r, 7) == 0) {
			pl[0] = 1 + (int32_t)zipf_draw(&t->langs, r);
			a.prefs.languages = (struct match_ids){ pl, 1 };
		}
		if (below(r, 50) == 0) {
			pm[0] = (int64_t)n + 1 + below(r, m);
			a.prefs.mentors = (struct match_uids){ pm, 1 };
		}
		if (below(r, 100) == 0) {
			av[0] = (int64_t)n + 1 + below(r, m);
			a.prefs.avoid = (struct match_uids){ av, 1 };
		}
		/* Managers are mostly outside the program; three in ten direct
		 * managers are mentors in it, so the rule has work to do. */
		size_t nc = 1 + below(r, 4);
		for (size_t k = 0; k < nc; k++)
			chain[k] = (k == 0 && below(r, 10) < 3) ? (int64_t)n + 1 + below(r, m)
				: INT64_C(1) << 40 | (int64_t)(i / 8 >> k);
		a.manager_chain = (struct match_uids){ chain, nc };
		int rc = match_instance_add_mentee(inst, &a, NULL);
		if (rc)
			return rc;
		if (below(r, 20) == 0 &&
		    (rc = match_instance_add_past_pair(inst, a.user_id,
			(int64_t)n + 1 + below(r, m))))
			return rc;
	}
	return MATCH_OK;
}

int gen_instance(uint32_t n, uint32_t m, uint64_t seed,
	struct match_instance **out)
{
	struct gen_tables t;
	struct match_instance *inst = NULL;
	struct rng r = { seed };
	memset(&t, 0, sizeof t);
	int rc = MATCH_ENOMEM;
	if (zipf_init(&t.skills, N_SKILLS, 1.0) ||
	    zipf_init(&t.interests, N_INTERESTS, 0.8) ||
	    zipf_init(&t.langs, N_LANGS, 1.2) ||
	    zipf_init(&t.depts, N_DEPTS, 0.7))
		goto done;
	if ((rc = match_instance_new(&inst)) ||
	    (rc = add_mentors(inst, &t, &r, n, m)) ||
	    (rc = add_mentees(inst, &t, &r, n, m)))
		goto done;
	*out = inst;
	inst = NULL;
done:
	match_instance_free(inst);
	free(t.skills.cdf);
	free(t.interests.cdf);
	free(t.langs.cdf);
	free(t.depts.cdf);
	return rc;
}

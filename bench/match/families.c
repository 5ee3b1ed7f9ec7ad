/*
 * families.c — see families.h. Both families write arcs in CSR form and
 * hand them to match_graph_from_arcs(), which sorts each mentee's arcs.
 */
#include "families.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ARCS 50

static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rnd(s) % n);
}

struct csr {
	size_t *off;
	uint32_t *mentor;
	int32_t *score;
	int32_t *cap;
	uint32_t *stamp; /* per mentor: last mentee that took it */
};

static int csr_alloc(struct csr *c, uint32_t n, uint32_t m)
{
	memset(c, 0, sizeof *c);
	c->off = malloc(((size_t)n + 1) * sizeof *c->off);
	c->mentor = malloc(((size_t)n * ARCS + 1) * sizeof *c->mentor);
	c->score = malloc(((size_t)n * ARCS + 1) * sizeof *c->score);
	c->cap = malloc(((size_t)m + 1) * sizeof *c->cap);
	c->stamp = calloc((size_t)m + 1, sizeof *c->stamp);
	if (!c->off || !c->mentor || !c->score || !c->cap || !c->stamp)
		return MATCH_ENOMEM;
	return MATCH_OK;
}

static void csr_free(struct csr *c)
{
	free(c->off);
	free(c->mentor);
	free(c->score);
	free(c->cap);
	free(c->stamp);
}

static int csr_graph(struct csr *c, uint32_t n, uint32_t m, struct match_graph **out)
{
	int rc = match_graph_from_arcs(n, m, c->cap, c->off, c->mentor, c->score,
		MATCH_POLICY_MAX_SCORE, out);
	csr_free(c);
	return rc;
}

int fam_uniform(uint32_t n, uint32_t m, uint64_t seed, struct match_graph **out)
{
	struct csr c;
	uint64_t s = seed * 7919 + 1;
	int rc = csr_alloc(&c, n, m);
	if (rc) {
		csr_free(&c);
		return rc;
	}
	for (uint32_t j = 0; j < m; j++)
		c.cap[j] = 1 + (int32_t)below(&s, 5);
	size_t e = 0;
	uint32_t want = m < ARCS ? m : ARCS;
	for (uint32_t i = 0; i < n; i++) {
		c.off[i] = e;
		for (uint32_t k = 0; k < want;) {
			uint32_t j = below(&s, m);
			if (c.stamp[j] == i + 1)
				continue;
			c.stamp[j] = i + 1;
			c.mentor[e] = j;
			c.score[e++] = 1 + (int32_t)below(&s, 100);
			k++;
		}
	}
	c.off[n] = e;
	return csr_graph(&c, n, m, out);
}

#define P_SKILLS 600

/* Zipf(1.1) ranks 0..P_SKILLS-1 by bisection on a cumulative table. */
static uint32_t zipf(const double *cdf, uint64_t *s)
{
	double u = (double)(rnd(s) >> 11) / 9007199254740992.0;
	uint32_t lo = 0, hi = P_SKILLS - 1;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct person {
	uint32_t skill[6];
	uint8_t nskill, level, dept, tz;
};

/* Coarse criteria, each a handful of values: scores tie a lot. */
static int32_t people_score(const struct person *a, const struct person *b)
{
	uint32_t shared = 0;
	for (uint32_t x = 0; x < a->nskill; x++)
		for (uint32_t y = 0; y < b->nskill; y++)
			shared += a->skill[x] == b->skill[y];
	int32_t sc = (int32_t)((60 * shared + a->nskill / 2) / a->nskill);
	sc += b->level > a->level ? 10 : 0;
	sc += a->dept != b->dept ? 10 : 0;
	sc += a->tz == b->tz ? 5 : 0;
	return sc;
}

static void draw_person(const double *cdf, uint64_t *s, struct person *p,
	uint32_t lo, uint32_t hi)
{
	p->nskill = (uint8_t)(lo + below(s, hi - lo + 1));
	for (uint32_t k = 0; k < p->nskill; k++)
		p->skill[k] = zipf(cdf, s);
	p->level = (uint8_t)below(s, 4);
	p->dept = (uint8_t)below(s, 8);
	p->tz = (uint8_t)below(s, 4);
}

int fam_people(uint32_t n, uint32_t m, uint64_t seed, struct match_graph **out)
{
	struct csr c;
	uint64_t s = seed * 104729 + 3;
	double cdf[P_SKILLS], acc = 0;
	struct person *mentors = malloc(((size_t)m + 1) * sizeof *mentors);
	uint32_t *post_off = calloc(P_SKILLS + 2, sizeof *post_off);
	uint32_t *post = NULL;
	int rc = csr_alloc(&c, n, m);
	if (rc || !mentors || !post_off)
		goto fail;
	for (uint32_t k = 0; k < P_SKILLS; k++)
		cdf[k] = (acc += 1.0 / pow(k + 1, 1.1));
	for (uint32_t k = 0; k < P_SKILLS; k++)
		cdf[k] /= acc;
	static const int32_t capw[] = { 1, 1, 1, 2, 2, 2, 3, 3, 4, 5 };
	size_t total = 0;
	for (uint32_t j = 0; j < m; j++) {
		draw_person(cdf, &s, &mentors[j], 2, 6);
		c.cap[j] = capw[below(&s, 10)];
		for (uint32_t k = 0; k < mentors[j].nskill; k++)
			post_off[mentors[j].skill[k] + 2]++;
		total += mentors[j].nskill;
	}
	post = malloc((total + 1) * sizeof *post);
	if (!post)
		goto fail;
	for (uint32_t k = 0; k < P_SKILLS; k++)
		post_off[k + 2] += post_off[k + 1];
	for (uint32_t j = 0; j < m; j++)
		for (uint32_t k = 0; k < mentors[j].nskill; k++)
			post[post_off[mentors[j].skill[k] + 1]++] = j;
	size_t e = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct person a;
		draw_person(cdf, &s, &a, 1, 3);
		c.off[i] = e;
		uint32_t got = 0;
		/* Up to 50 mentors sharing a wanted skill, sampled from the
		 * skill's postings; a mentee of rare skills gets few. */
		for (uint32_t tries = 0; got < ARCS && tries < 4 * ARCS; tries++) {
			uint32_t sk = a.skill[below(&s, a.nskill)];
			uint32_t len = post_off[sk + 1] - post_off[sk];
			if (!len)
				continue;
			uint32_t j = post[post_off[sk] + below(&s, len)];
			if (c.stamp[j] == i + 1)
				continue;
			c.stamp[j] = i + 1;
			c.mentor[e] = j;
			c.score[e++] = people_score(&a, &mentors[j]);
			got++;
		}
	}
	c.off[n] = e;
	free(mentors);
	free(post_off);
	free(post);
	return csr_graph(&c, n, m, out);
fail:
	free(mentors);
	free(post_off);
	free(post);
	csr_free(&c);
	return MATCH_ENOMEM;
}

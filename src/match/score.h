/*
 * score.h — the scoring model: one function per criterion turning a
 * measured quantity (shared skills, common hours, ...) into integer
 * points, and per-configuration lookup tables of the same functions for
 * the candidate generator's hot loop. Keeping both on the same functions
 * is what makes a pair's explanation sum to exactly the score the solver
 * optimised.
 */
#ifndef MENTORD_MATCH_SCORE_H
#define MENTORD_MATCH_SCORE_H

#include "match/bits.h"
#include "match/match.h"

#include <stdint.h>

/* Seniority gaps are clamped to +-SPAN levels; beyond that the model
 * treats them alike. */
#define MATCH_SENIORITY_SPAN 64

/* weight * num / den, rounded half up; 0 when den is 0. */
static inline int32_t match_score_frac(int32_t w, uint32_t num, uint32_t den)
{
	if (den == 0)
		return 0;
	return (int32_t)((2 * (int64_t)w * num + den) / (2 * (int64_t)den));
}

static inline int32_t match_score_skills(int32_t w, uint32_t shared, uint32_t wanted)
{
	return match_score_frac(w, shared, wanted);
}

/* Overlap coefficient: one shared interest out of one listed is as good
 * an icebreaker as three out of three. */
static inline int32_t match_score_interests(int32_t w, uint32_t shared,
	uint32_t na, uint32_t nb)
{
	return match_score_frac(w, shared, na < nb ? na : nb);
}

static inline int32_t match_score_languages(int32_t w, uint32_t common)
{
	return common ? w : 0;
}

int32_t match_score_seniority(int32_t w, enum match_seniority_rule rule, int32_t gap);

static inline int32_t match_score_department(int32_t w,
	enum match_department_rule rule, int32_t mentee_dept, int32_t mentor_dept)
{
	if (!mentee_dept || !mentor_dept)
		return 0;
	if (rule == MATCH_DEPT_PREFER_SAME)
		return mentee_dept == mentor_dept ? w : 0;
	return mentee_dept != mentor_dept ? w : 0;
}

/* Minutes between two UTC offsets on the 24-hour circle, 0..720. */
static inline uint32_t match_score_tz_distance(int32_t a, int32_t b)
{
	/* Offsets are validated to -720..840, so d < 2 * 1440 and one
	 * subtraction replaces a division in the hot loop. */
	int32_t d = a > b ? a - b : b - a;
	if (d >= 1440)
		d -= 1440;
	return (uint32_t)(d > 720 ? 1440 - d : d);
}

int32_t match_score_timezone(int32_t w, uint32_t minutes);

static inline int32_t match_score_availability(int32_t w, uint32_t hours,
	uint32_t target)
{
	return match_score_frac(w, hours < target ? hours : target, target);
}

static inline int32_t match_score_preferences(int32_t w, uint32_t met,
	uint32_t stated)
{
	return match_score_frac(w, met, stated);
}

static inline int32_t match_clamp_gap(int64_t gap)
{
	if (gap > MATCH_SENIORITY_SPAN)
		return MATCH_SENIORITY_SPAN;
	if (gap < -MATCH_SENIORITY_SPAN)
		return -MATCH_SENIORITY_SPAN;
	return (int32_t)gap;
}

/* The criteria functions tabulated for one configuration. */
#define MATCH_INTEREST_TAB 16

struct match_score_tables {
	/* interests by [shared][min(list lengths)] for short lists */
	int32_t interests[MATCH_INTEREST_TAB + 1][MATCH_INTEREST_TAB + 1];
	int32_t sen[2 * MATCH_SENIORITY_SPAN + 1]; /* by clamped gap + SPAN */
	int32_t tz[721];                           /* by distance in minutes */
	int32_t avail[169];                        /* by common hours */
};

void match_score_tables_init(struct match_score_tables *t,
	const struct match_config *cfg);

/* The score of pair (i, j) of a finalized instance, exactly as
 * match_explain() sums it, without the reasons; tab from cfg. */
int32_t match_score_pair(const struct match_instance *inst,
	const struct match_config *cfg, const struct match_score_tables *tab,
	uint32_t i, uint32_t j);

#endif

/* Skill self-assessment (see skill.h): the skills a mentee wants to grow
 * are those of their profile (skills_wanted), plus any rated before in the
 * relationship that the profile no longer lists, so an end rating can
 * always meet its start. Each member rates at two moments, start and end;
 * rating again at a moment replaces that member's ratings for it. Only the
 * pair sees the ratings; the program's managers see counts and averages in
 * the report (skill_growth_load). */
#include "svc/skill.h"
#include "svc/rel.h"
#include "core/profile.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <math.h>
#include <string.h>

#define SKILLS_MAX 60

static const char *role_of(const svc_t *s, const relationship_t *rel)
{
	return svc_rel_is_mentor(s, rel) ? "mentor" : "mentee";
}

/* Whether a moment is open in a phase: the start until the working phase
 * ends, the end from the working phase to completion. */
static bool moment_open(int phase, const char *moment)
{
	if (!strcmp(moment, "start"))
		return phase == PHASE_GETTING_TO_KNOW || phase == PHASE_GOAL_SETTING || phase == PHASE_WORKING;
	return phase == PHASE_WORKING || phase == PHASE_CLOSING || phase == PHASE_COMPLETED;
}

/* The skills to rate, by their display text and norm: the mentee's
 * profile first, then those only the ratings still name. */
typedef struct skill_list {
	const char *text[SKILLS_MAX], *norm[SKILLS_MAX];
	int n;
} skill_list_t;

static int skill_index(const skill_list_t *l, const char *norm)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->norm[i], norm))
			return i;
	return -1;
}

static void skill_push(skill_list_t *l, const char *text, const char *norm)
{
	if (l->n < SKILLS_MAX && skill_index(l, norm) < 0) {
		l->text[l->n] = text;
		l->norm[l->n++] = norm;
	}
}

static int load(svc_t *s, const relationship_t *rel, skill_list_t *skills, row_skill_rating_t **ratings, int *n)
{
	row_skill_wanted_t *wanted;
	int nw = 0;
	int db = sql_skill_wanted_of(s->db, s->arena, rel->mentee_id, &wanted, &nw);
	if (db == DB_OK)
		db = sql_skill_ratings_of(s->db, s->arena, rel->id, ratings, n);
	if (db != DB_OK)
		return svc_db(s, db);
	skills->n = 0;
	for (int i = 0; i < nw; i++)
		skill_push(skills, wanted[i].skill, wanted[i].norm);
	for (int i = 0; i < *n; i++)
		skill_push(skills, (*ratings)[i].skill, (*ratings)[i].norm);
	return SVC_OK;
}

static double round1(double v)
{
	return round(v * 10) / 10;
}

/* The assessment the caller sees, from what load() read. */
static void assessment_out(svc_t *s, const relationship_t *rel, const skill_list_t *skills,
			   const row_skill_rating_t *ratings, int n, SkillAssessment_t *out)
{
	arena_t *a = s->arena;
	memset(out, 0, sizeof(*out));
	out->relationship_id = rel->id;
	out->skills.v = arena_alloc(a, sizeof(char *) * (size_t)(skills->n + 1));
	out->skills.n = skills->n;
	for (int i = 0; i < skills->n; i++)
		out->skills.v[i] = skills->text[i];
	out->can_rate.start = moment_open(rel->phase, "start");
	out->can_rate.end = moment_open(rel->phase, "end");
	out->ratings.v = arena_alloc(a, sizeof(SkillRating_t) * (size_t)(n + 1));
	out->ratings.n = n;
	/* [skill][rater][moment], 0 when not rated */
	int(*v)[SKILL_RATERS][2] = arena_alloc(a, sizeof(*v) * (size_t)(skills->n + 1));
	memset(v, 0, sizeof(*v) * (size_t)(skills->n + 1));
	for (int i = 0; i < n; i++) {
		const row_skill_rating_t *r = &ratings[i];
		out->ratings.v[i] = (SkillRating_t){.rater_role = r->rater_role,
			.rater = {r->rater_id, r->rater_name ? r->rater_name : ""}, .moment = r->moment,
			.skill = r->skill, .rating = r->rating, .rated_at = r->rated_at};
		int k = skill_index(skills, r->norm);
		if (k >= 0)
			v[k][strcmp(r->rater_role, "mentor") ? SKILL_MENTEE : SKILL_MENTOR][strcmp(r->moment, "end") ? 0 : 1] =
				(int)r->rating;
	}
	out->growth.v = arena_alloc(a, sizeof(SkillGrowthItem_t) * (size_t)(skills->n + 1));
	int sum[SKILL_RATERS] = {0}, count[SKILL_RATERS] = {0};
	for (int k = 0; k < skills->n; k++) {
		const int(*x)[2] = v[k];
		if (!x[0][0] && !x[0][1] && !x[1][0] && !x[1][1])
			continue;
		SkillGrowthItem_t *g = &out->growth.v[out->growth.n++];
		*g = (SkillGrowthItem_t){.skill = skills->text[k],
			.mentee_start = x[SKILL_MENTEE][0], .mentee_start_null = !x[SKILL_MENTEE][0],
			.mentee_end = x[SKILL_MENTEE][1], .mentee_end_null = !x[SKILL_MENTEE][1],
			.mentor_start = x[SKILL_MENTOR][0], .mentor_start_null = !x[SKILL_MENTOR][0],
			.mentor_end = x[SKILL_MENTOR][1], .mentor_end_null = !x[SKILL_MENTOR][1]};
		for (int who = 0; who < SKILL_RATERS; who++) {
			bool both = x[who][0] && x[who][1];
			int change = both ? x[who][1] - x[who][0] : 0;
			if (who == SKILL_MENTEE) {
				g->mentee_change = change;
				g->mentee_change_null = !both;
			} else {
				g->mentor_change = change;
				g->mentor_change_null = !both;
			}
			sum[who] += change;
			count[who] += both;
		}
	}
	out->mentee_change = count[SKILL_MENTEE] ? round1((double)sum[SKILL_MENTEE] / count[SKILL_MENTEE]) : 0;
	out->mentee_change_null = !count[SKILL_MENTEE];
	out->mentor_change = count[SKILL_MENTOR] ? round1((double)sum[SKILL_MENTOR] / count[SKILL_MENTOR]) : 0;
	out->mentor_change_null = !count[SKILL_MENTOR];
}

int svc_skill_get(svc_t *s, const in_getSkillRatings_t *in, SkillAssessment_t *out)
{
	relationship_t *rel;
	skill_list_t skills;
	row_skill_rating_t *ratings;
	int n = 0;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = load(s, rel, &skills, &ratings, &n)))
		return st;
	assessment_out(s, rel, &skills, ratings, n, out);
	return SVC_OK;
}

static int wrong_moment(svc_t *s, const relationship_t *rel, const char *moment)
{
	s->err.phase = phase_name((phase_t)rel->phase);
	s->err.has_phase = true;
	return svc_fail(s, SVC_CONFLICT, "wrong_phase", "%s",
			!strcmp(moment, "start")
				? "skills are rated for the start while getting to know each other, setting goals or "
				  "working together"
				: "skills are rated for the end from the working phase until the relationship is completed");
}

/* The ratings of b, checked against the skills to rate: each one of them,
 * once. Problems are recorded under "ratings". */
static void check_ratings(svc_t *s, const SkillRatingsPut_t *b, const skill_list_t *skills, int *index)
{
	for (int i = 0; i < b->ratings.n; i++) {
		const char *norm = profile_norm(s->arena, b->ratings.v[i].skill);
		index[i] = skill_index(skills, norm);
		if (index[i] < 0) {
			svc_field(s, "ratings", "item %d (%s) is not one of the skills to rate: the mentee adds the skills "
				  "they want to grow to their profile", i + 1, b->ratings.v[i].skill);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (index[j] == index[i])
				svc_field(s, "ratings", "item %d (%s) rates a skill a second time", i + 1,
					  b->ratings.v[i].skill);
	}
}

int svc_skill_put(svc_t *s, const in_putSkillRatings_t *in, SkillAssessment_t *out)
{
	const SkillRatingsPut_t *b = &in->body;
	relationship_t *rel;
	skill_list_t skills;
	row_skill_rating_t *ratings;
	int n = 0;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	if (!moment_open(rel->phase, b->moment))
		return wrong_moment(s, rel, b->moment);
	if ((st = svc_begin(s)))
		return st;
	if ((st = load(s, rel, &skills, &ratings, &n)))
		return svc_abort(s, st);
	int *index = arena_alloc(s->arena, sizeof(int) * (size_t)(b->ratings.n + 1));
	check_ratings(s, b, &skills, index);
	if ((st = svc_check(s)))
		return svc_abort(s, st);
	const char *role = role_of(s, rel);
	int64_t now = time_now();
	int db = sql_skill_ratings_clear(s->db, rel->id, role, b->moment, NULL);
	for (int i = 0; db == DB_OK && i < b->ratings.n; i++)
		db = sql_skill_rating_add(s->db, rel->id, role, b->moment, skills.norm[index[i]], skills.text[index[i]],
					  b->ratings.v[i].rating, s->uid, now);
	if (db == DB_OK)
		db = sql_skill_ratings_of(s->db, s->arena, rel->id, &ratings, &n);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	assessment_out(s, rel, &skills, ratings, n, out);
	return SVC_OK;
}

/* ---- a program's growth ---- */

int skill_growth_bucket(double change)
{
	return change < 0 ? 0 : change == 0 ? 1 : change < 1 ? 2 : change < 2 ? 3 : 4;
}

int skill_growth_load(db_t *db, arena_t *a, int64_t program_id, skill_growth_t *out)
{
	row_skill_growth_t *rows;
	int n = 0;
	memset(out, 0, sizeof(*out));
	int st = sql_skill_growth_of_program(db, a, program_id, &rows, &n);
	if (st != DB_OK)
		return st;
	out->rels = arena_alloc(a, sizeof(skill_growth_rel_t) * (size_t)(n + 1));
	int64_t start = 0, end = 0, mentor_sum = 0, mentor_skills = 0;
	for (int i = 0; i < n; i++) {
		const row_skill_growth_t *r = &rows[i];
		if (!out->n || out->rels[out->n - 1].rel_id != r->relationship_id)
			out->rels[out->n++] = (skill_growth_rel_t){.rel_id = r->relationship_id};
		skill_growth_rel_t *g = &out->rels[out->n - 1];
		int who = strcmp(r->rater_role, "mentor") ? SKILL_MENTEE : SKILL_MENTOR;
		g->skills[who] = (int)r->skills;
		g->change[who] = r->skills ? (double)(r->end_sum - r->start_sum) / (double)r->skills : 0;
		if (who == SKILL_MENTEE) {
			out->relationships++;
			out->skills += (int)r->skills;
			start += r->start_sum;
			end += r->end_sum;
			out->by_change[skill_growth_bucket(g->change[who])]++;
		} else {
			out->mentor_relationships++;
			mentor_skills += r->skills;
			mentor_sum += r->end_sum - r->start_sum;
		}
	}
	if (out->skills) {
		out->average_start = (double)start / out->skills;
		out->average_end = (double)end / out->skills;
		out->average_change = (double)(end - start) / out->skills;
	}
	if (mentor_skills)
		out->mentor_average_change = (double)mentor_sum / (double)mentor_skills;
	return DB_OK;
}

const skill_growth_rel_t *skill_growth_find(const skill_growth_t *g, int64_t rel_id)
{
	int lo = 0, hi = g->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (g->rels[mid].rel_id == rel_id)
			return &g->rels[mid];
		if (g->rels[mid].rel_id < rel_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int svc_skill_growth(svc_t *s, int64_t program_id, skill_growth_t *out)
{
	program_t *p;
	int st = svc_program_access(s, program_id, true, &p);
	if (st)
		return st;
	return svc_db(s, skill_growth_load(s->db, s->arena, p->id, out));
}

/* The skill self-assessment page of a relationship (/relationships/{id}/skills,
 * the "Skills" tab), usable without JavaScript: the skills the mentee wants
 * to grow with both members' ratings at the start and at the end and the
 * change between them, and a form for each moment open in the phase, where
 * the viewer rates each skill 1 to 5 (the mentee themselves, the mentor the
 * mentee). The rules — who, which phase, which skills — are svc/skill.c's;
 * the overview and the closing pages link here at the two moments. */
#include "web/rel_shared.h"
#include "web/page_types.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const page_opt_t rating_opts[] = {
	{"", "Not rated"}, {"1", "1 – beginner"}, {"2", "2 – some experience"}, {"3", "3 – capable"},
	{"4", "4 – strong"}, {"5", "5 – expert"}, {NULL, NULL}};

static const char *const done_text[] = {
	"start", "Your ratings for the start have been saved.",
	"end", "Your ratings for the end have been saved. Compare them with the start below.", NULL};

/* "+1", "0", "-2", or "–" when there is no change to show. */
static json_t *change_json(req_t *r, int64_t v, bool null)
{
	return page_str(null ? "–" : v > 0 ? arena_printf(r->arena, "+%lld", (long long)v)
				     : arena_printf(r->arena, "%lld", (long long)v));
}

static json_t *rating_json(req_t *r, int64_t v, bool null)
{
	return page_str(null ? "–" : arena_printf(r->arena, "%lld", (long long)v));
}

static json_t *growth_rows(req_t *r, const SkillAssessment_t *sa)
{
	json_t *rows = json_array();
	for (int i = 0; i < sa->growth.n; i++) {
		const SkillGrowthItem_t *g = &sa->growth.v[i];
		json_array_append_new(rows, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "skill", page_str(g->skill),
			"mentee_start", rating_json(r, g->mentee_start, g->mentee_start_null),
			"mentee_end", rating_json(r, g->mentee_end, g->mentee_end_null),
			"mentee_change", change_json(r, g->mentee_change, g->mentee_change_null),
			"mentor_start", rating_json(r, g->mentor_start, g->mentor_start_null),
			"mentor_end", rating_json(r, g->mentor_end, g->mentor_end_null),
			"mentor_change", change_json(r, g->mentor_change, g->mentor_change_null)));
	}
	return rows;
}

/* The viewer's saved rating of skill at moment, "" when none. */
static const char *saved(req_t *r, const SkillAssessment_t *sa, const char *role, const char *moment,
			 const char *skill)
{
	for (int i = 0; i < sa->ratings.n; i++) {
		const SkillRating_t *x = &sa->ratings.v[i];
		if (!strcmp(x->rater_role, role) && !strcmp(x->moment, moment) && !strcasecmp(x->skill, skill))
			return arena_printf(r->arena, "%lld", (long long)x->rating);
	}
	return "";
}

/* The form of one moment: a select per skill, holding what is saved, or
 * what was sent when the form comes back (typed, same order as skills). */
static json_t *moment_form(req_t *r, const relp_t *rp, const SkillAssessment_t *sa, const char *moment,
			   const strlist_t *typed, const verr_t *errs)
{
	const char *role = rp->is_mentor ? "mentor" : "mentee";
	bool start = !strcmp(moment, "start");
	json_t *rows = json_array();
	for (int i = 0; i < sa->skills.n; i++) {
		const char *skill = sa->skills.v[i];
		const char *value = typed && i < typed->n ? typed->v[i] : saved(r, sa, role, moment, skill);
		json_t *f = page_select("rating", skill, rating_opts, value, NULL, NULL);
		json_object_set_new(f, "id", json_string(arena_printf(r->arena, "f-%s-%d", moment, i)));
		json_array_append_new(rows, json_pack("{s:o, s:o}", "skill", page_str(skill), "field", f));
	}
	const char *who = rp->is_mentor ? arena_printf(r->arena, "how capable %s is", relp_name(rp, rp->mentee_id))
					: "how capable you are";
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}", "moment", moment,
		"legend", page_str(start ? "Your ratings at the start" : "Your ratings at the end"),
		"hint", page_str(arena_printf(r->arena, "Rate %s in each skill today, from 1 (beginner) to 5 (expert). %s",
			who, start ? "You rate them again at the end, to see the growth."
				   : "Compare with the start: the change is what the mentoring brought.")),
		"button", page_str(start ? "Save the ratings for the start" : "Save the ratings for the end"),
		"rows", rows, "invalid", errs && errs->n);
}

static void show(req_t *r, relp_t *rp, int status, const char *moment, const strlist_t *typed, const verr_t *errs)
{
	svc_t s;
	SkillAssessment_t sa;
	page_svc(r, &s);
	int st = svc_skill_get(&s, &(in_getSkillRatings_t){.id = rp->id}, &sa);
	if (st) {
		relp_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Skills", "skills"), *forms = json_array();
	const char *moments[] = {"start", "end"};
	bool open[] = {sa.can_rate.start, sa.can_rate.end};
	for (int k = 0; k < 2 && sa.skills.n; k++) {
		bool mine = moment && !strcmp(moment, moments[k]);
		if (open[k])
			json_array_append_new(forms, moment_form(r, rp, &sa, moments[k], mine ? typed : NULL,
								 mine ? errs : NULL));
	}
	json_object_set_new(ctx, "forms", forms);
	json_object_set_new(ctx, "skills", json_integer(sa.skills.n));
	json_object_set_new(ctx, "growth", growth_rows(r, &sa));
	json_object_set_new(ctx, "has_growth", json_boolean(sa.growth.n > 0));
	json_object_set_new(ctx, "mentee_change", sa.mentee_change_null ? json_null() :
		page_str(arena_printf(r->arena, "%+.1f", sa.mentee_change)));
	json_object_set_new(ctx, "mentor_change", sa.mentor_change_null ? json_null() :
		page_str(arena_printf(r->arena, "%+.1f", sa.mentor_change)));
	json_object_set_new(ctx, "closed", json_boolean(!sa.can_rate.start && !sa.can_rate.end));
	relp_notice(r, ctx, done_text);
	if (errs && errs->n) {
		const char *anchor = moment ? arena_printf(r->arena, "f-%s-0", moment) : NULL;
		page_label_t labels[] = {{"ratings", "Ratings", anchor}, {"rating", "Ratings", anchor},
					 {"skill", "Skills", anchor}, {"moment", "Moment", anchor}, {NULL, NULL, NULL}};
		page_error_summary(ctx, errs, labels);
	}
	page_render(r, status, "rel_skills", ctx);
}

void page_skills(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSkills_t *in = in_;
	(void)errs;
	relp_t rp;
	if (relp_load(r, in->id, &rp))
		show(r, &rp, 200, NULL, NULL, NULL);
}

/* The rows of the form as the API's ratings: a row left "Not rated" is
 * left out. */
static void ratings_of(req_t *r, const SkillRatingsForm_t *b, SkillRatingsPut_t *put)
{
	int n = b->skill.n < b->rating.n ? b->skill.n : b->rating.n;
	put->moment = b->moment;
	put->ratings.v = arena_alloc(r->arena, sizeof(SkillRatingInput_t) * (size_t)(n + 1));
	put->ratings.n = 0;
	for (int i = 0; i < n; i++)
		if (b->rating.v[i][0] && b->skill.v[i][0])
			put->ratings.v[put->ratings.n++] = (SkillRatingInput_t){b->skill.v[i], b->rating.v[i][0] - '0'};
}

void page_skills_save(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageSkillsSave_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	verr_t errs = *form_errs;
	int status = 422;
	if (!errs.n) {
		svc_t s;
		SkillRatingsPut_t put;
		SkillAssessment_t saved_;
		page_svc(r, &s);
		ratings_of(r, &in->body, &put);
		int st = svc_skill_put(&s, &(in_putSkillRatings_t){.id = rp.id, .body = put}, &saved_);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/relationships/%lld/skills?done=%s#skills-title",
						      (long long)rp.id, in->body.moment));
			return;
		}
		if (st == SVC_CONFLICT) {
			verr_add(&errs, "moment", s.err.message);
			status = 409;
		} else if (st != SVC_INVALID) {
			relp_refuse(r, &s, st);
			return;
		} else {
			page_add_errors(&errs, &s);
		}
	}
	show(r, &rp, status, in->body.moment ? in->body.moment : "start", &in->body.rating, &errs);
}

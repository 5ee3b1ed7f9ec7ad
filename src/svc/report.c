/* The program report (GET /programs/{id}/report, its CSV form and
 * `mentord report`): a program's outcomes — relationships by phase, meeting
 * regularity, goal completion, satisfaction, skill growth (from the skill
 * self-assessments where they exist, else progress toward goal targets),
 * mentoring hours, response times, health, the program surveys — and one row per relationship
 * with its score, flags, counts, hours (its own and its mentor's in the
 * program), each side's median reply time and its survey answers (count, average rating, NPS).
 * Every relationship's last contact is looked up exactly (the dashboard
 * decides most from the rollups alone). Only the program's managers and
 * administrators read it; counts, averages and dates only. */
#include "svc/health.h"
#include "svc/skill.h"
#include "svc/survey.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <stdlib.h>
#include <string.h>

/* The notes on skill growth: which figure leads, and why. */
static const char growth_note_ratings[] =
	"Skill growth is measured by the skill self-assessments: each mentee rates the skills they want to grow "
	"at the start and at the end of the relationship (1-5); the change is end minus start, over the skills "
	"rated at both moments. Progress toward goal targets is given too.";
static const char growth_note_goals[] =
	"No mentee has rated a skill at both the start and the end of a relationship yet: growth is shown as "
	"progress recorded toward the targets of goals (percent of the way from baseline to target).";

static void growth_out(arena_t *a, const health_program_t *hp, const skill_growth_t *sg, ProgramReport_t *out)
{
	static const char *const pranges[] = {"0-24", "25-49", "50-74", "75-100"};
	static const char *const cranges[SKILL_BUCKETS] = {"declined", "unchanged", "up_to_1", "1_to_2", "2_or_more"};
	ProgramReport_skill_growth_t *g = &out->skill_growth;
	bool rated = sg->relationships > 0;
	*g = (ProgramReport_skill_growth_t){.measure = rated ? "self_assessment" : "goal_progress",
					    .note = rated ? growth_note_ratings : growth_note_goals,
					    .goals_with_progress = hp->progress_goals,
					    .average_progress_pct = svc_health_round1(hp->progress_avg)};
	g->relationships_by_progress_pct.v = arena_alloc(a, sizeof(*g->relationships_by_progress_pct.v) * 4);
	g->relationships_by_progress_pct.n = 4;
	for (int b = 0; b < 4; b++)
		g->relationships_by_progress_pct.v[b] =
			(ProgramReport_skill_growth_relationships_by_progress_pct_t){pranges[b], hp->progress_hist[b]};
	ProgramReport_skill_growth_self_assessment_t *sa = &g->self_assessment;
	*sa = (ProgramReport_skill_growth_self_assessment_t){
		.relationships = sg->relationships, .skills = sg->skills,
		.average_start = svc_health_round1(sg->average_start), .average_start_null = !sg->skills,
		.average_end = svc_health_round1(sg->average_end), .average_end_null = !sg->skills,
		.average_change = svc_health_round1(sg->average_change), .average_change_null = !sg->skills,
		.mentor_relationships = sg->mentor_relationships,
		.mentor_average_change = svc_health_round1(sg->mentor_average_change),
		.mentor_average_change_null = !sg->mentor_relationships};
	sa->relationships_by_change.v = arena_alloc(a, sizeof(*sa->relationships_by_change.v) * SKILL_BUCKETS);
	sa->relationships_by_change.n = SKILL_BUCKETS;
	for (int b = 0; b < SKILL_BUCKETS; b++)
		sa->relationships_by_change.v[b] =
			(ProgramReport_skill_growth_self_assessment_relationships_by_change_t){cranges[b], sg->by_change[b]};
}

static void figures_out(arena_t *a, const health_program_t *hp, const skill_growth_t *sg, ProgramReport_t *out)
{
	growth_out(a, hp, sg, out);
	const int *bp = hp->by_phase;
	out->relationships = (ProgramReport_relationships_t){
		.total = hp->n, .active = hp->active,
		.by_phase = {bp[PHASE_GETTING_TO_KNOW], bp[PHASE_GOAL_SETTING], bp[PHASE_WORKING], bp[PHASE_CLOSING],
			     bp[PHASE_COMPLETED], bp[PHASE_ALUMNI]}};

	ProgramReport_meeting_regularity_t *mr = &out->meeting_regularity;
	*mr = (ProgramReport_meeting_regularity_t){
		.meetings = hp->meetings, .meetings_held = hp->meetings_held,
		.contact = {hp->contact[0], hp->contact[1], hp->contact[2]}};
	mr->per_month.v = arena_alloc(a, sizeof(*mr->per_month.v) * HEALTH_MONTHS);
	mr->per_month.n = HEALTH_MONTHS;
	for (int m = 0; m < HEALTH_MONTHS; m++)
		mr->per_month.v[m] = (ProgramReport_meeting_regularity_per_month_t){
			arena_strdup(a, hp->months[m].month), hp->months[m].meetings};

	out->goal_completion = (ProgramReport_goal_completion_t){
		.goals = hp->goals, .achieved = hp->goals_achieved, .active = hp->goals_active,
		.dropped = hp->goals_dropped,
		.completion_rate = hp->goals ? svc_health_round1(100.0 * hp->goals_achieved / hp->goals) : 0,
		.relationships_with_overdue_goals = hp->rels_overdue};

	const health_closures_t *c = &hp->closures;
	ProgramReport_satisfaction_t *sat = &out->satisfaction;
	*sat = (ProgramReport_satisfaction_t){
		.feedback = {hp->ratings, svc_health_round1(hp->rating_avg)},
		.closure_survey = {.answers = c->count, .satisfaction_average = svc_health_round1(c->satisfaction_avg),
				   .mentor_important_average = svc_health_round1(c->important_avg),
				   .goals_met_average = svc_health_round1(c->goals_met_avg),
				   .would_recommend_rate = c->recommend_n ?
					   svc_health_round1(100.0 * c->recommend_yes / c->recommend_n) : 0,
				   .would_recommend_rate_null = c->recommend_n == 0}};
	sat->relationships_by_average_rating.v = arena_alloc(a, sizeof(*sat->relationships_by_average_rating.v) *
								HEALTH_BUCKETS);
	sat->relationships_by_average_rating.n = HEALTH_BUCKETS;
	for (int b = 0; b < HEALTH_BUCKETS; b++)
		sat->relationships_by_average_rating.v[b] =
			(ProgramReport_satisfaction_relationships_by_average_rating_t){b + 1, hp->rating_hist[b]};

	static const char *const ranges[] = {"0-19", "20-39", "40-59", "60-79", "80-100"};
	const int *fc = hp->flag_counts;
	ProgramReport_health_t *h = &out->health;
	*h = (ProgramReport_health_t){.average_score = svc_health_round1(hp->score_avg), .at_risk = hp->at_risk,
		.not_started = hp->not_started,
		.flags = {fc[HF_GONE_QUIET], fc[HF_SCHEDULE_IMPOSED], fc[HF_CREDIT_TAKEN], fc[HF_PROJECTS_PUSHED],
			  fc[HF_REPEATED_MISTAKES], fc[HF_ONE_SIDED], fc[HF_OVERDUE_GOALS], fc[HF_SLOW_REPLIES]}};
	h->score_distribution.v = arena_alloc(a, sizeof(*h->score_distribution.v) * HEALTH_BUCKETS);
	h->score_distribution.n = HEALTH_BUCKETS;
	for (int b = 0; b < HEALTH_BUCKETS; b++)
		h->score_distribution.v[b] = (ProgramReport_health_score_distribution_t){ranges[b], hp->score_hist[b]};
}

struct svc_report {
	health_program_t hp;
	skill_growth_t growth;
	survey_report_t surveys;
	const char **mentor, **mentee;
	int *mentor_minutes; /* per row: every meeting its mentor held in the program */
	/* The relationships the organisation ended (SCIM deactivation), by id. */
	row_rel_ended_t *ended;
	int nended;
};

/* qsort has no context argument in C17; reports sort on their own
 * request's thread. */
static _Thread_local const health_row_t *sorting;

static int by_mentor(const void *x, const void *y)
{
	int64_t a = sorting[*(const int *)x].mentor_id, b = sorting[*(const int *)y].mentor_id;
	return a < b ? -1 : a > b;
}

static int by_value(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* The median of v[0..n) (sorted here); 0 when n is 0. */
static int64_t median(int64_t *v, int n)
{
	if (!n)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Mentoring hours per mentor (into rep->mentor_minutes) and the program's
 * hours and response times. */
static void engagement_out(arena_t *a, svc_report_t *rep, ProgramReport_t *out)
{
	const health_program_t *hp = &rep->hp;
	int n = hp->n, *idx = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	rep->mentor_minutes = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	int64_t total = 0;
	int rels = 0, mentors = 0;
	for (int i = 0; i < n; i++) {
		idx[i] = i;
		total += hp->rows[i].held_minutes;
		rels += hp->rows[i].held_minutes > 0;
	}
	sorting = hp->rows;
	qsort(idx, (size_t)n, sizeof(int), by_mentor);
	sorting = NULL;
	for (int i = 0; i < n;) {
		int j = i, minutes = 0;
		for (; j < n && hp->rows[idx[j]].mentor_id == hp->rows[idx[i]].mentor_id; j++)
			minutes += hp->rows[idx[j]].held_minutes;
		for (int k = i; k < j; k++)
			rep->mentor_minutes[idx[k]] = minutes;
		mentors += minutes > 0;
		i = j;
	}
	out->mentoring_hours = (ProgramReport_mentoring_hours_t){
		.total = svc_health_round1((double)total / 60.0), .relationships = rels,
		.average_per_relationship = rels ? svc_health_round1((double)total / 60.0 / rels) : 0,
		.average_per_relationship_null = !rels, .mentors = mentors,
		.average_per_mentor = mentors ? svc_health_round1((double)total / 60.0 / mentors) : 0,
		.average_per_mentor_null = !mentors};
	int64_t *med[HEALTH_SIDES];
	int count[HEALTH_SIDES] = {0}, replied = 0;
	for (int side = 0; side < HEALTH_SIDES; side++)
		med[side] = arena_alloc(a, sizeof(int64_t) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		const health_row_t *row = &hp->rows[i];
		replied += row->replies[HEALTH_MENTOR] || row->replies[HEALTH_MENTEE];
		for (int side = 0; side < HEALTH_SIDES; side++)
			if (row->replies[side])
				med[side][count[side]++] = row->reply_median[side];
	}
	out->response_times = (ProgramReport_response_times_t){
		.relationships = replied,
		.mentor_median_hours = svc_health_hours(median(med[HEALTH_MENTOR], count[HEALTH_MENTOR])),
		.mentor_median_hours_null = !count[HEALTH_MENTOR],
		.mentee_median_hours = svc_health_hours(median(med[HEALTH_MENTEE], count[HEALTH_MENTEE])),
		.mentee_median_hours_null = !count[HEALTH_MENTEE],
		.slow_replies = hp->flag_counts[HF_SLOW_REPLIES]};
}

/* When the organisation ended relationship id, or 0. */
static int64_t ended_at(const svc_report_t *rep, int64_t id)
{
	int lo = 0, hi = rep->nended - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (rep->ended[mid].id == id)
			return rep->ended[mid].at;
		if (rep->ended[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* Relationship i's row. */
static void row_out(arena_t *a, const svc_report_t *rep, int i, ReportRow_t *out)
{
	const health_program_t *hp = &rep->hp;
	const health_row_t *row = &hp->rows[i];
	const skill_growth_rel_t *skill = skill_growth_find(&rep->growth, row->rel_id);
	const survey_rel_t *sv = survey_report_find(&rep->surveys, row->rel_id);
	const char *mentor = rep->mentor[i], *mentee = rep->mentee[i];
	const int *n = row->replies;
	const int64_t *med = row->reply_median;
	bool self = skill && skill->skills[SKILL_MENTEE], by_mentor = skill && skill->skills[SKILL_MENTOR];
	const health_brief_t *b = &hp->brief[i];
	int64_t ended = ended_at(rep, row->rel_id);
	int days = health_days_since_contact(hp, i);
	*out = (ReportRow_t){.relationship_id = row->rel_id, .mentor = {row->mentor_id, mentor},
			     .mentee = {row->mentee_id, mentee}, .phase = phase_name((phase_t)row->phase),
			     .score = b->score, .score_null = !b->started,
			     .state = health_state_name((health_state_t)b->state), .at_risk = b->at_risk,
			     .days_since_contact = days, .days_since_contact_null = days < 0,
			     .meetings = row->meetings, .meetings_held = row->meetings_held, .goals = row->goals,
			     .goals_achieved = row->goals_achieved, .goals_active = row->goals_active,
			     .average_rating = row->ratings ? svc_health_round1((double)row->rating_sum / row->ratings) : 0,
			     .average_rating_null = row->ratings == 0,
			     .goal_progress_pct = row->progress_goals ?
				     svc_health_round1(row->progress_pct_sum / row->progress_goals) : 0,
			     .goal_progress_pct_null = row->progress_goals == 0,
			     .skill_change = self ? svc_health_round1(skill->change[SKILL_MENTEE]) : 0,
			     .skill_change_null = !self,
			     .mentor_skill_change = by_mentor ? svc_health_round1(skill->change[SKILL_MENTOR]) : 0,
			     .mentor_skill_change_null = !by_mentor,
			     .mentoring_hours = svc_health_round1(row->held_minutes / 60.0),
			     .mentor_hours = svc_health_round1(rep->mentor_minutes[i] / 60.0),
			     .mentor_reply_hours = svc_health_hours(med[HEALTH_MENTOR]),
			     .mentor_reply_hours_null = !n[HEALTH_MENTOR],
			     .mentee_reply_hours = svc_health_hours(med[HEALTH_MENTEE]),
			     .mentee_reply_hours_null = !n[HEALTH_MENTEE],
			     .ended_by_organisation_at = ended, .ended_by_organisation_at_null = !ended,
			     .survey_answers = sv ? sv->answered : 0,
			     .survey_rating = sv && sv->ratings ? svc_health_round1(sv->rating_avg) : 0,
			     .survey_rating_null = !sv || !sv->ratings,
			     .nps = sv && sv->nps_n ? svc_health_round1(sv->nps_avg) : 0,
			     .nps_null = !sv || !sv->nps_n};
	out->flags.v = arena_alloc(a, sizeof(char *) * (HF_COUNT + 1));
	out->flags.n = 0;
	for (int c = 0; c < HF_COUNT; c++)
		if (b->flags & (1u << c))
			out->flags.v[out->flags.n++] = health_flag_name((health_flag_code_t)c);
}

int svc_report_open(svc_t *s, int64_t program_id, ProgramReport_t *head, svc_report_t **out)
{
	program_t *p;
	svc_report_t *rep = arena_alloc(s->arena, sizeof(*rep));
	int st = svc_program_access(s, program_id, true, &p);
	if (st)
		return st;
	int db = health_program_load(s->db, s->arena, p, time_now(), true, &rep->hp);
	if (db == DB_OK)
		db = health_program_outcomes(s->db, s->arena, &rep->hp);
	if (db == DB_OK)
		db = store_health_names(s->db, s->arena, p->id, rep->hp.rows, rep->hp.n, &rep->mentor, &rep->mentee);
	if (db == DB_OK)
		db = skill_growth_load(s->db, s->arena, p->id, &rep->growth);
	if (db == DB_OK)
		db = sql_rel_ended_by_org_of_program(s->db, s->arena, p->id, &rep->ended, &rep->nended);
	if (db == DB_OK)
		db = survey_report_load(s->db, s->arena, p->id, &rep->surveys);
	if (db != DB_OK)
		return svc_db(s, db);
	memset(head, 0, sizeof(*head));
	head->program = (ProgramReport_program_t){p->id, p->name, p->starts_on, p->ends_on, p->cadence_days};
	head->generated_at = rep->hp.now;
	svc_health_thresholds_out(&rep->hp.t, &head->thresholds);
	figures_out(s->arena, &rep->hp, &rep->growth, head);
	engagement_out(s->arena, rep, head);
	head->surveys.v = rep->surveys.surveys;
	head->surveys.n = rep->surveys.nsurveys;
	*out = rep;
	return SVC_OK;
}

int svc_report_rows(const svc_report_t *rep)
{
	return rep->hp.n;
}

void svc_report_row(const svc_report_t *rep, int i, arena_t *a, ReportRow_t *out)
{
	row_out(a, rep, i, out);
}

int svc_report_get(svc_t *s, const in_getProgramReport_t *in, ProgramReport_t *out)
{
	svc_report_t *rep;
	int st = svc_report_open(s, in->id, out, &rep);
	if (st)
		return st;
	out->items.v = arena_alloc(s->arena, sizeof(ReportRow_t) * (size_t)(rep->hp.n + 1));
	out->items.n = rep->hp.n;
	for (int i = 0; i < rep->hp.n; i++)
		svc_report_row(rep, i, s->arena, &out->items.v[i]);
	return SVC_OK;
}

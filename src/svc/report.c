/* The program report (GET /programs/{id}/report, its CSV form and
 * `mentord report`): a program's outcomes — relationships by phase, meeting
 * regularity, goal completion, satisfaction, progress toward goal targets,
 * health — and one row per relationship with its score, flags and counts.
 * Every relationship's last contact is looked up exactly (the dashboard
 * decides most from the rollups alone). Only the program's managers and
 * administrators read it; counts, averages and dates only. */
#include "svc/health.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

/* The note on skill growth: what the figure is while there is no
 * self-assessment. */
static const char growth_note[] =
	"There is no skill self-assessment yet: growth is shown as progress recorded toward the targets "
	"of goals (percent of the way from baseline to target).";

static void figures_out(arena_t *a, const health_program_t *hp, ProgramReport_t *out)
{
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

	static const char *const pranges[] = {"0-24", "25-49", "50-74", "75-100"};
	ProgramReport_skill_growth_t *g = &out->skill_growth;
	*g = (ProgramReport_skill_growth_t){.measure = "goal_progress", .note = growth_note,
					    .goals_with_progress = hp->progress_goals,
					    .average_progress_pct = svc_health_round1(hp->progress_avg)};
	g->relationships_by_progress_pct.v = arena_alloc(a, sizeof(*g->relationships_by_progress_pct.v) * 4);
	g->relationships_by_progress_pct.n = 4;
	for (int b = 0; b < 4; b++)
		g->relationships_by_progress_pct.v[b] =
			(ProgramReport_skill_growth_relationships_by_progress_pct_t){pranges[b], hp->progress_hist[b]};

	static const char *const ranges[] = {"0-19", "20-39", "40-59", "60-79", "80-100"};
	const int *fc = hp->flag_counts;
	ProgramReport_health_t *h = &out->health;
	*h = (ProgramReport_health_t){.average_score = svc_health_round1(hp->score_avg), .at_risk = hp->at_risk,
		.not_started = hp->not_started,
		.flags = {fc[HF_GONE_QUIET], fc[HF_SCHEDULE_IMPOSED], fc[HF_CREDIT_TAKEN], fc[HF_PROJECTS_PUSHED],
			  fc[HF_REPEATED_MISTAKES], fc[HF_ONE_SIDED], fc[HF_OVERDUE_GOALS]}};
	h->score_distribution.v = arena_alloc(a, sizeof(*h->score_distribution.v) * HEALTH_BUCKETS);
	h->score_distribution.n = HEALTH_BUCKETS;
	for (int b = 0; b < HEALTH_BUCKETS; b++)
		h->score_distribution.v[b] = (ProgramReport_health_score_distribution_t){ranges[b], hp->score_hist[b]};
}

/* Relationship i's row. */
static void row_out(arena_t *a, const health_program_t *hp, int i, const char *mentor, const char *mentee,
		    int64_t ended_at, ReportRow_t *out)
{
	const health_row_t *row = &hp->rows[i];
	const health_result_t *res = &hp->res[i];
	int days = health_days_since_contact(hp, i);
	*out = (ReportRow_t){.relationship_id = row->rel_id, .mentor = {row->mentor_id, mentor},
			     .mentee = {row->mentee_id, mentee}, .phase = phase_name((phase_t)row->phase),
			     .score = res->score, .score_null = !res->started,
			     .state = health_state_name(res->state), .at_risk = res->at_risk,
			     .days_since_contact = days, .days_since_contact_null = days < 0,
			     .meetings = row->meetings, .meetings_held = row->meetings_held, .goals = row->goals,
			     .goals_achieved = row->goals_achieved, .goals_active = row->goals_active,
			     .average_rating = row->ratings ? svc_health_round1((double)row->rating_sum / row->ratings) : 0,
			     .average_rating_null = row->ratings == 0,
			     .goal_progress_pct = row->progress_goals ?
				     svc_health_round1(row->progress_pct_sum / row->progress_goals) : 0,
			     .goal_progress_pct_null = row->progress_goals == 0,
			     .ended_by_organisation_at = ended_at, .ended_by_organisation_at_null = !ended_at};
	out->flags.v = arena_alloc(a, sizeof(char *) * (size_t)(res->nflags + 1));
	out->flags.n = res->nflags;
	for (int k = 0; k < res->nflags; k++)
		out->flags.v[k] = health_flag_name(res->flags[k].code);
}

struct svc_report {
	health_program_t hp;
	const char **mentor, **mentee;
	/* The relationships the organisation ended (SCIM deactivation), by id. */
	row_rel_ended_t *ended;
	int nended;
};

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

int svc_report_open(svc_t *s, int64_t program_id, ProgramReport_t *head, svc_report_t **out)
{
	program_t *p;
	svc_report_t *rep = arena_alloc(s->arena, sizeof(*rep));
	int st = svc_program_access(s, program_id, true, &p);
	if (st)
		return st;
	int db = health_program_load(s->db, s->arena, p, time_now(), true, &rep->hp);
	if (db == DB_OK)
		db = store_health_names(s->db, s->arena, p->id, rep->hp.rows, rep->hp.n, &rep->mentor, &rep->mentee);
	if (db == DB_OK)
		db = sql_rel_ended_by_org_of_program(s->db, s->arena, p->id, &rep->ended, &rep->nended);
	if (db != DB_OK)
		return svc_db(s, db);
	memset(head, 0, sizeof(*head));
	head->program = (ProgramReport_program_t){p->id, p->name, p->starts_on, p->ends_on, p->cadence_days};
	head->generated_at = rep->hp.now;
	svc_health_thresholds_out(&rep->hp.t, &head->thresholds);
	figures_out(s->arena, &rep->hp, head);
	*out = rep;
	return SVC_OK;
}

int svc_report_rows(const svc_report_t *rep)
{
	return rep->hp.n;
}

void svc_report_row(const svc_report_t *rep, int i, arena_t *a, ReportRow_t *out)
{
	row_out(a, &rep->hp, i, rep->mentor[i], rep->mentee[i], ended_at(rep, rep->hp.rows[i].rel_id), out);
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

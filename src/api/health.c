/* Program health: every relationship scored by the missteps detector, the
 * figures of the manager's dashboard, the program report as JSON and CSV,
 * and the detector's thresholds as program settings.
 *   GET /api/v1/programs/{id}/health           scores and flags, lowest first
 *   GET /api/v1/programs/{id}/report           outcomes and one row per relationship
 *   GET /api/v1/programs/{id}/report.csv       the rows as CSV
 *   GET, PUT /api/v1/programs/{id}/health-settings
 * Only the program's managers and administrators see these. They read
 * counts and dates only: no message, note or feedback text reaches them. */
#include "api/health.h"
#include "api/rel.h"
#include "core/timeutil.h"
#include "web/health/dashboard.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- scoring a program ---- */

/* The latest contact (message, or meeting that has started) of a row. The
 * rollup knows the latest meeting, which may lie ahead; then the latest one
 * that started is looked up, but only when the answer matters: exactly, or
 * when the messages alone do not show contact within the cadence. */
static int contact_of(db_t *db, const health_row_t *row, int cadence, int64_t now, bool exact,
		      int64_t *out)
{
	int64_t known = row->last_message_at;
	if (row->last_meeting_at <= now && row->last_meeting_at > known)
		known = row->last_meeting_at;
	*out = known;
	if (row->last_meeting_at <= now)
		return DB_OK;
	int64_t ref = known > row->started_at ? known : row->started_at;
	if (!exact && now - ref <= (int64_t)cadence * 86400)
		return DB_OK;
	int64_t started = 0;
	int st = store_health_last_started(db, row->rel_id, now, &started);
	if (started > known)
		*out = started;
	return st;
}

static void facts_of(const health_row_t *row, int cadence, int64_t contact, health_facts_t *f)
{
	*f = (health_facts_t){
		.rel_id = row->rel_id,
		.phase = row->phase,
		.cadence_days = cadence,
		.started_at = row->started_at,
		.last_contact_at = contact,
		.outside_mentee_hours = row->outside_mentee_hours,
		.mentor_reschedules = row->mentor_reschedules,
		.ideas_credit_moved = row->ideas_credit_moved,
		.mentor_wins_on_mentee_ideas = row->mentor_wins_on_mentee_ideas,
		.unlinked_mentee_actions = row->unlinked_mentee_actions,
		.repeated_tags = row->repeated_tags,
		.repeated_worst = row->repeated_worst,
		.repeated_to_mentee = row->repeated_to_mentee,
		.agenda_by_mentor = row->agenda_by_mentor,
		.agenda_by_mentee = row->agenda_by_mentee,
		.meetings_by_mentor = row->meetings_by_mentor,
		.meetings_by_mentee = row->meetings_by_mentee,
		.first_active_due_on = row->first_active_due_on[0] ? row->first_active_due_on : NULL,
	};
}

static int cadence_of(const health_program_t *hp, const health_row_t *row)
{
	return row->cadence_days > 0 ? row->cadence_days : hp->prog->cadence_days > 0 ? hp->prog->cadence_days : 14;
}

static int bucket5(int score)
{
	return score >= 80 ? 4 : score < 0 ? 0 : score / 20;
}

/* The last twelve calendar months, oldest first, with their meetings. */
static int load_months(db_t *db, health_program_t *hp)
{
	time_t t = (time_t)hp->now;
	struct tm tm;
	gmtime_r(&t, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
	for (int i = HEALTH_MONTHS - 1; i >= 0; i--) {
		snprintf(hp->months[i].month, sizeof(hp->months[i].month), "%04u-%02u", (unsigned)y % 10000u,
			 (unsigned)m % 100u);
		hp->months[i].meetings = 0;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	health_month_t got[HEALTH_MONTHS + 1];
	int n = 0;
	int st = store_health_months(db, hp->prog->id, hp->months[0].month, got, HEALTH_MONTHS + 1, &n);
	for (int i = 0; st == DB_OK && i < n; i++)
		for (int j = 0; j < HEALTH_MONTHS; j++)
			if (!strcmp(got[i].month, hp->months[j].month))
				hp->months[j].meetings = got[i].meetings;
	return st;
}

/* Adds relationship i to the program's figures. */
static void tally(health_program_t *hp, int i, int64_t contact)
{
	const health_row_t *row = &hp->rows[i];
	const health_result_t *res = &hp->res[i];
	if (row->phase >= 0 && row->phase < PHASE_COUNT)
		hp->by_phase[row->phase]++;
	hp->meetings += row->meetings;
	hp->meetings_held += row->meetings_held;
	hp->goals += row->goals;
	hp->goals_active += row->goals_active;
	hp->goals_achieved += row->goals_achieved;
	hp->goals_dropped += row->goals_dropped;
	if (row->ratings) {
		hp->ratings += row->ratings;
		int avg = (int)lround((double)row->rating_sum / row->ratings);
		hp->rating_hist[avg < 1 ? 0 : avg > 5 ? 4 : avg - 1]++;
	}
	if (row->progress_goals) {
		hp->progress_goals += row->progress_goals;
		double avg = row->progress_pct_sum / row->progress_goals;
		hp->progress_hist[avg >= 75 ? 3 : avg >= 50 ? 2 : avg >= 25 ? 1 : 0]++;
	}
	if (!phase_active((phase_t)row->phase))
		return;
	hp->active++;
	hp->at_risk += res->at_risk;
	hp->score_hist[bucket5(res->score)]++;
	hp->score_avg += res->score;
	for (int k = 0; k < res->nflags; k++) {
		hp->flag_counts[res->flags[k].code]++;
		hp->rels_overdue += res->flags[k].code == HF_OVERDUE_GOALS;
	}
	int cadence = cadence_of(hp, row);
	int64_t since = contact > row->started_at ? contact : row->started_at;
	int64_t gap = hp->now - since;
	hp->contact[gap <= (int64_t)cadence * 86400 ? 0
		    : (double)gap <= hp->t.quiet_factor * cadence * 86400.0 ? 1 : 2]++;
}

int health_program_load(db_t *db, arena_t *a, const program_t *p, int64_t now, bool exact_contact,
			health_program_t *out)
{
	memset(out, 0, sizeof(*out));
	out->prog = p;
	out->now = now;
	int st = store_health_settings_get(db, p->id, &out->t, &out->custom);
	if (st == DB_OK)
		st = store_health_rows(db, a, p->id, out->t.repeat_min, &out->rows, &out->n);
	if (st != DB_OK)
		return st;
	out->facts = arena_alloc(a, sizeof(health_facts_t) * (size_t)(out->n + 1));
	out->res = arena_alloc(a, sizeof(health_result_t) * (size_t)(out->n + 1));
	for (int i = 0; i < out->n; i++) {
		const health_row_t *row = &out->rows[i];
		int cadence = cadence_of(out, row);
		int64_t contact = 0;
		if (exact_contact || phase_active((phase_t)row->phase))
			st = contact_of(db, row, cadence, now, exact_contact, &contact);
		if (st != DB_OK)
			return st;
		facts_of(row, cadence, contact, &out->facts[i]);
		/* Scores only: the words are written for the few shown. */
		health_eval(&out->facts[i], &out->t, now, NULL, &out->res[i]);
		tally(out, i, contact);
	}
	if (out->active)
		out->score_avg /= out->active;
	int rating_sum = 0;
	double pct = 0;
	for (int i = 0; i < out->n; i++) {
		rating_sum += out->rows[i].rating_sum;
		pct += out->rows[i].progress_pct_sum;
	}
	out->rating_avg = out->ratings ? (double)rating_sum / out->ratings : 0;
	out->progress_avg = out->progress_goals ? pct / out->progress_goals : 0;
	st = store_health_closures(db, p->id, &out->closures);
	if (st == DB_OK)
		st = load_months(db, out);
	return st;
}

/* qsort has no context argument in C17; each request sorts on its own
 * thread, so a thread-local pointer keeps this reentrant. */
static _Thread_local const health_program_t *sorting;

static int by_score(const void *x, const void *y)
{
	int i = *(const int *)x, j = *(const int *)y;
	int d = sorting->res[i].score - sorting->res[j].score;
	if (d)
		return d;
	return sorting->rows[i].rel_id < sorting->rows[j].rel_id ? -1 : 1;
}

int *health_program_order(arena_t *a, const health_program_t *hp, bool at_risk_only, int *n)
{
	int *idx = arena_alloc(a, sizeof(int) * (size_t)(hp->n + 1));
	*n = 0;
	for (int i = 0; i < hp->n; i++)
		if (!at_risk_only || hp->res[i].at_risk)
			idx[(*n)++] = i;
	sorting = hp;
	qsort(idx, (size_t)*n, sizeof(int), by_score);
	sorting = NULL;
	return idx;
}

static const char *overdue_before(arena_t *a, int64_t now, int grace)
{
	time_t t = (time_t)(now - (int64_t)grace * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	return arena_printf(a, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday);
}

static unsigned wanted(const health_result_t *res)
{
	unsigned want = 0;
	for (int k = 0; k < res->nflags; k++)
		want |= 1u << res->flags[k].code;
	return want;
}

/* Loads evidence for the flags res raised on facts f (whose ev it sets). */
static int load_evidence(db_t *db, arena_t *a, const health_row_t *row, const health_thresholds_t *t,
			 int64_t now, health_facts_t *f, health_result_t *res)
{
	f->ev = arena_alloc(a, sizeof(health_ev_list_t) * HF_COUNT);
	for (int k = 0; k < res->nflags; k++)
		res->flags[k].ev = &f->ev[res->flags[k].code];
	if (!res->nflags)
		return DB_OK;
	return store_health_evidence(db, row, wanted(res), t->repeat_min, now,
				     overdue_before(a, now, t->overdue_grace_days), f->ev);
}

void health_program_explain(arena_t *a, health_program_t *hp, int i)
{
	health_eval(&hp->facts[i], &hp->t, hp->now, a, &hp->res[i]);
}

int health_program_evidence(db_t *db, arena_t *a, health_program_t *hp, int i)
{
	health_program_explain(a, hp, i);
	return load_evidence(db, a, &hp->rows[i], &hp->t, hp->now, &hp->facts[i], &hp->res[i]);
}

int health_days_since_contact(const health_program_t *hp, int i)
{
	const health_facts_t *f = &hp->facts[i];
	int64_t since = f->last_contact_at > f->started_at ? f->last_contact_at : f->started_at;
	return since > 0 && hp->now >= since ? (int)((hp->now - since) / 86400) : -1;
}

/* ---- JSON ---- */

json_t *health_result_json(arena_t *a, const health_result_t *res)
{
	json_t *flags = json_array();
	for (int k = 0; k < res->nflags; k++) {
		const health_flag_t *fl = &res->flags[k];
		json_t *ev = json_array();
		for (int e = 0; fl->ev && e < fl->ev->n; e++)
			json_array_append_new(ev, json_pack("{s:s, s:I, s:s}",
				"type", health_ev_kind_name(fl->ev->v[e].kind), "id", (json_int_t)fl->ev->v[e].id,
				"href", health_ev_href(a, &fl->ev->v[e])));
		json_array_append_new(flags, json_pack("{s:s, s:s, s:s, s:o, s:o}",
			"code", health_flag_name(fl->code), "title", health_flag_title(fl->code),
			"severity", health_severity_name(fl->severity),
			"message", fl->message ? json_string(fl->message) : json_null(), "evidence", ev));
	}
	return json_pack("{s:i, s:b, s:o}", "score", res->score, "at_risk", res->at_risk, "flags", flags);
}

json_t *health_thresholds_json(const health_thresholds_t *t)
{
	return json_pack("{s:f, s:i, s:i, s:i, s:i, s:f, s:i, s:i, s:i}",
		"quiet_factor", t->quiet_factor, "schedule_min", t->schedule_min, "credit_min", t->credit_min,
		"pushed_min", t->pushed_min, "repeat_min", t->repeat_min, "agenda_balance", t->agenda_balance,
		"engagement_min", t->engagement_min, "overdue_grace_days", t->overdue_grace_days,
		"at_risk_below", t->at_risk_below);
}

json_t *health_rel_json(req_t *r, const relationship_t *rel)
{
	health_thresholds_t t;
	health_row_t row;
	bool custom, found = false;
	int st = store_health_settings_get(r->db, rel->program_id, &t, &custom);
	if (st == DB_OK)
		st = store_health_row(r->db, rel->id, t.repeat_min, &row, &found);
	if (st != DB_OK || !found)
		return json_null();
	int64_t now = time_now(), contact = 0;
	int cadence = row.cadence_days > 0 ? row.cadence_days : rel->program_cadence_days > 0 ?
		      rel->program_cadence_days : 14;
	health_facts_t *f = arena_alloc(r->arena, sizeof(*f));
	health_result_t *res = arena_alloc(r->arena, sizeof(*res));
	st = contact_of(r->db, &row, cadence, now, true, &contact);
	if (st != DB_OK)
		return json_null();
	facts_of(&row, cadence, contact, f);
	health_eval(f, &t, now, r->arena, res);
	if (load_evidence(r->db, r->arena, &row, &t, now, f, res) != DB_OK)
		return json_null();
	return health_result_json(r->arena, res);
}

static json_t *person(int64_t id, const char *name)
{
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

static json_t *round1(double v)
{
	return json_real(round(v * 10) / 10);
}

static json_t *figures_json(const health_program_t *hp)
{
	json_t *phases = json_object(), *flags = json_object(), *months = json_array(), *scores = json_array();
	for (int p = 0; p < PHASE_COUNT; p++)
		json_object_set_new(phases, phase_name((phase_t)p), json_integer(hp->by_phase[p]));
	for (int k = 0; k < HF_COUNT; k++)
		json_object_set_new(flags, health_flag_name((health_flag_code_t)k), json_integer(hp->flag_counts[k]));
	for (int m = 0; m < HEALTH_MONTHS; m++)
		json_array_append_new(months, json_pack("{s:s, s:i}", "month", hp->months[m].month, "meetings",
							hp->months[m].meetings));
	static const char *const ranges[] = {"0-19", "20-39", "40-59", "60-79", "80-100"};
	for (int b = 0; b < HEALTH_BUCKETS; b++)
		json_array_append_new(scores, json_pack("{s:s, s:i}", "range", ranges[b], "relationships",
							hp->score_hist[b]));
	json_t *ratings = json_array(), *progress = json_array();
	for (int b = 0; b < HEALTH_BUCKETS; b++)
		json_array_append_new(ratings, json_pack("{s:i, s:i}", "rating", b + 1, "relationships",
							 hp->rating_hist[b]));
	static const char *const pranges[] = {"0-24", "25-49", "50-74", "75-100"};
	for (int b = 0; b < 4; b++)
		json_array_append_new(progress, json_pack("{s:s, s:i}", "range", pranges[b], "relationships",
							  hp->progress_hist[b]));
	const health_closures_t *c = &hp->closures;
	return json_pack("{s:{s:i, s:i, s:o}, s:{s:i, s:i, s:o, s:{s:i, s:i, s:i}},"
			 " s:{s:i, s:i, s:i, s:i, s:o, s:i},"
			 " s:{s:{s:i, s:o}, s:{s:i, s:o, s:o, s:o, s:o}, s:o},"
			 " s:{s:s, s:s, s:i, s:o, s:o}, s:{s:o, s:i, s:o, s:o}}",
		"relationships", "total", hp->n, "active", hp->active, "by_phase", phases,
		"meeting_regularity", "meetings", hp->meetings, "meetings_held", hp->meetings_held,
		"per_month", months, "contact", "within_cadence", hp->contact[0],
		"within_quiet_limit", hp->contact[1], "gone_quiet", hp->contact[2],
		"goal_completion", "goals", hp->goals, "achieved", hp->goals_achieved, "active", hp->goals_active,
		"dropped", hp->goals_dropped,
		"completion_rate", hp->goals ? round1(100.0 * hp->goals_achieved / hp->goals) : json_real(0),
		"relationships_with_overdue_goals", hp->rels_overdue,
		"satisfaction", "feedback", "ratings", hp->ratings, "average", round1(hp->rating_avg),
		"closure_survey", "answers", c->count, "satisfaction_average", round1(c->satisfaction_avg),
		"mentor_important_average", round1(c->important_avg), "goals_met_average", round1(c->goals_met_avg),
		"would_recommend_rate", c->recommend_n ? round1(100.0 * c->recommend_yes / c->recommend_n) : json_null(),
		"relationships_by_average_rating", ratings,
		"skill_growth", "measure", "goal_progress",
		"note", "There is no skill self-assessment yet: growth is shown as progress recorded toward "
			"the targets of goals (percent of the way from baseline to target).",
		"goals_with_progress", hp->progress_goals, "average_progress_pct", round1(hp->progress_avg),
		"relationships_by_progress_pct", progress,
		"health", "average_score", round1(hp->score_avg), "at_risk", hp->at_risk, "flags", flags,
		"score_distribution", scores);
}

/* One relationship's report row. */
static json_t *row_json(const health_program_t *hp, int i, const char *mentor, const char *mentee)
{
	const health_row_t *row = &hp->rows[i];
	json_t *codes = json_array();
	for (int k = 0; k < hp->res[i].nflags; k++)
		json_array_append_new(codes, json_string(health_flag_name(hp->res[i].flags[k].code)));
	int days = health_days_since_contact(hp, i);
	return json_pack("{s:I, s:o, s:o, s:s, s:i, s:b, s:o, s:o, s:i, s:i, s:i, s:i, s:i, s:o, s:o}",
		"relationship_id", (json_int_t)row->rel_id, "mentor", person(row->mentor_id, mentor),
		"mentee", person(row->mentee_id, mentee), "phase", phase_name((phase_t)row->phase),
		"score", hp->res[i].score, "at_risk", hp->res[i].at_risk, "flags", codes,
		"days_since_contact", days >= 0 ? json_integer(days) : json_null(),
		"meetings", row->meetings, "meetings_held", row->meetings_held, "goals", row->goals,
		"goals_achieved", row->goals_achieved, "goals_active", row->goals_active,
		"average_rating", row->ratings ? round1((double)row->rating_sum / row->ratings) : json_null(),
		"goal_progress_pct", row->progress_goals ? round1(row->progress_pct_sum / row->progress_goals)
							 : json_null());
}

static json_t *program_head(const program_t *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)p->id, "name", p->name,
			 "starts_on", p->starts_on, "ends_on", p->ends_on, "cadence_days", p->cadence_days);
}

int health_report_json(db_t *db, arena_t *a, const program_t *p, int64_t now, json_t **out)
{
	health_program_t hp;
	const char **mentor, **mentee;
	*out = NULL;
	int st = health_program_load(db, a, p, now, true, &hp);
	if (st == DB_OK)
		st = store_health_names(db, a, p->id, hp.rows, hp.n, &mentor, &mentee);
	if (st != DB_OK)
		return st;
	json_t *items = json_array();
	for (int i = 0; i < hp.n; i++)
		json_array_append_new(items, row_json(&hp, i, mentor[i], mentee[i]));
	*out = figures_json(&hp);
	json_object_set_new(*out, "program", program_head(p));
	json_object_set_new(*out, "generated_at", api_time(now));
	json_object_set_new(*out, "thresholds", health_thresholds_json(&hp.t));
	json_object_set_new(*out, "items", items);
	return DB_OK;
}

/* ---- CSV ---- */

/* One quoted field; text that a spreadsheet would run as a formula is
 * prefixed with an apostrophe. */
static void csv_field(buf_t *out, const char *s, bool first)
{
	if (!first)
		buf_putc(out, ',');
	char lead[2] = {0};
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
		lead[0] = '\'';
	size_t n = strlen(s);
	char *src = NULL;
	if (lead[0]) {
		src = malloc(n + 2);
		if (!src)
			abort();
		src[0] = '\'';
		memcpy(src + 1, s, n + 1);
		s = src;
		n++;
	}
	size_t need = csv_write(NULL, 0, s, n);
	buf_grow(out, need + 1);
	out->len += csv_write(out->data + out->len, need, s, n);
	out->data[out->len] = '\0';
	free(src);
}

static void csv_int(buf_t *out, int64_t v)
{
	buf_printf(out, ",%lld", (long long)v);
}

int health_report_csv(db_t *db, arena_t *a, const program_t *p, int64_t now, buf_t *out)
{
	health_program_t hp;
	const char **mentor, **mentee;
	int st = health_program_load(db, a, p, now, true, &hp);
	if (st == DB_OK)
		st = store_health_names(db, a, p->id, hp.rows, hp.n, &mentor, &mentee);
	if (st != DB_OK)
		return st;
	buf_puts(out, "relationship_id,mentor_id,mentor_name,mentee_id,mentee_name,phase,score,at_risk,"
		      "flags,days_since_contact,meetings,meetings_held,goals,goals_achieved,goals_active,"
		      "average_rating,goal_progress_pct\r\n");
	for (int i = 0; i < hp.n; i++) {
		const health_row_t *row = &hp.rows[i];
		buf_t flags = BUF_INIT;
		for (int k = 0; k < hp.res[i].nflags; k++) {
			if (k)
				buf_putc(&flags, ';');
			buf_puts(&flags, health_flag_name(hp.res[i].flags[k].code));
		}
		buf_printf(out, "%lld", (long long)row->rel_id);
		csv_int(out, row->mentor_id);
		csv_field(out, mentor[i], false);
		csv_int(out, row->mentee_id);
		csv_field(out, mentee[i], false);
		csv_field(out, phase_name((phase_t)row->phase), false);
		csv_int(out, hp.res[i].score);
		buf_puts(out, hp.res[i].at_risk ? ",yes" : ",no");
		csv_field(out, buf_cstr(&flags), false);
		buf_free(&flags);
		int days = health_days_since_contact(&hp, i);
		if (days >= 0)
			csv_int(out, days);
		else
			buf_putc(out, ',');
		csv_int(out, row->meetings);
		csv_int(out, row->meetings_held);
		csv_int(out, row->goals);
		csv_int(out, row->goals_achieved);
		csv_int(out, row->goals_active);
		if (row->ratings)
			buf_printf(out, ",%.1f", (double)row->rating_sum / row->ratings);
		else
			buf_putc(out, ',');
		if (row->progress_goals)
			buf_printf(out, ",%.1f", row->progress_pct_sum / row->progress_goals);
		else
			buf_putc(out, ',');
		buf_puts(out, "\r\n");
	}
	return DB_OK;
}

/* ---- handlers ---- */

/* GET /programs/{id}/health?limit=&cursor=&at_risk=1 */
static void health(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	int limit = http_limit(r, 50, 500);
	int64_t offset = http_cursor(r);
	const char *ar = http_query(r, "at_risk");
	health_program_t hp;
	int st = health_program_load(r->db, r->arena, prog, time_now(), false, &hp);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	int n;
	int *order = health_program_order(r->arena, &hp, ar && !strcmp(ar, "1"), &n);
	json_t *items = json_array();
	int64_t i;
	for (i = offset; i < n && i < offset + limit; i++) {
		int k = order[i];
		relationship_t *rel = NULL;
		st = health_program_evidence(r->db, r->arena, &hp, k);
		if (st == DB_OK)
			st = store_rel_get(r->db, r->arena, hp.rows[k].rel_id, &rel);
		if (st != DB_OK) {
			json_decref(items);
			resp_db(r, st);
			return;
		}
		json_t *o = health_result_json(r->arena, &hp.res[k]);
		json_object_set_new(o, "relationship_id", json_integer(hp.rows[k].rel_id));
		json_object_set_new(o, "phase", json_string(phase_name((phase_t)hp.rows[k].phase)));
		json_object_set_new(o, "mentor", person(hp.rows[k].mentor_id, rel ? rel->mentor_name : ""));
		json_object_set_new(o, "mentee", person(hp.rows[k].mentee_id, rel ? rel->mentee_name : ""));
		json_array_append_new(items, o);
	}
	json_t *flags = json_object();
	for (int k = 0; k < HF_COUNT; k++)
		json_object_set_new(flags, health_flag_name((health_flag_code_t)k), json_integer(hp.flag_counts[k]));
	json_t *body = json_pack("{s:I, s:o, s:o, s:b, s:{s:i, s:i, s:i, s:o, s:o}, s:o}",
		"program_id", (json_int_t)prog->id, "generated_at", api_time(hp.now),
		"thresholds", health_thresholds_json(&hp.t), "custom_thresholds", hp.custom,
		"summary", "relationships", hp.n, "active", hp.active, "at_risk", hp.at_risk,
		"average_score", round1(hp.score_avg), "flags", flags, "items", items);
	json_object_set_new(body, "next", i < n ? json_string(arena_printf(r->arena, "%lld", (long long)i))
					       : json_null());
	resp_json(r, 200, body);
}

static void report(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	json_t *out = NULL;
	int st = health_report_json(r->db, r->arena, prog, time_now(), &out);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	resp_json(r, 200, out);
}

static void report_csv(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	buf_t out = BUF_INIT;
	int st = health_report_csv(r->db, r->arena, prog, time_now(), &out);
	if (st != DB_OK) {
		buf_free(&out);
		resp_db(r, st);
		return;
	}
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"program-%lld-report.csv\"", (long long)prog->id));
	resp_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&out), out.len);
	buf_free(&out);
}

static void settings_respond(req_t *r, int64_t program_id)
{
	health_thresholds_t t;
	bool custom;
	int st = store_health_settings_get(r->db, program_id, &t, &custom);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *o = health_thresholds_json(&t);
	json_object_set_new(o, "program_id", json_integer(program_id));
	json_object_set_new(o, "custom", json_boolean(custom));
	resp_json(r, 200, o);
}

static void settings_get(req_t *r)
{
	program_t *prog;
	if (api_program_access(r, r->id[0], true, &prog))
		settings_respond(r, prog->id);
}

/* A number field: any JSON number, left untouched when absent. */
static void jin_real(jin_t *in, const char *key, double *out)
{
	json_t *v = json_object_get(in->root, key);
	if (!v)
		return;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		verr_add(&in->errs, key, "must be a number");
	else
		*out = json_number_value(v);
}

/* PUT /programs/{id}/health-settings: fields left out keep their value. */
static void settings_put(req_t *r)
{
	program_t *prog;
	if (!api_program_access(r, r->id[0], true, &prog))
		return;
	health_thresholds_t t;
	bool custom;
	int st = store_health_settings_get(r->db, prog->id, &t, &custom);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	jin_t in;
	if (!jin_open(&in, r))
		return;
	static const char *const known[] = {"quiet_factor", "schedule_min", "credit_min", "pushed_min",
		"repeat_min", "agenda_balance", "engagement_min", "overdue_grace_days", "at_risk_below",
		"program_id", "custom", NULL};
	const char *key;
	json_t *val;
	json_object_foreach(in.root, key, val) {
		bool ok = false;
		for (int k = 0; known[k]; k++)
			ok |= !strcmp(known[k], key);
		if (!ok)
			verr_add(&in.errs, arena_strdup(r->arena, key), "is not a health setting");
	}
	int64_t v[7] = {t.schedule_min, t.credit_min, t.pushed_min, t.repeat_min, t.engagement_min,
			t.overdue_grace_days, t.at_risk_below};
	jin_real(&in, "quiet_factor", &t.quiet_factor);
	jin_real(&in, "agenda_balance", &t.agenda_balance);
	jin_int(&in, "schedule_min", 0, 1, 100, &v[0]);
	jin_int(&in, "credit_min", 0, 1, 100, &v[1]);
	jin_int(&in, "pushed_min", 0, 1, 100, &v[2]);
	jin_int(&in, "repeat_min", 0, 2, 20, &v[3]);
	jin_int(&in, "engagement_min", 0, 1, 1000, &v[4]);
	jin_int(&in, "overdue_grace_days", 0, 0, 365, &v[5]);
	jin_int(&in, "at_risk_below", 0, 1, 100, &v[6]);
	t.schedule_min = (int)v[0];
	t.credit_min = (int)v[1];
	t.pushed_min = (int)v[2];
	t.repeat_min = (int)v[3];
	t.engagement_min = (int)v[4];
	t.overdue_grace_days = (int)v[5];
	t.at_risk_below = (int)v[6];
	health_thresholds_check(&t, &in.errs);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	st = store_health_settings_put(r->db, prog->id, &t, r->who.user_id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "program.health_settings", "program", prog->id, "");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		settings_respond(r, prog->id);
}

void api_health_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/programs/{id}/health", health, 0},
		{"GET", "/api/v1/programs/{id}/report", report, 0},
		{"GET", "/api/v1/programs/{id}/report.csv", report_csv, 0},
		{"GET", "/api/v1/programs/{id}/health-settings", settings_get, 0},
		{"PUT", "/api/v1/programs/{id}/health-settings", settings_put, 0},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	web_health_register();
}

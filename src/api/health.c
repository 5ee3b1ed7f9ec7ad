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
#include "api/endpoint.h"
#include "http/schema_io.h"
#include "core/timeutil.h"
#include "web/health/dashboard.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	svc_t s;
	RelationshipHealth_t h;
	bool known = false;
	api_svc(r, &s);
	if (svc_health_rels(&s, rel, 1, &h, &known) != SVC_OK || !known)
		return json_null();
	return sch_to_jansson(&sch_RelationshipHealth, &h);
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
	int64_t i = offset < n ? offset : n;
	int page = (int)(n - i < limit ? n - i : limit);
	int64_t *ids = arena_alloc(r->arena, sizeof(int64_t) * (size_t)(page + 1));
	const char **mentor = arena_alloc(r->arena, sizeof(char *) * (size_t)(page + 1));
	const char **mentee = arena_alloc(r->arena, sizeof(char *) * (size_t)(page + 1));
	for (int j = 0; j < page; j++)
		ids[j] = hp.rows[order[i + j]].rel_id;
	st = health_program_evidence(r->db, r->arena, &hp, order + i, page);
	if (st == DB_OK)
		st = store_health_names_of(r->db, r->arena, ids, page, mentor, mentee);
	if (st != DB_OK) {
		json_decref(items);
		resp_db(r, st);
		return;
	}
	for (int j = 0; j < page; j++, i++) {
		int k = order[i];
		json_t *o = health_result_json(r->arena, &hp.res[k]);
		json_object_set_new(o, "relationship_id", json_integer(hp.rows[k].rel_id));
		json_object_set_new(o, "phase", json_string(phase_name((phase_t)hp.rows[k].phase)));
		json_object_set_new(o, "mentor", person(hp.rows[k].mentor_id, mentor[j]));
		json_object_set_new(o, "mentee", person(hp.rows[k].mentee_id, mentee[j]));
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
		{"GET", "/api/v1/programs/{id}/health", health, 0, NULL},
		{"GET", "/api/v1/programs/{id}/report", report, 0, NULL},
		{"GET", "/api/v1/programs/{id}/report.csv", report_csv, 0, NULL},
		{"GET", "/api/v1/programs/{id}/health-settings", settings_get, 0, NULL},
		{"PUT", "/api/v1/programs/{id}/health-settings", settings_put, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	web_health_register();
}

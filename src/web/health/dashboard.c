/* The program manager's health dashboard, GET /programs/{id}/dashboard
 * (src/web/pages/health.json): the program's outcomes as charts drawn by the
 * server as inline SVG (each with a title, a description and the same
 * figures as a data table beside it, so screen readers and people without
 * images get everything), the relationships at risk first with the flags
 * that put them there, and the form that changes the detector's thresholds
 * (POST .../dashboard/thresholds). The figures come from the health
 * services (svc_health_dashboard, svc_health_settings_put), the same the
 * API's report carries; this file turns them into chart geometry (numbers
 * in the template context) and the page. No script; presentation
 * attributes only, so the strict CSP holds. The templates live in
 * web/health/templates and render through a template library of their own
 * that also holds the shared partials (head, foot, messages), so the page
 * looks like every other. */
#include "web/page.h"
#include "web/page_types.h"
#include "svc/health.h"
#include "svc/skill.h"
#include "core/buf.h"
#include "core/embed.h"
#include "core/timeutil.h"
#include "web/articles.h"
#include "web/program_nav.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_DIR "web/health/templates/"
#define AT_RISK_SHOWN 25

/* Colours with at least 4.5:1 contrast on white, as in the stylesheet. */
#define C_BRAND "#1f5fbf"
#define C_OK "#146c43"
#define C_WARN "#8a5300"
#define C_BAD "#b42318"
#define C_MUTED "#566173"
#define C_INK "#1b2430"

/* The most bars a chart has: the months of a year (the charts() fill one
 * array of them for every chart). */
enum { MAX_BARS = HEALTH_MONTHS };
_Static_assert((int)HF_COUNT <= (int)MAX_BARS && (int)PHASE_COUNT <= (int)MAX_BARS &&
	       (int)SKILL_BUCKETS <= (int)MAX_BARS && (int)HEALTH_BUCKETS <= (int)MAX_BARS,
	       "a chart has more bars than MAX_BARS");

typedef struct bar {
	const char *label, *value_text, *fill;
	double value;
} bar_t;

/* The sentence a screen reader hears for a chart: "A: 3; B: 5." */
static const char *describe(arena_t *a, const char *lead, const bar_t *bars, int n)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, lead);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s: %s", i ? "; " : " ", bars[i].label, bars[i].value_text);
	buf_putc(&b, '.');
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* A page draws a hundred bars: their objects are set key by key, without
 * json_pack's reading of a format for each, and a bar's label and value
 * are one string each, shared by the chart and its table. */
static void set_int(json_t *o, const char *key, int v)
{
	json_object_set_new_nocheck(o, key, json_integer(v));
}

static void set_str(json_t *o, const char *key, json_t *v)
{
	json_object_set_nocheck(o, key, v);
}

/* A literal of this file (a colour, an anchor): valid UTF-8 as written. */
static void set_literal(json_t *o, const char *key, const char *v)
{
	json_object_set_new_nocheck(o, key, json_string_nocheck(v));
}

/* Where the bars' labels and values are anchored, the same for every bar. */
static void set_anchors(json_t *chart, const char *label, const char *value)
{
	set_literal(chart, "anchor", label);
	set_literal(chart, "vanchor", value);
}

/* The chart (with its table) and, in texts[2i] and texts[2i+1], each bar's
 * label and value as strings the caller drops when it is done. */
static json_t *chart_base(arena_t *a, const char *id, const char *title, const char *lead,
			  const char *label_head, const char *value_head, const bar_t *bars, int n,
			  json_t **texts)
{
	json_t *rows = json_array();
	for (int i = 0; i < n; i++) {
		texts[2 * i] = page_str(bars[i].label);
		texts[2 * i + 1] = page_str(bars[i].value_text);
		json_t *row = json_object();
		set_str(row, "label", texts[2 * i]);
		set_str(row, "value_text", texts[2 * i + 1]);
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s, s:o, s:o, s:{s:o, s:o, s:o}}", "id", id, "title", page_str(title),
			 "desc", page_str(describe(a, lead, bars, n)), "table", "label_head",
			 page_str(label_head), "value_head", page_str(value_head), "rows", rows);
}

static double max_of(const bar_t *bars, int n)
{
	double m = 0;
	for (int i = 0; i < n; i++)
		if (bars[i].value > m)
			m = bars[i].value;
	return m;
}

/* One bar of health_chart.html: the rectangle, its label at (lx, ly) and
 * its value at (vx, vy). What every bar of a chart shares (the anchors, and
 * lx in a horizontal chart) is the chart's: the template finds it there. */
static json_t *bar_shape(int x, int y, int w, int h, const char *fill, int ly, json_t *label, int vx, int vy,
			 json_t *value_text)
{
	json_t *o = json_object();
	set_int(o, "x", x);
	set_int(o, "y", y);
	set_int(o, "w", w);
	set_int(o, "h", h);
	set_literal(o, "fill", fill);
	set_int(o, "ly", ly);
	set_str(o, "label", label);
	set_int(o, "vx", vx);
	set_int(o, "vy", vy);
	set_str(o, "value_text", value_text);
	return o;
}

static void drop_texts(json_t **texts, int n)
{
	for (int i = 0; i < 2 * n; i++)
		json_decref(texts[i]);
}

/* Horizontal bars: labels on the left, values after each bar. */
static json_t *hbar_chart(arena_t *a, const char *id, const char *title, const char *lead,
			  const char *label_head, const char *value_head, const bar_t *bars, int n)
{
	enum { W = 620, LABEL_W = 265, BAR_MAX = 290, ROW = 30, BAR_H = 20, PAD = 8 };
	json_t *texts[2 * MAX_BARS];
	json_t *c = chart_base(a, id, title, lead, label_head, value_head, bars, n, texts);
	double max = max_of(bars, n);
	json_t *shapes = json_array();
	for (int i = 0; i < n; i++) {
		int w = max > 0 ? (int)lround(bars[i].value / max * BAR_MAX) : 0;
		int y = PAD + i * ROW;
		json_array_append_new(shapes, bar_shape(LABEL_W, y, w, BAR_H, bars[i].fill, y + 15, texts[2 * i],
							LABEL_W + w + 6, y + 15, texts[2 * i + 1]));
	}
	drop_texts(texts, n);
	json_object_set_new(c, "bars", shapes);
	set_int(c, "lx", LABEL_W - 8);
	set_anchors(c, "end", "start");
	set_int(c, "width", W);
	set_int(c, "height", 2 * PAD + n * ROW);
	return c;
}

/* Columns over time: short labels under each column, values above. */
static json_t *column_chart(arena_t *a, const char *id, const char *title, const char *lead,
			    const char *label_head, const char *value_head, const bar_t *bars,
			    const char *const *short_labels, int n)
{
	enum { W = 560, H = 220, LEFT = 16, BASE = 182, COL_MAX = 150 };
	json_t *texts[2 * MAX_BARS];
	json_t *c = chart_base(a, id, title, lead, label_head, value_head, bars, n, texts);
	double max = max_of(bars, n);
	int step = (W - 2 * LEFT) / (n ? n : 1), bw = step * 2 / 3;
	json_t *shapes = json_array();
	for (int i = 0; i < n; i++) {
		int h = max > 0 ? (int)lround(bars[i].value / max * COL_MAX) : 0;
		int x = LEFT + i * step + (step - bw) / 2;
		json_t *short_label = page_str(short_labels[i]);
		json_t *shape = bar_shape(x, BASE - h, bw, h, bars[i].fill, BASE + 18, short_label,
					  x + bw / 2, BASE - h - 5, texts[2 * i + 1]);
		json_decref(short_label);
		set_int(shape, "lx", x + bw / 2);
		json_array_append_new(shapes, shape);
	}
	drop_texts(texts, n);
	json_object_set_new(c, "bars", shapes);
	set_anchors(c, "middle", "middle");
	json_object_set_new(c, "width", json_integer(W));
	json_object_set_new(c, "height", json_integer(H));
	json_object_set_new(c, "axis_y", json_integer(BASE));
	json_object_set_new(c, "axis_x2", json_integer(W - LEFT));
	json_object_set_new(c, "axis_x1", json_integer(LEFT));
	return c;
}

/* v in decimal, without printf: a chart's every bar has one. */
static const char *num(arena_t *a, int v)
{
	char tmp[BUF_INT_CHARS];
	size_t n;
	const char *p = buf_int_digits(tmp, v, &n);
	return arena_strndup(a, p, n);
}

static const char *phase_label(int p)
{
	static const char *const names[PHASE_COUNT] = {"Getting to know", "Goal setting", "Working",
						       "Closing", "Completed", "Alumni"};
	return p >= 0 && p < PHASE_COUNT ? names[p] : "";
}

/* Skill growth, saying which source it shows: the skill self-assessments
 * once a mentee has rated skills at both the start and the end, else
 * progress toward goal targets. */
static json_t *growth_chart(arena_t *a, const health_program_t *hp, const skill_growth_t *sg)
{
	bar_t b[SKILL_BUCKETS];
	if (sg->relationships) {
		static const char *const cranges[SKILL_BUCKETS] = {"Declined", "Unchanged", "Up by less than 1",
								   "Up by 1 to 2", "Up by 2 or more"};
		static const char *const fills[SKILL_BUCKETS] = {C_BAD, C_MUTED, C_BRAND, C_BRAND, C_OK};
		for (int i = 0; i < SKILL_BUCKETS; i++)
			b[i] = (bar_t){cranges[i], num(a, sg->by_change[i]), fills[i], sg->by_change[i]};
		return hbar_chart(a, "growth", "Skill growth",
			arena_printf(a, "Source: skill self-assessments. Relationships by their mentee's average change "
				     "in self-rated skills from the start to the end; %d mentees rated %d skills at both "
				     "moments, on average from %.1f to %.1f of 5 (%+.1f).%s", sg->relationships, sg->skills,
				     sg->average_start, sg->average_end, sg->average_change,
				     sg->mentor_relationships ? arena_printf(a, " Mentors' ratings of their mentees: %+.1f "
									     "on average.", sg->mentor_average_change) : ""),
			"Change", "Relationships", b, SKILL_BUCKETS);
	}
	static const char *const pranges[] = {"0 to 24%", "25 to 49%", "50 to 74%", "75 to 100%"};
	for (int i = 0; i < 4; i++)
		b[i] = (bar_t){pranges[i], num(a, hp->progress_hist[i]), i == 3 ? C_OK : C_BRAND,
			       hp->progress_hist[i]};
	return hbar_chart(a, "growth", "Skill growth",
		arena_printf(a, "Source: progress toward goal targets, as no mentee has rated skills at both the start "
			     "and the end yet. Relationships by the average progress of their goals from baseline to "
			     "target; %d goals with progress, %.0f%% of the way on average.", hp->progress_goals,
			     hp->progress_avg), "Progress", "Relationships", b, 4);
}

/* Who answers and how fast: active relationships by the median reply time
 * of their slower side. */
static json_t *response_chart(arena_t *a, const health_program_t *hp)
{
	int n[4] = {0};
	int64_t slow = (int64_t)hp->t.slow_reply_hours * 3600;
	for (int i = 0; i < hp->n; i++) {
		const health_row_t *row = &hp->rows[i];
		if (!phase_active((phase_t)row->phase))
			continue;
		int64_t worst = -1;
		for (int side = 0; side < HEALTH_SIDES; side++)
			if (row->replies[side] && row->reply_median[side] > worst)
				worst = row->reply_median[side];
		n[worst < 0 ? 3 : worst <= 86400 ? 0 : worst <= slow ? 1 : 2]++;
	}
	bar_t b[4] = {
		{"Within a day", num(a, n[0]), C_OK, n[0]},
		{arena_printf(a, "Within %d hours", hp->t.slow_reply_hours), num(a, n[1]), C_BRAND, n[1]},
		{arena_printf(a, "Slower than %d hours", hp->t.slow_reply_hours), num(a, n[2]), C_BAD, n[2]},
		{"No replies yet", num(a, n[3]), C_MUTED, n[3]},
	};
	if (hp->t.slow_reply_hours <= 24) /* the middle bucket is empty then */
		b[1].label = arena_printf(a, "Within %d hours (never, at this threshold)", hp->t.slow_reply_hours);
	return hbar_chart(a, "replies", "Who answers and how fast",
		arena_printf(a, "Active relationships by the median time their slower side takes to answer the other's "
			     "messages; slow replies are flagged after %d hours.", hp->t.slow_reply_hours),
		"Median reply time", "Relationships", b, 4);
}

static json_t *charts(arena_t *a, const health_program_t *hp, const skill_growth_t *sg)
{
	json_t *out = json_array();
	bar_t b[MAX_BARS];

	for (int p = 0; p < PHASE_COUNT; p++)
		b[p] = (bar_t){phase_label(p), num(a, hp->by_phase[p]), p < PHASE_COMPLETED ? C_BRAND : C_MUTED,
			       hp->by_phase[p]};
	json_array_append_new(out, hbar_chart(a, "phases", "Relationships by phase",
		arena_printf(a, "%d relationships, %d of them active.", hp->n, hp->active), "Phase",
		"Relationships", b, PHASE_COUNT));

	static const char *const ranges[] = {"0 to 19", "20 to 39", "40 to 59", "60 to 79", "80 to 100"};
	static const char *const fills[] = {C_BAD, C_BAD, C_WARN, C_WARN, C_OK};
	for (int i = 0; i < HEALTH_BUCKETS; i++)
		b[i] = (bar_t){ranges[i], num(a, hp->score_hist[i]), fills[i], hp->score_hist[i]};
	json_array_append_new(out, hbar_chart(a, "scores", "Health scores of active relationships",
		arena_printf(a, "Average score %.0f; %d at risk; %d not started yet (not scored).", hp->score_avg,
			     hp->at_risk, hp->not_started), "Score",
		"Relationships", b, HEALTH_BUCKETS));

	for (int k = 0; k < HF_COUNT; k++)
		b[k] = (bar_t){health_flag_title((health_flag_code_t)k), num(a, hp->flag_counts[k]), C_BAD,
			       hp->flag_counts[k]};
	json_array_append_new(out, hbar_chart(a, "flags", "Missteps flagged in active relationships",
		"Active relationships with each flag.", "Flag", "Relationships", b, HF_COUNT));

	static const char *const mnames[] = {"January", "February", "March", "April", "May", "June", "July",
					     "August", "September", "October", "November", "December"};
	const char *shorts[HEALTH_MONTHS];
	for (int m = 0; m < HEALTH_MONTHS; m++) {
		int mo = atoi(hp->months[m].month + 5);
		const char *name = mo >= 1 && mo <= 12 ? mnames[mo - 1] : "";
		b[m] = (bar_t){arena_printf(a, "%s %.4s", name, hp->months[m].month), num(a, hp->months[m].meetings),
			       C_BRAND, hp->months[m].meetings};
		shorts[m] = arena_strndup(a, name, 3);
	}
	json_array_append_new(out, column_chart(a, "months", "Meetings per month",
		"Meetings held or scheduled (not cancelled) in each of the last twelve months.", "Month",
		"Meetings", b, shorts, HEALTH_MONTHS));

	b[0] = (bar_t){"Within the cadence", num(a, hp->contact[0]), C_OK, hp->contact[0]};
	b[1] = (bar_t){"Late, not yet quiet", num(a, hp->contact[1]), C_WARN, hp->contact[1]};
	b[2] = (bar_t){"Gone quiet", num(a, hp->contact[2]), C_BAD, hp->contact[2]};
	json_array_append_new(out, hbar_chart(a, "contact", "Meeting regularity",
		arena_printf(a, "Active relationships by time since their last meeting or message, against their "
			     "agreed cadence (quiet after %.1f times the cadence).", hp->t.quiet_factor),
		"Last contact", "Relationships", b, 3));

	b[0] = (bar_t){"Achieved", num(a, hp->goals_achieved), C_OK, hp->goals_achieved};
	b[1] = (bar_t){"Active", num(a, hp->goals_active), C_BRAND, hp->goals_active};
	b[2] = (bar_t){"Dropped", num(a, hp->goals_dropped), C_MUTED, hp->goals_dropped};
	json_array_append_new(out, hbar_chart(a, "goals", "Goal completion",
		arena_printf(a, "%d goals, %.0f%% achieved; %d active relationships have overdue goals.", hp->goals,
			     hp->goals ? 100.0 * hp->goals_achieved / hp->goals : 0.0, hp->rels_overdue),
		"Status", "Goals", b, 3));

	for (int i = 0; i < HEALTH_BUCKETS; i++)
		b[i] = (bar_t){arena_printf(a, "%d of 5", i + 1), num(a, hp->rating_hist[i]), C_BRAND,
			       hp->rating_hist[i]};
	json_array_append_new(out, hbar_chart(a, "ratings", "Satisfaction from feedback",
		arena_printf(a, "Relationships by their average feedback rating; %d ratings average %.1f of 5.",
			     hp->ratings, hp->rating_avg), "Average rating", "Relationships", b, HEALTH_BUCKETS));

	const health_closures_t *c = &hp->closures;
	b[0] = (bar_t){"Satisfaction", arena_printf(a, "%.1f of 5", c->satisfaction_avg), C_BRAND,
		       c->satisfaction_avg};
	b[1] = (bar_t){"Mentor important to success", arena_printf(a, "%.1f of 5", c->important_avg), C_BRAND,
		       c->important_avg};
	b[2] = (bar_t){"Goals met", arena_printf(a, "%.1f of 5", c->goals_met_avg), C_BRAND, c->goals_met_avg};
	json_array_append_new(out, hbar_chart(a, "closures", "Closure survey",
		arena_printf(a, "Averages of %d closure survey answers.", c->count), "Question", "Average", b, 3));

	json_array_append_new(out, growth_chart(a, hp, sg));
	json_array_append_new(out, response_chart(a, hp));
	return out;
}

/* The relationships at risk the service explained, lowest score first. */
static json_t *at_risk(req_t *r, const health_dashboard_t *d)
{
	json_t *out = json_array();
	for (int i = 0; i < d->n_at_risk; i++) {
		const ProgramHealthItem_t *it = &d->at_risk[i];
		json_t *flags = json_array();
		for (int f = 0; f < it->flags.n; f++)
			json_array_append_new(flags, json_pack("{s:o, s:s, s:o, s:o}", "title", page_str(it->flags.v[f].title),
				"severity", it->flags.v[f].severity, "message", page_str(it->flags.v[f].message),
				"guide", page_guide_for_flag(r, it->flags.v[f].code)));
		json_array_append_new(out, json_pack("{s:I, s:o, s:o, s:s, s:o, s:o}",
			"id", (json_int_t)it->relationship_id, "mentor", page_str(it->mentor.name),
			"mentee", page_str(it->mentee.name), "phase", phase_label(phase_parse(it->phase)),
			"score", it->score_null ? page_str("not started") : json_integer(it->score), "flags", flags));
	}
	return out;
}

/* The thresholds as form fields, under the API's names, holding the
 * current values, or what was typed when the form comes back. */
static json_t *threshold_fields(req_t *r, const health_thresholds_t *t, bool typed)
{
	arena_t *a = r->arena;
	const struct {
		const char *key, *label, *hint, *value;
	} f[] = {
		{"quiet_factor", "Gone quiet after (times the cadence)", "No meeting or message for this many cadences.",
		 arena_printf(a, "%g", t->quiet_factor)},
		{"schedule_min", "Schedule imposed from", "Meetings outside the mentee's hours plus reschedules the mentor asked for.",
		 arena_printf(a, "%d", t->schedule_min)},
		{"credit_min", "Credit taken from", "A mentee's ideas credited away, or wins the mentor claimed for them.",
		 arena_printf(a, "%d", t->credit_min)},
		{"pushed_min", "Projects pushed from", "Action items owned by the mentee that serve no goal of theirs.",
		 arena_printf(a, "%d", t->pushed_min)},
		{"repeat_min", "Repeated mistakes from", "Feedbacks with the same tag without a corrective action.",
		 arena_printf(a, "%d", t->repeat_min)},
		{"agenda_balance", "One-sided from (share, 0.55 to 1)", "The share of agenda items and meetings one side creates.",
		 arena_printf(a, "%g", t->agenda_balance)},
		{"engagement_min", "… once there are at least", "Agenda items and meetings, before balance is judged.",
		 arena_printf(a, "%d", t->engagement_min)},
		{"overdue_grace_days", "Goals overdue after (days)", "Days past a goal's due date.",
		 arena_printf(a, "%d", t->overdue_grace_days)},
		{"at_risk_below", "At risk below (score)", "Relationships scoring less are listed first.",
		 arena_printf(a, "%d", t->at_risk_below)},
		{"slow_reply_hours", "Slow replies after (hours)", "A side's median time to answer the other's messages, from three replies on.",
		 arena_printf(a, "%d", t->slow_reply_hours)},
	};
	json_t *out = json_array();
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:o}", "key", f[i].key, "label", f[i].label,
						     "hint", f[i].hint,
						     "value", page_str(typed ? page_raw(r, f[i].key) : f[i].value)));
	return out;
}

/* The shared templates plus ours, under their file names; loaded once, on
 * the first dashboard any thread shows. */
static tmpl_lib_t *lib;
static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void load_templates(void)
{
	tmpl_err_t err = {{0}};
	tmpl_lib_t *l = tmpl_lib_new();
	int st = page_templates_load(l, &err);
	size_t dirlen = strlen(TEMPLATE_DIR);
	for (int i = 0; st == TMPL_OK && i < embed_count; i++) {
		const char *name = embed_files[i].name;
		size_t n = strlen(name);
		if (strncmp(name, TEMPLATE_DIR, dirlen) != 0 || n < dirlen + 6 || strcmp(name + n - 5, ".html") != 0)
			continue;
		char short_name[128];
		snprintf(short_name, sizeof(short_name), "%.*s", (int)(n - dirlen - 5), name + dirlen);
		st = tmpl_lib_add(l, short_name, embed_files[i].data, embed_files[i].len, &err);
	}
	if (st == TMPL_OK)
		st = tmpl_lib_check(l, &err);
	if (st != TMPL_OK) {
		fprintf(stderr, "mentord: built-in health template error: %s\n", err.msg);
		abort();
	}
	lib = l;
}

/* Renders the dashboard or the report (ctx belongs to the request, as
 * page_render's). */
static void render_as(req_t *r, int status, const char *name, json_t *ctx)
{
	tmpl_err_t err = {{0}};
	pthread_once(&lib_once, load_templates);
	page_header(r, ctx);
	buf_reset(&r->out);
	if (tmpl_render(lib, name, ctx, &r->out, &err) != TMPL_OK) {
		fprintf(stderr, "{\"level\":\"error\",\"msg\":\"template\",\"detail\":\"%s\"}\n", err.msg);
		const char *msg = "Internal error: this page could not be shown.\n";
		resp_text(r, 500, "text/plain; charset=utf-8", msg, strlen(msg));
		return;
	}
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
}

static void render(req_t *r, int status, json_t *ctx)
{
	render_as(r, status, "health_dashboard", ctx);
}

/* The dashboard of program id; typed: show what the thresholds form sent. */
static void show(req_t *r, int64_t id, int status, const char *notice, const char *alert, bool typed)
{
	svc_t s;
	health_dashboard_t d;
	page_svc(r, &s);
	int st = svc_health_dashboard(&s, id, AT_RISK_SHOWN, &d);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	const health_program_t *hp = &d.hp;
	const program_t *p = d.program;
	skill_growth_t growth;
	if ((st = svc_skill_growth(&s, id, &growth))) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = page_ctx(r, arena_printf(r->arena, "Health of %s", p->name), "programs");
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o}", "id", (json_int_t)p->id, "name",
						       page_str(p->name)));
	int64_t held = 0;
	for (int i = 0; i < hp->n; i++)
		held += hp->rows[i].held_minutes;
	json_object_set_new(ctx, "stats", json_pack("{s:o, s:i, s:i, s:i, s:o, s:o, s:o}",
		"hours", page_str(arena_printf(r->arena, "%.1f", (double)held / 60.0)),
		"relationships", hp->n, "active", hp->active, "at_risk", hp->at_risk,
		"average_score", page_str(hp->active ? arena_printf(r->arena, "%.0f", hp->score_avg) : "–"),
		"rating", page_str(hp->ratings ? arena_printf(r->arena, "%.1f", hp->rating_avg) : "–"),
		"completion", page_str(hp->goals ? arena_printf(r->arena, "%.0f%%",
								 100.0 * hp->goals_achieved / hp->goals) : "–")));
	const health_needs_t *nd = &d.needs;
	json_object_set_new(ctx, "needs", json_pack("{s:I, s:i, s:i, s:i, s:i, s:i}", "program_id", (json_int_t)p->id,
		"at_risk", nd->at_risk, "gone_quiet", nd->gone_quiet, "not_started", nd->not_started,
		"awaiting_match", nd->awaiting_match, "pending_requests", nd->pending_requests));
	web_program_nav(ctx, p->id, true, false, "health");
	json_object_set_new(ctx, "has_at_risk", json_boolean(d.n_at_risk > 0));
	json_object_set_new(ctx, "at_risk", at_risk(r, &d));
	json_object_set_new(ctx, "at_risk_more",
			    json_integer(hp->at_risk > AT_RISK_SHOWN ? hp->at_risk - AT_RISK_SHOWN : 0));
	json_object_set_new(ctx, "at_risk_below", json_integer(hp->t.at_risk_below));
	json_object_set_new(ctx, "charts", charts(r->arena, hp, &growth));
	json_object_set_new(ctx, "threshold_fields", threshold_fields(r, &hp->t, typed));
	json_object_set_new(ctx, "custom_thresholds", json_boolean(hp->custom));
	if (notice)
		json_object_set_new(ctx, "notice", page_str(notice));
	if (alert)
		json_object_set_new(ctx, "alert", page_str(alert));
	char when[32];
	time_format(hp->now, when, sizeof(when));
	json_object_set_new(ctx, "generated_at", page_str(when));
	render(r, status, ctx);
}

void page_health_dashboard(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageHealthDashboard_t *in = in_;
	show(r, in->id, 200, in->has_saved ? "The thresholds have been saved." : NULL, NULL, false);
}

/* POST /programs/{id}/dashboard/thresholds: the form's values were read
 * and checked against the API's HealthSettingsUpdate at the edge; the
 * service checks who may change them. Problems come back on the page. */
void page_health_thresholds(req_t *r, const void *in_, const verr_t *form_errs)
{
	const in_pageHealthThresholds_t *in = in_;
	verr_t errs = *form_errs;
	if (!errs.n) {
		svc_t s;
		HealthSettings_t saved;
		page_svc(r, &s);
		int st = svc_health_settings_put(&s, &(in_putHealthSettings_t){.id = in->id, .body = in->body}, &saved);
		if (st == SVC_INVALID) {
			page_add_errors(&errs, &s);
		} else if (st) {
			page_refuse(r, &s, st);
			return;
		} else {
			resp_redirect(r, arena_printf(r->arena, "/programs/%lld/dashboard?saved=1#settings-title",
						      (long long)in->id));
			return;
		}
	}
	/* In people's words: the field's label, then what is wrong with it. */
	static const char *const labels[] = {
		"quiet_factor", "Gone quiet after", "schedule_min", "Schedule imposed from",
		"credit_min", "Credit taken from", "pushed_min", "Projects pushed from",
		"repeat_min", "Repeated mistakes from", "agenda_balance", "One-sided from",
		"engagement_min", "Once there are at least", "overdue_grace_days", "Goals overdue after",
		"at_risk_below", "At risk below", "slow_reply_hours", "Slow replies after", NULL};
	buf_t msg = BUF_INIT;
	buf_puts(&msg, "The thresholds were not saved.");
	for (int i = 0; i < errs.n; i++) {
		const char *label = errs.e[i].field;
		for (int k = 0; labels[k]; k += 2)
			if (!strcmp(labels[k], errs.e[i].field))
				label = labels[k + 1];
		buf_printf(&msg, " %s: %s.", label, errs.e[i].msg);
	}
	show(r, in->id, 422, NULL, arena_strdup(r->arena, buf_cstr(&msg)), true);
	buf_free(&msg);
}

/* GET /programs/{id}/report: the program's outcome report as a page to
 * read and print (style.css hides the navigation when printing), from the
 * same service as GET /api/v1/programs/{id}/report and its CSV. */
void page_program_report(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageProgramReport_t *in = in_;
	(void)errs;
	svc_t s;
	ProgramReport_t rep;
	page_svc(r, &s);
	int st = svc_report_get(&s, &(in_getProgramReport_t){.id = in->id}, &rep);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	arena_t *a = r->arena;
	json_t *ctx = page_ctx(r, arena_printf(a, "Report · %s", rep.program.name), "programs");
	char when[32];
	time_format(rep.generated_at, when, sizeof(when));
	json_object_set_new(ctx, "program", json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)rep.program.id,
		"name", page_str(rep.program.name), "starts_on", page_str(rep.program.starts_on),
		"ends_on", page_str(rep.program.ends_on), "generated_at", page_str(when)));
	web_program_nav(ctx, rep.program.id, true, false, "health");
	const ProgramReport_goal_completion_t *g = &rep.goal_completion;
	json_object_set_new(ctx, "summary", json_pack("{s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:o, s:I, s:o}",
		"total", (json_int_t)rep.relationships.total, "active", (json_int_t)rep.relationships.active,
		"at_risk", (json_int_t)rep.health.at_risk, "not_started", (json_int_t)rep.health.not_started,
		"average_score", page_str(arena_printf(a, "%.1f", rep.health.average_score)),
		"meetings", (json_int_t)rep.meeting_regularity.meetings,
		"meetings_held", (json_int_t)rep.meeting_regularity.meetings_held, "goals", (json_int_t)g->goals,
		"achieved", (json_int_t)g->achieved,
		"completion", page_str(arena_printf(a, "%.0f%%", g->goals ? 100.0 * (double)g->achieved / (double)g->goals : 0.0)),
		"ratings", (json_int_t)rep.satisfaction.feedback.ratings,
		"rating", page_str(arena_printf(a, "%.1f", rep.satisfaction.feedback.average))));
	json_t *summary = json_object_get(ctx, "summary");
	const ProgramReport_response_times_t *rt = &rep.response_times;
	json_object_set_new(summary, "hours", page_str(arena_printf(a, "%.1f", rep.mentoring_hours.total)));
	json_object_set_new(summary, "hours_rels", json_integer(rep.mentoring_hours.relationships));
	json_object_set_new(summary, "hours_mentors", json_integer(rep.mentoring_hours.mentors));
	json_object_set_new(summary, "mentor_reply", page_str(rt->mentor_median_hours_null ? "–" :
		arena_printf(a, "%.1f hours", rt->mentor_median_hours)));
	json_object_set_new(summary, "mentee_reply", page_str(rt->mentee_median_hours_null ? "–" :
		arena_printf(a, "%.1f hours", rt->mentee_median_hours)));
	json_t *rows = json_array();
	for (int i = 0; i < rep.items.n; i++) {
		const ReportRow_t *x = &rep.items.v[i];
		buf_t flags = BUF_INIT;
		for (int k = 0; k < x->flags.n; k++) {
			for (int c = 0; c < HF_COUNT; c++)
				if (!strcmp(health_flag_name((health_flag_code_t)c), x->flags.v[k]))
					buf_printf(&flags, "%s%s", k ? "; " : "", health_flag_title((health_flag_code_t)c));
		}
		static const char *const states[] = {"not_started", "Not started", "on_track", "On track",
						     "at_risk", "At risk", "ended", "Ended", NULL};
		const char *state = x->state;
		for (int k = 0; states[k]; k += 2)
			if (!strcmp(states[k], x->state))
				state = states[k + 1];
		json_array_append_new(rows, json_pack("{s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:o}",
			"id", (json_int_t)x->relationship_id, "mentor", page_str(x->mentor.name),
			"mentee", page_str(x->mentee.name), "phase", phase_label(phase_parse(x->phase)), "state", state,
			"score", page_str(x->score_null ? "–" : arena_printf(a, "%lld", (long long)x->score)),
			"days", page_str(x->days_since_contact_null ? "–" : arena_printf(a, "%lld", (long long)x->days_since_contact)),
			"held", (json_int_t)x->meetings_held, "goals", (json_int_t)x->goals,
			"achieved", (json_int_t)x->goals_achieved, "flags", page_str(buf_cstr(&flags))));
		json_object_set_new(json_array_get(rows, json_array_size(rows) - 1), "hours",
				    page_str(arena_printf(a, "%.1f", x->mentoring_hours)));
		buf_free(&flags);
	}
	json_object_set_new(ctx, "rows", rows);
	json_object_set_new(ctx, "has_rows", json_boolean(rep.items.n > 0));
	json_t *surveys = json_array();
	for (int i = 0; i < rep.surveys.n; i++) {
		const ProgramReportSurvey_t *v = &rep.surveys.v[i];
		json_array_append_new(surveys, json_pack("{s:I, s:o, s:s, s:I, s:I, s:o, s:o}", "id", (json_int_t)v->id,
			"title", page_str(v->title), "kind", !strcmp(v->kind, "nps") ? "NPS" : "Pulse",
			"sent", (json_int_t)v->sent, "answered", (json_int_t)v->answered,
			"nps", page_str(v->nps_score_null ? "–" : arena_printf(a, "%lld", (long long)v->nps_score)),
			"rating", page_str(v->average_rating_null ? "–" : arena_printf(a, "%.1f", v->average_rating))));
	}
	json_object_set_new(ctx, "surveys", surveys);
	json_object_set_new(ctx, "has_surveys", json_boolean(rep.surveys.n > 0));
	render_as(r, 200, "health_report", ctx);
}

/* Shared machinery of the relationship pages (see rel_shared.h). Nothing
 * here decides who may see or do what: the relationship is read through the
 * relationship services, whose svc_rel_access keeps content between the two
 * members and gives the program's managers the metadata only. */
#include "web/rel_shared.h"
#include "web/articles.h"
#include "core/embed.h"
#include "core/timeutil.h"
#include "core/timewords.h"
#include "core/tzconv.h"
#include "http/schema_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL_CSS "web/static/rel.css"

static const struct {
	const char *key, *label;
} phases[] = {
	{"getting_to_know", "Getting to know each other"}, {"goal_setting", "Goal setting"},
	{"working", "Working together"}, {"closing", "Closing"}, {"completed", "Completed"},
	{"alumni", "Alumni"},
};
#define NPHASES (int)(sizeof(phases) / sizeof(phases[0]))

/* The tabs; meta tabs are the ones a program manager may open. */
static const struct {
	const char *key, *label, *suffix;
	bool meta;
} tabs[] = {
	{"overview", "Overview", "", true},
	{"meetings", "Meetings", "/meetings", false},
	{"agreement", "Agreement", "/agreement", false},
	{"goals", "Goals", "/goals", false},
	{"skills", "Skills", "/skills", false},
	{"board", "Cooperation board", "/board", false},
	{"messages", "Messages", "/messages", false},
	{"checkins", "Check-ins", "/checkins", false},
	{"learning", "Learning log", "/learning", false},
	{"closing", "Closing", "/closing", false},
	{"history", "History", "/history", true},
	{"stepin", "Program managers", "/step-in", true},
};

const page_opt_t relp_ratings[] = {
	{"", "Choose 1 to 5"}, {"5", "5 – excellent"}, {"4", "4 – good"}, {"3", "3 – fair"},
	{"2", "2 – poor"}, {"1", "1 – very poor"}, {NULL, NULL}};

const char *relp_phase_label(const char *phase)
{
	for (int i = 0; i < NPHASES; i++)
		if (phase && strcmp(phases[i].key, phase) == 0)
			return phases[i].label;
	return phase ? phase : "";
}

const char *relp_state_label(const Relationship_t *rel)
{
	return rel->ended_by_organisation_at_null ? relp_phase_label(rel->phase) : "Ended by the organisation";
}

const char *relp_viewer_tz(req_t *r)
{
	svc_t s;
	const char *tz;
	page_svc(r, &s);
	return svc_relationship_viewer_tz(&s, &tz) == SVC_OK ? tz : "UTC";
}

void relp_refuse(req_t *r, const svc_t *s, int st)
{
	if (st == SVC_NOT_FOUND)
		web_error(r, 404, "There is nothing at this address, or it is not yours to see.");
	else if (st == SVC_FORBIDDEN && s->err.message)
		web_error(r, 403, arena_printf(r->arena, "Not allowed: %s.", s->err.message));
	else
		page_refuse(r, s, st);
}

bool relp_open(req_t *r, int64_t id, bool detail, relp_t *rp)
{
	svc_t s;
	memset(rp, 0, sizeof(*rp));
	page_svc(r, &s);
	int st = svc_relationship_view(&s, id, detail, &rp->view);
	if (st) {
		relp_refuse(r, &s, st);
		return false;
	}
	const relationship_t *rel = rp->view.rel;
	rp->id = id;
	/* The pages that still read the JSON shape get it from the same record. */
	rp->rel = page_json(r, sch_to_jansson(&sch_Relationship, &rp->view.out));
	rp->mentor_id = rel->mentor_id;
	rp->mentee_id = rel->mentee_id;
	rp->is_mentor = r->who.user_id == rp->mentor_id;
	rp->is_mentee = r->who.user_id == rp->mentee_id;
	rp->member = rp->is_mentor || rp->is_mentee;
	rp->phase = rp->view.out.phase;
	rp->tz = rp->view.tz;
	return true;
}

bool relp_load(req_t *r, int64_t id, relp_t *rp)
{
	return relp_open(r, id, false, rp);
}

void relp_free(relp_t *rp)
{
	rp->rel = NULL;
}

const char *relp_name(const relp_t *rp, int64_t user_id)
{
	const relationship_t *rel = rp->view.rel;
	if (!rel)
		return "";
	const char *n = user_id == rp->mentor_id ? rel->mentor_name : user_id == rp->mentee_id ? rel->mentee_name : "";
	return n ? n : "";
}

const char *relp_who(req_t *r, const relp_t *rp, int64_t user_id)
{
	return user_id == r->who.user_id ? "you" : relp_name(rp, user_id);
}

const char *relp_css_url(void)
{
	static char url[64];
	if (!*url) {
		const struct embed_file *f = embed_find(REL_CSS);
		unsigned h = 2166136261u;
		for (size_t i = 0; f && i < f->len; i++)
			h = (h ^ (unsigned char)f->data[i]) * 16777619u;
		snprintf(url, sizeof(url), "/static/rel.css?v=%08x", h);
	}
	return url;
}

static json_t *steps_json(const char *phase)
{
	json_t *steps = json_array();
	int cur = 0;
	for (int i = 0; i < NPHASES; i++)
		if (phase && strcmp(phase, phases[i].key) == 0)
			cur = i;
	for (int i = 0; i < NPHASES; i++)
		json_array_append_new(steps, json_pack("{s:i, s:s, s:b, s:b, s:b}", "n", i + 1, "label",
			phases[i].label, "done", i < cur, "current", i == cur, "todo", i > cur));
	return steps;
}

static json_t *tabs_json(const relp_t *rp, const char *tab)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		if (!rp->member && !tabs[i].meta)
			continue;
		char href[96];
		snprintf(href, sizeof(href), "/relationships/%lld%s", (long long)rp->id, tabs[i].suffix);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "href", href, "label", tabs[i].label,
						     "current", tab && strcmp(tab, tabs[i].key) == 0));
	}
	return arr;
}

json_t *relp_ctx(req_t *r, const relp_t *rp, const char *title, const char *tab)
{
	const Relationship_t *rel = &rp->view.out;
	const char *mentor = relp_name(rp, rp->mentor_id), *mentee = relp_name(rp, rp->mentee_id);
	const char *full = arena_printf(r->arena, "%s · %s and %s", title, mentee, mentor);
	json_t *ctx = page_ctx(r, full, "relationships");
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:b, s:b, s:b}",
		"id", (json_int_t)rp->id, "program_id", (json_int_t)rel->program_id,
		"program_name", page_str(rel->program_name), "mentor", page_str(mentor), "mentee", page_str(mentee),
		"next_step", page_str(rel->next_step), "phase_label", relp_state_label(rel),
		"steps", steps_json(rp->phase), "tabs", tabs_json(rp, tab), "tab_title", page_str(title),
		"member", rp->member, "is_mentor", rp->is_mentor, "is_mentee", rp->is_mentee);
	json_object_set_new(o, "other", page_str(rp->is_mentor ? mentee : mentor));
	char zone[96]; /* "London time": the zone as people say it */
	timewords_zone(rp->tz, zone, sizeof(zone));
	json_object_set_new(o, "tz", page_str(zone));
	if (!rel->ended_by_organisation_at_null)
		json_object_set_new(o, "ended_by_org", page_str(relp_at(r, rp->tz, rel->ended_by_organisation_at)));
	json_object_set_new(o, "guides", page_guides_for_phase(r, rp->phase,
		rp->is_mentor ? "mentor" : rp->is_mentee ? "mentee" : "manager"));
	json_object_set_new(ctx, "rel", o);
	json_object_set_new(ctx, "relcss", page_str(relp_css_url()));
	return ctx;
}

/* ---- time ---- */

const char *relp_at(req_t *r, const char *tz, int64_t t)
{
	char words[128];
	if (!timewords_when(tz, t, time_now(), words, sizeof(words)) &&
	    !timewords_when("UTC", t, time_now(), words, sizeof(words)))
		return "";
	return arena_strdup(r->arena, words);
}

const char *relp_date(req_t *r, const char *ymd)
{
	char words[64];
	if (!ymd || !timewords_date(ymd, false, words, sizeof(words)))
		return ymd ? ymd : "";
	return arena_strdup(r->arena, words);
}

const char *relp_when(req_t *r, const char *tz, const char *rfc3339)
{
	int64_t t;
	if (!rfc3339 || !time_parse(rfc3339, &t))
		return rfc3339 ? rfc3339 : "";
	local_time_t lt;
	if (!tz_to_local(tz, t, &lt))
		return rfc3339;
	return relp_at(r, tz, t);
}

const char *relp_local_to_utc(req_t *r, const char *tz, const char *local)
{
	int y, mo, d, h, mi;
	char tail;
	/* datetime-local sends "YYYY-MM-DDTHH:MM" (seconds when step < 60). */
	if (!local || strlen(local) < 16 || strlen(local) > 19 ||
	    sscanf(local, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) < 5 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 1970 || y > 9999)
		return NULL;
	int64_t t;
	if (!tz_from_local(tz, y, mo, d, h * 60 + mi, &t))
		return NULL;
	char out[32];
	time_format(t, out, sizeof(out));
	return arena_strdup(r->arena, out);
}

const char *relp_utc_to_local_input(req_t *r, const char *tz, const char *rfc3339)
{
	int64_t t;
	local_time_t lt;
	if (!rfc3339 || !time_parse(rfc3339, &t) || !tz_to_local(tz, t, &lt))
		return "";
	char clock[6];
	clock_format(lt.minute, clock);
	return arena_printf(r->arena, "%04d-%02d-%02dT%s", lt.year, lt.month, lt.day, clock);
}

/* ---- forms ---- */

json_t *relp_field(const char *name, const char *id, const char *label, const char *value,
		   const char *hint, const relform_t *f, const char *which)
{
	bool mine = f && f->which && which && strcmp(f->which, which) == 0;
	json_t *fl = page_field(name, label, value, hint, mine ? &f->errs : NULL);
	char described[224] = "";
	const char *err = json_string_value(json_object_get(fl, "error"));
	if (hint)
		snprintf(described, sizeof(described), "%s-hint", id);
	if (err && *err)
		snprintf(described + strlen(described), sizeof(described) - strlen(described), "%s%s-error",
			 hint ? " " : "", id);
	json_object_set_new(fl, "id", json_string(id));
	json_object_set_new(fl, "describedby", *described ? json_string(described) : json_null());
	return fl;
}

void relp_summary(json_t *ctx, const relform_t *f, const page_label_t *labels)
{
	if (f && f->alert)
		json_object_set_new(ctx, "alert", page_str(f->alert));
	if (f && f->errs.n)
		page_error_summary(ctx, &f->errs, labels);
}

void relp_notice(req_t *r, json_t *ctx, const char *const *table)
{
	const char *done = http_query(r, "done");
	for (int i = 0; done && table[i]; i += 2)
		if (strcmp(table[i], done) == 0)
			json_object_set_new(ctx, "notice", page_str(table[i + 1]));
}

json_t *relp_options(const page_opt_t *opts, const char *current)
{
	json_t *arr = json_array();
	for (const page_opt_t *o = opts; o->value; o++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", o->value, "label", o->label,
						     "selected", current && strcmp(current, o->value) == 0));
	return arr;
}

static void rel_css(req_t *r)
{
	const struct embed_file *f = embed_find(REL_CSS);
	resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	resp_text(r, 200, "text/css; charset=utf-8", f ? f->data : "", f ? f->len : 0);
}

void relp_css(req_t *r)
{
	rel_css(r);
}

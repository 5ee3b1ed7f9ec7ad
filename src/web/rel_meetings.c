/* Meetings as pages: a relationship's meetings and the form to propose one —
 * slots inside both people's availability (the mentee's first) offered as
 * radio buttons with both local times, or a free date and time read in the
 * viewer's time zone; the kind for the phase; the channel; an optional
 * repeat turned into an RRULE. One meeting's page: mark it held or
 * cancelled, reschedule with a reason, the agenda (the mentee's questions),
 * notes, two-way feedback and its acknowledgement, the .ics. Rules (phase,
 * held only once started, feedback once) are the API's. */
#include "web/rel_shared.h"
#include "core/timeutil.h"

#include <stdio.h>
#include <string.h>

#define MAX_BOTH_SLOTS 8
#define MAX_MENTEE_SLOTS 4
#define SLOTS_PER_DAY 2

static const page_opt_t kinds[] = {
	{"kickoff", "Kickoff meeting"}, {"regular", "Regular meeting"}, {"coffee", "Coffee (alumni)"},
	{NULL, NULL}};
static const page_opt_t channels[] = {
	{"video", "Video call"}, {"phone", "Phone"}, {"in_person", "In person"}, {"chat", "Chat"},
	{"email", "Email"}, {NULL, NULL}};
static const page_opt_t durations[] = {
	{"30", "30 minutes"}, {"45", "45 minutes"}, {"60", "1 hour"}, {"90", "1 hour 30 minutes"},
	{NULL, NULL}};
static const page_opt_t repeats[] = {
	{"", "Does not repeat"}, {"weekly", "Every week"}, {"biweekly", "Every 2 weeks"}, {NULL, NULL}};

static const char *label_of(const page_opt_t *opts, const char *v)
{
	for (; opts->value; opts++)
		if (v && strcmp(opts->value, v) == 0)
			return opts->label;
	return v ? v : "";
}

static const char *status_label(const char *s)
{
	return !s ? "" : !strcmp(s, "held") ? "Held" : !strcmp(s, "cancelled") ? "Cancelled" : "Scheduled";
}

/* The meeting as a page shows it. */
static json_t *meeting_row(req_t *r, const relp_t *rp, json_t *m)
{
	const char *rrule = json_string_value(json_object_get(m, "rrule"));
	const char *status = json_string_value(json_object_get(m, "status"));
	json_t *o = json_pack("{s:O, s:o, s:s, s:s, s:O, s:s, s:b, s:o, s:b, s:b}",
		"id", json_object_get(m, "id"),
		"when", page_str(relp_when(r, rp->tz, json_string_value(json_object_get(m, "starts_at")))),
		"kind", label_of(kinds, json_string_value(json_object_get(m, "kind"))),
		"channel", label_of(channels, json_string_value(json_object_get(m, "channel"))),
		"duration", json_object_get(m, "duration_min"), "status", status_label(status),
		"scheduled", status && !strcmp(status, "scheduled"),
		"repeats", rrule ? page_str(rrule) : json_null(),
		"outside_mentee", !json_is_true(json_object_get(m, "in_mentee_hours")),
		"outside_mentor", !json_is_true(json_object_get(m, "in_mentor_hours")));
	return o;
}

/* ---- the list and the proposal form ---- */

enum { P_SLOT, P_LOCAL, P_DURATION, P_KIND, P_CHANNEL, P_REPEAT, P_COUNT_N, P_N };
static const char *const pnames[P_N] = {"slot", "starts_local", "duration_min", "kind", "channel",
					"repeat", "count"};
static const page_label_t plabels[] = {
	{"starts_at", "When", "f-slot-first"}, {"starts_local", "Another time", "f-starts_local"},
	{"duration_min", "Duration", NULL}, {"kind", "Kind", NULL}, {"channel", "Channel", NULL},
	{"rrule", "Repeat", "f-repeat"}, {"count", "Number of meetings", NULL},
	{"form", "Meeting", "f-slot-first"}, {NULL, NULL, NULL}};
static const char *const mdone[] = {
	"proposed", "The meeting has been proposed. You both get an invitation.", NULL};

static const char *default_kind(const char *phase)
{
	if (!strcmp(phase, "getting_to_know"))
		return "kickoff";
	return !strcmp(phase, "completed") || !strcmp(phase, "alumni") ? "coffee" : "regular";
}

static json_t *slots_json(req_t *r, const relp_t *rp, const char *chosen)
{
	json_t *items = NULL, *out = json_array(), *s;
	api_result_t res;
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/relationships/%lld/meeting-slots", (long long)rp->id),
		NULL, &res);
	if (res.status == 200)
		items = json_object_get(res.body, "items");
	int both = 0, mentee = 0, same_day = 0;
	int64_t last = 0;
	char day[16] = "";
	size_t i;
	json_array_foreach(items, i, s) {
		bool fits_both = !strcmp(json_string_value(json_object_get(s, "fits")), "both");
		/* Spread the choice over the days: a few per day, as the API
		 * lists every half hour. */
		const char *local = json_string_value(json_object_get(s, "mentee_local"));
		int64_t t = 0;
		time_parse(json_string_value(json_object_get(s, "starts_at")), &t);
		if (local && strncmp(day, local, 10) == 0) {
			if (same_day >= SLOTS_PER_DAY || t - last < 2 * 3600)
				continue;
			same_day++;
		} else {
			snprintf(day, sizeof(day), "%.10s", local ? local : "");
			same_day = 1;
		}
		last = t;
		if (fits_both ? ++both > MAX_BOTH_SLOTS : ++mentee > MAX_MENTEE_SLOTS)
			continue;
		const char *at = json_string_value(json_object_get(s, "starts_at"));
		json_array_append_new(out, json_pack("{s:s, s:o, s:O, s:O, s:b, s:b, s:s}",
			"value", at, "when", page_str(relp_when(r, rp->tz, at)),
			"mentee_local", json_object_get(s, "mentee_local"), "mentor_local", json_object_get(s, "mentor_local"),
			"both", fits_both, "checked", chosen && !strcmp(chosen, at),
			"id", arena_printf(r->arena, "f-slot-%zu", i)));
	}
	if (json_array_size(out))
		json_object_set_new(json_array_get(out, 0), "id", json_string("f-slot-first"));
	api_result_free(&res);
	return out;
}

static void meetings_show(req_t *r, relp_t *rp, const char **typed, relform_t *f)
{
	json_t *items = relp_get_items(r, arena_printf(r->arena, "/api/v1/relationships/%lld/meetings",
						       (long long)rp->id));
	if (!items)
		return;
	json_t *ctx = relp_ctx(r, rp, "Meetings", "meetings"), *rows = json_array(), *m;
	size_t i;
	json_array_foreach(items, i, m)
		json_array_append_new(rows, meeting_row(r, rp, m));
	json_decref(items);
	json_object_set_new(ctx, "meetings", rows);
	const char *v[P_N] = {"", "", "60", default_kind(rp->phase), "video", "", "6"};
	for (int k = 0; typed && k < P_N; k++)
		v[k] = typed[k];
	const verr_t *errs = f && f->which && !strcmp(f->which, "propose") ? &f->errs : NULL;
	json_t *slots = slots_json(r, rp, v[P_SLOT]);
	bool other = !json_array_size(slots) || !strcmp(v[P_SLOT], "other");
	json_object_set_new(ctx, "slots", slots);
	json_object_set_new(ctx, "other_checked", json_boolean(other));
	json_t *fl = json_object(), *x;
	x = relp_field("starts_local", "f-starts_local", "Another date and time", v[P_LOCAL],
		       arena_printf(r->arena, "In your time zone, %s. For a past meeting you record afterwards, "
				    "give its date and time.", rp->tz), f, "propose");
	json_object_set_new(x, "type", json_string("datetime-local"));
	json_object_set_new(fl, "starts_local", x);
	json_object_set_new(fl, "duration_min", page_select("duration_min", "Duration", durations, v[P_DURATION], NULL, errs));
	json_object_set_new(fl, "kind", page_select("kind", "Kind", kinds, v[P_KIND],
		"The kickoff opens the relationship; regular meetings follow; alumni meet for coffee.", errs));
	json_object_set_new(fl, "channel", page_select("channel", "Channel", channels, v[P_CHANNEL], NULL, errs));
	json_object_set_new(fl, "repeat", page_select("repeat", "Repeat", repeats, v[P_REPEAT], NULL, errs));
	x = page_field("count", "Number of meetings", v[P_COUNT_N], "Counted with the first one, when it repeats.", errs);
	json_object_set_new(x, "inputmode", json_string("numeric"));
	json_object_set_new(fl, "count", x);
	json_object_set_new(ctx, "f", fl);
	for (int k = 0; errs && k < errs->n; k++)
		if (!strcmp(errs->e[k].field, "starts_at"))
			json_object_set_new(ctx, "when_error", page_str(errs->e[k].msg));
	relp_notice(r, ctx, mdone);
	relp_summary(ctx, f, plabels);
	page_render(r, f && f->status ? f->status : 200, "rel_meetings", ctx);
}

static void meetings(req_t *r)
{
	relp_t rp;
	if (!relp_load(r, r->id[0], &rp))
		return;
	meetings_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

/* "FREQ=WEEKLY;INTERVAL=2;COUNT=6" from the repeat choice, NULL for none. */
static const char *rrule_of(req_t *r, const char *repeat, const char *count, verr_t *errs)
{
	int64_t n = 0;
	if (!*repeat)
		return NULL;
	if (strcmp(repeat, "weekly") != 0 && strcmp(repeat, "biweekly") != 0) {
		verr_add(errs, "repeat", "choose how the meeting repeats from the list");
		return NULL;
	}
	if (!page_parse_int(count, 2, 52, &n)) {
		verr_add(errs, "count", "must be a whole number from 2 to 52");
		return NULL;
	}
	return arena_printf(r->arena, "FREQ=WEEKLY;%sCOUNT=%lld", !strcmp(repeat, "biweekly") ? "INTERVAL=2;" : "",
			    (long long)n);
}

static void propose(req_t *r)
{
	relp_t rp;
	relform_t f = {0};
	if (!relp_load(r, r->id[0], &rp))
		return;
	const char *v[P_N];
	for (int i = 0; i < P_N; i++)
		v[i] = page_form_text(r, pnames[i], 40, &f.errs);
	const char *starts = NULL;
	if (*v[P_SLOT] && strcmp(v[P_SLOT], "other") != 0)
		starts = v[P_SLOT];
	else if (!*v[P_LOCAL])
		verr_add(&f.errs, "starts_local", "choose one of the times above or give a date and time");
	else if (!(starts = relp_local_to_utc(r, rp.tz, v[P_LOCAL])))
		verr_add(&f.errs, "starts_local", "must be a date and time such as 2026-11-30 10:00");
	const char *rrule = rrule_of(r, v[P_REPEAT], v[P_COUNT_N], &f.errs);
	json_t *body = json_object();
	relp_put_text(body, "starts_at", starts);
	relp_put_number(body, "duration_min", v[P_DURATION]);
	relp_put_text(body, "kind", v[P_KIND]);
	relp_put_text(body, "channel", v[P_CHANNEL]);
	relp_put_text(body, "rrule", rrule);
	const char *path = arena_printf(r->arena, "/api/v1/relationships/%lld/meetings", (long long)rp.id);
	json_t *made = NULL;
	bool ok = !f.errs.n && relp_call(r, "POST", path, body, "propose", &f, &made);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=proposed",
					      (long long)json_integer_value(json_object_get(made, "id"))));
		json_decref(made);
	} else {
		if (!f.status)
			f = (relform_t){.status = 422, .which = "propose", .errs = f.errs};
		if (!*v[P_SLOT] || !strcmp(v[P_SLOT], "other"))
			page_rename_error(&f.errs, "starts_at", "starts_local");
		meetings_show(r, &rp, v, &f);
	}
	relp_free(&rp);
}

/* ---- one meeting ---- */

static const page_label_t mlabels[] = {
	{"starts_local", "New date and time", "f-starts_local"}, {"reason", "Reason", "f-reason"},
	{"text", "Agenda item", "f-agenda-text"}, {"body", "Note", "f-note-body"},
	{"rating", "Rating", "f-rating"}, {"comment", "Comment", "f-comment"}, {"tags", "Tags", "f-tags"},
	{"form", "Meeting", "main"}, {NULL, NULL, NULL}};
static const char *const onedone[] = {
	"proposed", "The meeting has been proposed. You both get an invitation.",
	"held", "The meeting is marked as held.", "cancelled", "The meeting has been cancelled.",
	"moved", "The meeting has been rescheduled; the reason is recorded.",
	"agenda", "Added to the agenda.", "note", "The note has been saved.",
	"feedback", "Thank you for your feedback.", "ack", "You have acknowledged the feedback.", NULL};

typedef struct mpage {
	relp_t rp;
	json_t *meeting; /* GET /meetings/{id}, owned */
} mpage_t;

/* Loads meeting r->id[0] and its relationship; answers errors itself. */
static bool mpage_load(req_t *r, mpage_t *mp)
{
	api_result_t res;
	memset(mp, 0, sizeof(*mp));
	web_api(r, "GET", arena_printf(r->arena, "/api/v1/meetings/%lld", (long long)r->id[0]), NULL, &res);
	if (res.status != 200) {
		relp_fail(r, &res);
		api_result_free(&res);
		return false;
	}
	mp->meeting = res.body;
	if (!relp_load(r, json_integer_value(json_object_get(res.body, "relationship_id")), &mp->rp)) {
		json_decref(mp->meeting);
		return false;
	}
	return true;
}

static void mpage_free(mpage_t *mp)
{
	json_decref(mp->meeting);
	relp_free(&mp->rp);
}

static json_t *meeting_items(req_t *r, const char *what)
{
	return relp_get_items(r, arena_printf(r->arena, "/api/v1/meetings/%lld/%s", (long long)r->id[0], what));
}

static json_t *agenda_json(req_t *r, const relp_t *rp, json_t *items)
{
	json_t *out = json_array(), *a;
	size_t i;
	json_array_foreach(items, i, a)
		json_array_append_new(out, json_pack("{s:O, s:o, s:b}", "text", json_object_get(a, "text"),
			"who", page_str(relp_who(r, rp, json_integer_value(json_object_get(a, "author_id")))),
			"question", json_is_true(json_object_get(a, "is_question"))));
	return out;
}

static json_t *notes_json(req_t *r, const relp_t *rp, json_t *items)
{
	json_t *out = json_array(), *n;
	size_t i;
	json_array_foreach(items, i, n)
		/* The API also gives "html" (cmark, safe); the template engine has
		 * no trusted-HTML tag yet, so the note shows as text. */
		json_array_append_new(out, json_pack("{s:O, s:o, s:b, s:o}", "body", json_object_get(n, "body"),
			"who", page_str(relp_who(r, rp, json_integer_value(json_object_get(n, "author_id")))),
			"private", json_is_true(json_object_get(n, "private")),
			"when", page_str(relp_when(r, rp->tz, json_string_value(json_object_get(n, "created_at"))))));
	return out;
}

static json_t *feedback_json(req_t *r, const relp_t *rp, json_t *items, bool *given)
{
	json_t *out = json_array(), *fb;
	size_t i;
	*given = false;
	json_array_foreach(items, i, fb) {
		int64_t from = json_integer_value(json_object_get(fb, "from_id"));
		int64_t to = json_integer_value(json_object_get(fb, "to_id"));
		const char *tags = json_string_value(json_object_get(fb, "tags"));
		json_t *tl = json_array();
		strlist_t l;
		page_split_list(r->arena, tags ? tags : "", &l);
		for (int k = 0; k < l.n; k++)
			json_array_append_new(tl, page_str(l.v[k]));
		const char *ack = json_string_value(json_object_get(fb, "acknowledged_at"));
		*given |= from == r->who.user_id;
		json_array_append_new(out, json_pack("{s:O, s:o, s:o, s:O, s:O, s:o, s:o, s:b}",
			"id", json_object_get(fb, "id"), "from", page_str(relp_who(r, rp, from)),
			"to", page_str(relp_who(r, rp, to)), "rating", json_object_get(fb, "rating"),
			"comment", json_object_get(fb, "comment"), "tags", tl,
			"acknowledged", ack ? page_str(relp_when(r, rp->tz, ack)) : json_null(),
			"can_ack", !ack && to == r->who.user_id));
	}
	return out;
}

typedef struct mtyped {
	const char *starts_local, *reason, *text, *body, *rating, *comment, *tags;
	bool priv;
} mtyped_t;

static json_t *meeting_fields(req_t *r, const mpage_t *mp, const mtyped_t *t, const relform_t *f)
{
	json_t *fl = json_object(), *x;
	const char *tz = mp->rp.tz;
	const char *start = json_string_value(json_object_get(mp->meeting, "starts_at"));
	x = relp_field("starts_local", "f-starts_local", "New date and time",
		       t->starts_local ? t->starts_local : relp_utc_to_local_input(r, tz, start),
		       arena_printf(r->arena, "In your time zone, %s.", tz), f, "reschedule");
	json_object_set_new(x, "type", json_string("datetime-local"));
	json_object_set_new(fl, "starts_local", x);
	x = relp_field("reason", "f-reason", "Reason", t->reason, "Required: the other person sees why.", f, "reschedule");
	json_object_set_new(x, "required", json_true());
	json_object_set_new(fl, "reason", x);
	x = relp_field("text", "f-agenda-text", "Agenda item", t->text,
		       mp->rp.is_mentee ? "A question you want to bring. Your questions make the meeting yours." : NULL,
		       f, "agenda");
	json_object_set_new(fl, "text", x);
	x = relp_field("body", "f-note-body", "Note", t->body, "Markdown is fine.", f, "notes");
	json_object_set_new(x, "rows", json_integer(4));
	json_object_set_new(fl, "body", x);
	json_object_set_new(fl, "priv", json_boolean(t->priv));
	bool fb = f && f->which && !strcmp(f->which, "feedback");
	x = page_select("rating", "Rating", relp_ratings, t->rating ? t->rating : "", NULL, fb ? &f->errs : NULL);
	json_object_set_new(fl, "rating", x);
	x = relp_field("comment", "f-comment", "Comment", t->comment, "What went well, and what could be better.", f, "feedback");
	json_object_set_new(x, "rows", json_integer(3));
	json_object_set_new(fl, "comment", x);
	json_object_set_new(fl, "tags", relp_field("tags", "f-tags", "Tags", t->tags,
		"Short words, separated by commas, e.g. listening, preparation.", f, "feedback"));
	return fl;
}

static void meeting_show(req_t *r, mpage_t *mp, const mtyped_t *typed, relform_t *f)
{
	static const mtyped_t none = {0};
	json_t *agenda = meeting_items(r, "agenda");
	json_t *notes = agenda ? meeting_items(r, "notes") : NULL;
	json_t *feedback = notes ? meeting_items(r, "feedback") : NULL;
	if (!feedback) {
		json_decref(agenda);
		json_decref(notes);
		return;
	}
	json_t *m = mp->meeting;
	json_t *row = meeting_row(r, &mp->rp, m);
	const char *title = arena_printf(r->arena, "%s, %s", json_string_value(json_object_get(row, "kind")),
					 json_string_value(json_object_get(row, "when")));
	json_t *ctx = relp_ctx(r, &mp->rp, title, "meetings");
	json_t *reschedules = json_array(), *x;
	size_t i;
	json_array_foreach(json_object_get(m, "reschedules"), i, x)
		json_array_append_new(reschedules, json_pack("{s:o, s:o, s:o, s:O}",
			"from", page_str(relp_when(r, mp->rp.tz, json_string_value(json_object_get(x, "from_starts_at")))),
			"to", page_str(relp_when(r, mp->rp.tz, json_string_value(json_object_get(x, "to_starts_at")))),
			"who", page_str(relp_who(r, &mp->rp, json_integer_value(json_object_get(x, "requested_by")))),
			"reason", json_object_get(x, "reason")));
	json_object_set_new(row, "has_reschedules", json_boolean(json_array_size(reschedules) > 0));
	json_object_set_new(row, "reschedules", reschedules);
	json_object_set(row, "warnings", json_object_get(m, "warnings"));
	json_object_set(row, "ics_url", json_object_get(m, "ics_url"));
	json_object_set_new(ctx, "meeting", row);
	bool given;
	json_object_set_new(ctx, "agenda", agenda_json(r, &mp->rp, agenda));
	json_object_set_new(ctx, "notes", notes_json(r, &mp->rp, notes));
	json_object_set_new(ctx, "feedback", feedback_json(r, &mp->rp, feedback, &given));
	json_object_set_new(ctx, "can_give_feedback", json_boolean(!given));
	json_object_set_new(ctx, "f", meeting_fields(r, mp, typed ? typed : &none, f));
	json_decref(agenda);
	json_decref(notes);
	json_decref(feedback);
	relp_notice(r, ctx, onedone);
	relp_summary(ctx, f, mlabels);
	page_render(r, f && f->status ? f->status : 200, "rel_meeting", ctx);
}

static void meeting(req_t *r)
{
	mpage_t mp;
	if (!mpage_load(r, &mp))
		return;
	meeting_show(r, &mp, NULL, NULL);
	mpage_free(&mp);
}

/* Calls the API for one of the meeting's forms; on success redirects back
 * with ?done=done, else shows the page again with what was typed. */
static void meeting_act(req_t *r, mpage_t *mp, const char *method, const char *path, json_t *body,
			const char *which, const char *done, const mtyped_t *typed, relform_t *f)
{
	bool ok = !f->errs.n && relp_call(r, method, path, body, which, f, NULL);
	json_decref(body);
	if (ok) {
		resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=%s", (long long)r->id[0], done));
		return;
	}
	if (!f->status) {
		f->status = 422;
		f->which = which;
	}
	page_rename_error(&f->errs, "starts_at", "starts_local");
	meeting_show(r, mp, typed, f);
}

static void set_status(req_t *r)
{
	mpage_t mp;
	relform_t f = {0};
	if (!mpage_load(r, &mp))
		return;
	const char *status = page_form_text(r, "status", 20, &f.errs);
	json_t *body = json_object();
	relp_put_text(body, "status", status);
	meeting_act(r, &mp, "PATCH", arena_printf(r->arena, "/api/v1/meetings/%lld", (long long)r->id[0]),
		    body, "status", !strcmp(status, "held") ? "held" : "cancelled", NULL, &f);
	mpage_free(&mp);
}

static void reschedule(req_t *r)
{
	mpage_t mp;
	relform_t f = {0};
	if (!mpage_load(r, &mp))
		return;
	mtyped_t t = {.starts_local = page_form_text(r, "starts_local", 40, &f.errs),
		      .reason = page_form_text(r, "reason", 500, &f.errs)};
	const char *starts = relp_local_to_utc(r, mp.rp.tz, t.starts_local);
	if (!starts)
		verr_add(&f.errs, "starts_local", "must be a date and time such as 2026-11-30 10:00");
	json_t *body = json_object();
	relp_put_text(body, "starts_at", starts);
	/* The reason goes as typed, even empty: the API says it is required. */
	json_object_set_new(body, "reason", page_str(t.reason));
	meeting_act(r, &mp, "PATCH", arena_printf(r->arena, "/api/v1/meetings/%lld", (long long)r->id[0]),
		    body, "reschedule", "moved", &t, &f);
	mpage_free(&mp);
}

static void agenda_add(req_t *r)
{
	mpage_t mp;
	relform_t f = {0};
	if (!mpage_load(r, &mp))
		return;
	mtyped_t t = {.text = page_form_text(r, "text", 1000, &f.errs)};
	json_t *body = json_object();
	relp_put_text(body, "text", t.text);
	meeting_act(r, &mp, "POST", arena_printf(r->arena, "/api/v1/meetings/%lld/agenda", (long long)r->id[0]),
		    body, "agenda", "agenda", &t, &f);
	mpage_free(&mp);
}

static void note_add(req_t *r)
{
	mpage_t mp;
	relform_t f = {0};
	if (!mpage_load(r, &mp))
		return;
	mtyped_t t = {.body = page_form_text(r, "body", 20000, &f.errs), .priv = http_form(r, "private") != NULL};
	json_t *body = json_object();
	relp_put_text(body, "body", t.body);
	json_object_set_new(body, "private", json_boolean(t.priv));
	meeting_act(r, &mp, "POST", arena_printf(r->arena, "/api/v1/meetings/%lld/notes", (long long)r->id[0]),
		    body, "notes", "note", &t, &f);
	mpage_free(&mp);
}

static void feedback_add(req_t *r)
{
	mpage_t mp;
	relform_t f = {0};
	if (!mpage_load(r, &mp))
		return;
	mtyped_t t = {.rating = page_form_text(r, "rating", 2, &f.errs),
		      .comment = page_form_text(r, "comment", 5000, &f.errs),
		      .tags = page_form_text(r, "tags", 400, &f.errs)};
	json_t *body = json_object(), *tags = json_array();
	strlist_t l;
	page_split_list(r->arena, t.tags, &l);
	for (int i = 0; i < l.n; i++)
		json_array_append_new(tags, page_str(l.v[i]));
	relp_put_number(body, "rating", t.rating);
	relp_put_text(body, "comment", t.comment);
	json_object_set_new(body, "tags", tags);
	meeting_act(r, &mp, "POST", arena_printf(r->arena, "/api/v1/meetings/%lld/feedback", (long long)r->id[0]),
		    body, "feedback", "feedback", &t, &f);
	mpage_free(&mp);
}

static void feedback_ack(req_t *r)
{
	api_result_t res;
	web_api(r, "POST", arena_printf(r->arena, "/api/v1/feedback/%lld/acknowledge", (long long)r->id[0]),
		NULL, &res);
	if (res.status == 200)
		resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=ack",
			(long long)json_integer_value(json_object_get(res.body, "meeting_id"))));
	else
		relp_fail(r, &res);
	api_result_free(&res);
}

void web_rel_meetings_register(void)
{
	static const route_t routes[] = {
		{"GET", "/relationships/{id}/meetings", meetings, ROUTE_WEB, NULL},
		{"POST", "/relationships/{id}/meetings", propose, ROUTE_WEB, NULL},
		{"GET", "/meetings/{id}", meeting, ROUTE_WEB, NULL},
		{"POST", "/meetings/{id}/status", set_status, ROUTE_WEB, NULL},
		{"POST", "/meetings/{id}/reschedule", reschedule, ROUTE_WEB, NULL},
		{"POST", "/meetings/{id}/agenda", agenda_add, ROUTE_WEB, NULL},
		{"POST", "/meetings/{id}/notes", note_add, ROUTE_WEB, NULL},
		{"POST", "/meetings/{id}/feedback", feedback_add, ROUTE_WEB, NULL},
		{"POST", "/feedback/{id}/acknowledge", feedback_ack, ROUTE_WEB, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}

/* Meetings as pages: a relationship's meetings and the form to propose one —
 * times inside both people's availability (the mentee's first) offered as
 * radio buttons with both local times, or a free date and time read in the
 * viewer's time zone; the kind for the phase; the channel; a repeat choice
 * the form turns into an RRULE. One meeting's page: mark it held or
 * cancelled, reschedule with a reason, the agenda (the mentee's questions),
 * notes, two-way feedback and its acknowledgement, the .ics. Forms are read
 * and checked at the edge (src/web/pages/meeting.json); every rule (phase,
 * held only once started, feedback once) is the meeting services'
 * (svc/meeting.c). */
#include "web/page_types.h"
#include "web/rel_refusal.h"
#include "svc/meeting.h"
#include "core/rrule.h"
#include "core/timewords.h"

#include <stdio.h>
#include <string.h>

#define SLOT_DAYS 14
#define SLOT_MINUTES 60
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
	return !strcmp(s, "held") ? "Held" : !strcmp(s, "cancelled") ? "Cancelled" : "Scheduled";
}

/* A series' rule in words ("every 2 weeks, 8 times"), or NULL. */
static json_t *repeats_words(const Meeting_t *m)
{
	char words[160];
	if (m->rrule_null || !m->rrule || !*m->rrule)
		return json_null();
	return page_str(rrule_describe(m->rrule, words, sizeof(words)) ? words : "on a schedule");
}

/* The meeting as a page shows it. */
static json_t *meeting_row(req_t *r, const relp_t *rp, const Meeting_t *m)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:I, s:s, s:b, s:o, s:b, s:b}",
		"id", (json_int_t)m->id, "when", page_str(relp_when_t(r, rp, m->starts_at)),
		"kind", label_of(kinds, m->kind), "channel", label_of(channels, m->channel),
		"duration", (json_int_t)m->duration_min, "status", status_label(m->status),
		"scheduled", !strcmp(m->status, "scheduled"), "repeats", repeats_words(m),
		"outside_mentee", !m->in_mentee_hours, "outside_mentor", !m->in_mentor_hours);
}

/* ---- the list and the proposal form ---- */

enum { P_SLOT, P_LOCAL, P_DURATION, P_KIND, P_CHANNEL, P_REPEAT, P_COUNT_N, P_N };
static const char *const pnames[P_N] = {"slot", "starts_local", "duration_min", "kind", "channel",
					"repeat", "count"};
static const page_label_t plabels[] = {
	{"starts_at", "When", "f-slot-first"}, {"starts_local", "Another time", "f-starts_local"},
	{"duration_min", "Duration", NULL}, {"kind", "Kind", NULL}, {"channel", "Channel", NULL},
	{"repeat", "Repeat", "f-repeat"}, {"count", "Number of meetings", NULL},
	{"form", "Meeting", "f-slot-first"}, {NULL, NULL, NULL}};
static const char *const mdone[] = {
	"proposed", "The meeting has been proposed. You both get an invitation.", NULL};

static const char *default_kind(const char *phase)
{
	if (!strcmp(phase, "getting_to_know"))
		return "kickoff";
	return !strcmp(phase, "completed") || !strcmp(phase, "alumni") ? "coffee" : "regular";
}

/* The proposed times, spread over the days: a few per day, as the service
 * offers every half hour. None when they cannot be had. */
static json_t *slots_json(req_t *r, const relp_t *rp, const char *chosen)
{
	svc_t s;
	page_svc(r, &s);
	SlotList_t list = {0};
	json_t *out = json_array();
	if (svc_meeting_slots(&s, rp->id, SLOT_DAYS, SLOT_MINUTES, &list) != SVC_OK)
		return out;
	int both = 0, mentee = 0, same_day = 0;
	int64_t last = 0;
	char day[16] = "";
	for (int i = 0; i < list.items.n; i++) {
		const Slot_t *sl = &list.items.v[i];
		bool fits_both = !strcmp(sl->fits, "both");
		if (strncmp(day, sl->mentee_local, 10) == 0) {
			if (same_day >= SLOTS_PER_DAY || sl->starts_at - last < 2 * 3600)
				continue;
			same_day++;
		} else {
			snprintf(day, sizeof(day), "%.10s", sl->mentee_local);
			same_day = 1;
		}
		last = sl->starts_at;
		if (fits_both ? ++both > MAX_BOTH_SLOTS : ++mentee > MAX_MENTEE_SLOTS)
			continue;
		char at[32];
		time_format(sl->starts_at, at, sizeof(at));
		json_array_append_new(out, json_pack("{s:s, s:o, s:o, s:o, s:b, s:b, s:s}",
			"value", at, "when", page_str(relp_when_t(r, rp, sl->starts_at)),
			"mentee_local", page_str(sl->mentee_local), "mentor_local", page_str(sl->mentor_local),
			"both", fits_both, "checked", chosen && !strcmp(chosen, at),
			"id", arena_printf(r->arena, "f-slot-%d", i)));
	}
	if (json_array_size(out))
		json_object_set_new(json_array_get(out, 0), "id", json_string("f-slot-first"));
	return out;
}

/* "Berlin time" for Europe/Berlin. */
static const char *zone_words(req_t *r, const char *tz)
{
	char words[96];
	timewords_zone(tz, words, sizeof(words));
	return arena_strdup(r->arena, words);
}

static json_t *propose_form(req_t *r, const relp_t *rp, const char **v, const relform_t *f)
{
	const verr_t *errs = f && f->which && !strcmp(f->which, "propose") ? &f->errs : NULL;
	json_t *fl = json_object(), *x;
	x = relp_field("starts_local", "f-starts_local", "Another date and time", v[P_LOCAL],
		       arena_printf(r->arena, "In your time zone (%s). For a past meeting you record afterwards, "
				    "give its date and time.", zone_words(r, rp->tz)), f, "propose");
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
	return fl;
}

static void meetings_show(req_t *r, relp_t *rp, const char **typed, relform_t *f)
{
	svc_t s;
	page_svc(r, &s);
	MeetingList_t list = {0};
	int st = svc_meeting_list(&s, &(in_listMeetings_t){.id = rp->id}, &list);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *ctx = relp_ctx(r, rp, "Meetings", "meetings"), *rows = json_array();
	for (int i = 0; i < list.items.n; i++)
		json_array_append_new(rows, meeting_row(r, rp, &list.items.v[i]));
	json_object_set_new(ctx, "meetings", rows);
	const char *v[P_N] = {"", "", "60", default_kind(rp->phase), "video", "", "6"};
	for (int k = 0; typed && k < P_N; k++)
		v[k] = typed[k];
	json_t *slots = slots_json(r, rp, v[P_SLOT]);
	bool other = !json_array_size(slots) || !strcmp(v[P_SLOT], "other");
	json_object_set_new(ctx, "slots", slots);
	json_object_set_new(ctx, "other_checked", json_boolean(other));
	json_object_set_new(ctx, "f", propose_form(r, rp, v, f));
	for (int k = 0; f && f->which && !strcmp(f->which, "propose") && k < f->errs.n; k++)
		if (!strcmp(f->errs.e[k].field, "starts_at"))
			json_object_set_new(ctx, "when_error", page_str(f->errs.e[k].msg));
	relp_notice(r, ctx, mdone);
	relp_summary(ctx, f, plabels);
	page_render(r, f && f->status ? f->status : 200, "rel_meetings", ctx);
}

void page_meetings(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetings_t *in = in_;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	meetings_show(r, &rp, NULL, NULL);
	relp_free(&rp);
}

/* When the proposed meeting starts: one of the offered times, or another
 * one typed in the viewer's zone. Problems go to errs. */
static bool start_of(req_t *r, const relp_t *rp, const MeetingProposeForm_t *b, int64_t *out, verr_t *errs)
{
	const char *slot = b->has_slot ? b->slot : "";
	if (*slot && strcmp(slot, "other") != 0) {
		if (time_parse(slot, out))
			return true;
		verr_add(errs, "starts_at", "choose one of the times above");
		return false;
	}
	const char *local = b->has_starts_local ? b->starts_local : "";
	const char *utc = *local ? relp_local_to_utc(r, rp->tz, local) : NULL;
	if (!*local)
		verr_add(errs, "starts_local", "choose one of the times above or give a date and time");
	else if (!utc || !time_parse(utc, out))
		verr_add(errs, "starts_local", "must be a date and time such as 2026-11-30 10:00");
	return utc != NULL && !errs->n;
}

/* The series the repeat choice asks for ("FREQ=WEEKLY;INTERVAL=2;COUNT=6"),
 * NULL for a single meeting. */
static const char *rrule_of(req_t *r, const MeetingProposeForm_t *b, verr_t *errs)
{
	if (!b->has_repeat)
		return NULL;
	if (!b->has_count) {
		verr_add(errs, "count", "must be a whole number from 2 to 52");
		return NULL;
	}
	return arena_printf(r->arena, "FREQ=WEEKLY;%sCOUNT=%lld", !strcmp(b->repeat, "biweekly") ? "INTERVAL=2;" : "",
			    (long long)b->count);
}

void page_meeting_propose(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingPropose_t *in = in_;
	const MeetingProposeForm_t *b = &in->body;
	relp_t rp;
	if (!relp_load(r, in->id, &rp))
		return;
	relform_t f = {.status = 422, .which = "propose", .errs = *errs};
	int64_t starts = 0;
	start_of(r, &rp, b, &starts, &f.errs);
	const char *rrule = rrule_of(r, b, &f.errs);
	if (!f.errs.n) {
		svc_t s;
		page_svc(r, &s);
		in_createMeeting_t c = {.id = rp.id, .body = {
			.starts_at = starts, .has_duration_min = b->has_duration_min, .duration_min = b->duration_min,
			.has_channel = b->has_channel, .channel = b->channel, .has_kind = b->has_kind, .kind = b->kind,
			.has_rrule = rrule != NULL, .rrule = rrule}};
		Meeting_t made;
		int st = svc_meeting_create(&s, &c, &made);
		if (st == SVC_OK) {
			resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=proposed", (long long)made.id));
			relp_free(&rp);
			return;
		}
		if (!relp_refused(r, &s, st, "propose", &f)) {
			relp_free(&rp);
			return;
		}
	}
	const char *v[P_N];
	for (int i = 0; i < P_N; i++)
		v[i] = page_raw(r, pnames[i]);
	if (!*v[P_SLOT] || !strcmp(v[P_SLOT], "other"))
		page_rename_error(&f.errs, "starts_at", "starts_local");
	/* The form asks for a repeat, the service judges the rule it became. */
	page_rename_error(&f.errs, "rrule", "repeat");
	meetings_show(r, &rp, v, &f);
	relp_free(&rp);
}

/* ---- one meeting ---- */

static const page_label_t mlabels[] = {
	{"starts_local", "New date and time", "f-starts_local"}, {"reason", "Reason", "f-reason"},
	{"status", "Status", "main"}, {"text", "Agenda item", "f-agenda-text"}, {"body", "Note", "f-note-body"},
	{"private", "Private", "f-private"}, {"rating", "Rating", "f-rating"}, {"comment", "Comment", "f-comment"},
	{"tags", "Tags", "f-tags"}, {"form", "Meeting", "main"}, {NULL, NULL, NULL}};
static const char *const onedone[] = {
	"proposed", "The meeting has been proposed. You both get an invitation.",
	"held", "The meeting is marked as held.", "cancelled", "The meeting has been cancelled.",
	"moved", "The meeting has been rescheduled; the reason is recorded.",
	"agenda", "Added to the agenda.", "note", "The note has been saved.",
	"feedback", "Thank you for your feedback.", "ack", "You have acknowledged the feedback.", NULL};

typedef struct mpage {
	relp_t rp;
	Meeting_t m;
} mpage_t;

/* Loads meeting id and its relationship; answers the error page itself. */
static bool mpage_load(req_t *r, int64_t id, mpage_t *mp)
{
	svc_t s;
	page_svc(r, &s);
	int st = svc_meeting_get(&s, &(in_getMeeting_t){.id = id}, &mp->m);
	if (st) {
		page_refuse(r, &s, st);
		return false;
	}
	return relp_load(r, mp->m.relationship_id, &mp->rp);
}

static json_t *agenda_json(req_t *r, const relp_t *rp, const AgendaItemList_t *l)
{
	json_t *out = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const AgendaItem_t *a = &l->items.v[i];
		json_array_append_new(out, json_pack("{s:o, s:o, s:b}", "text", page_str(a->text),
			"who", page_str(relp_who(r, rp, a->author_id)), "question", a->is_question));
	}
	return out;
}

static json_t *notes_json(req_t *r, const relp_t *rp, const NoteList_t *l)
{
	json_t *out = json_array();
	for (int i = 0; i < l->items.n; i++) {
		const Note_t *n = &l->items.v[i];
		/* The template renders the Markdown itself (safe, by cmark). */
		json_array_append_new(out, json_pack("{s:o, s:o, s:b, s:o}", "body", page_str(n->body),
			"who", page_str(relp_who(r, rp, n->author_id)), "private", n->private,
			"when", page_str(relp_when_t(r, rp, n->created_at))));
	}
	return out;
}

static json_t *feedback_json(req_t *r, const relp_t *rp, const FeedbackList_t *l, bool *given)
{
	json_t *out = json_array();
	*given = false;
	for (int i = 0; i < l->items.n; i++) {
		const Feedback_t *fb = &l->items.v[i];
		json_t *tags = json_array();
		for (int k = 0; k < fb->tags.n; k++)
			json_array_append_new(tags, page_str(fb->tags.v[k]));
		*given |= fb->from_id == r->who.user_id;
		json_array_append_new(out, json_pack("{s:I, s:o, s:o, s:I, s:o, s:o, s:o, s:b}",
			"id", (json_int_t)fb->id, "from", page_str(relp_who(r, rp, fb->from_id)),
			"to", page_str(relp_who(r, rp, fb->to_id)), "rating", (json_int_t)fb->rating,
			"comment", page_str(fb->comment), "tags", tags,
			"acknowledged", fb->acknowledged_at_null ? json_null() : page_str(relp_when_t(r, rp, fb->acknowledged_at)),
			"can_ack", fb->acknowledged_at_null && fb->to_id == r->who.user_id));
	}
	return out;
}

/* What was typed into one of the meeting's forms, to show it again. */
typedef struct mtyped {
	const char *starts_local, *reason, *text, *body, *rating, *comment, *tags;
	bool priv;
} mtyped_t;

static json_t *meeting_fields(req_t *r, const mpage_t *mp, const mtyped_t *t, const relform_t *f)
{
	json_t *fl = json_object(), *x;
	const char *tz = mp->rp.tz;
	char start[32];
	time_format(mp->m.starts_at, start, sizeof(start));
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

static json_t *meeting_json(req_t *r, const mpage_t *mp)
{
	const Meeting_t *m = &mp->m;
	json_t *row = meeting_row(r, &mp->rp, m), *reschedules = json_array(), *warnings = json_array();
	for (int i = 0; i < m->reschedules.n; i++) {
		const Reschedule_t *x = &m->reschedules.v[i];
		json_array_append_new(reschedules, json_pack("{s:o, s:o, s:o, s:o}",
			"from", page_str(relp_when_t(r, &mp->rp, x->from)), "to", page_str(relp_when_t(r, &mp->rp, x->to)),
			"who", page_str(relp_who(r, &mp->rp, x->requested_by)), "reason", page_str(x->reason)));
	}
	for (int i = 0; i < m->warnings.n; i++)
		json_array_append_new(warnings, page_str(m->warnings.v[i]));
	json_object_set_new(row, "has_reschedules", json_boolean(m->reschedules.n > 0));
	json_object_set_new(row, "reschedules", reschedules);
	json_object_set_new(row, "warnings", warnings);
	json_object_set_new(row, "ics_url", page_str(m->ics_url));
	return row;
}

static void meeting_show(req_t *r, mpage_t *mp, const mtyped_t *typed, relform_t *f)
{
	static const mtyped_t none = {0};
	svc_t s;
	page_svc(r, &s);
	AgendaItemList_t agenda = {0};
	NoteList_t notes = {0};
	FeedbackList_t feedback = {0};
	int64_t id = mp->m.id;
	int st = svc_meeting_agenda_list(&s, &(in_listAgenda_t){.id = id}, &agenda);
	if (!st)
		st = svc_meeting_note_list(&s, &(in_listNotes_t){.id = id}, &notes);
	if (!st)
		st = svc_meeting_feedback_list(&s, &(in_listFeedback_t){.id = id}, &feedback);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	json_t *row = meeting_json(r, mp);
	const char *title = arena_printf(r->arena, "%s, %s", json_string_value(json_object_get(row, "kind")),
					 json_string_value(json_object_get(row, "when")));
	json_t *ctx = relp_ctx(r, &mp->rp, title, "meetings");
	bool given;
	json_object_set_new(ctx, "meeting", row);
	json_object_set_new(ctx, "agenda", agenda_json(r, &mp->rp, &agenda));
	json_object_set_new(ctx, "notes", notes_json(r, &mp->rp, &notes));
	json_object_set_new(ctx, "feedback", feedback_json(r, &mp->rp, &feedback, &given));
	json_object_set_new(ctx, "can_give_feedback", json_boolean(!given));
	json_object_set_new(ctx, "f", meeting_fields(r, mp, typed ? typed : &none, f));
	relp_notice(r, ctx, onedone);
	relp_summary(ctx, f, mlabels);
	page_render(r, f && f->status ? f->status : 200, "rel_meeting", ctx);
}

/* After one of the meeting's forms: on success back to the meeting with
 * ?done=done, else the page again with what was typed and its problems
 * (form errors in f, or the service's refusal st of s). */
static void meeting_after(req_t *r, mpage_t *mp, const svc_t *s, int st, const char *which, const char *done,
			  const mtyped_t *typed, relform_t *f)
{
	if (!f->errs.n && st == SVC_OK) {
		resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=%s", (long long)mp->m.id, done));
		return;
	}
	if (!f->errs.n && !relp_refused(r, s, st, which, f))
		return;
	if (f->errs.n && !f->status) {
		f->status = 422;
		f->which = which;
	}
	page_rename_error(&f->errs, "starts_at", "starts_local");
	meeting_show(r, mp, typed, f);
}

void page_meeting(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeeting_t *in = in_;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	meeting_show(r, &mp, NULL, NULL);
	relp_free(&mp.rp);
}

void page_meeting_status(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingStatus_t *in = in_;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	relform_t f = {.errs = *errs};
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	Meeting_t saved;
	if (!f.errs.n)
		st = svc_meeting_update(&s, &(in_updateMeeting_t){.id = in->id, .body = {.has_status = true,
			.status = in->body.status}}, &saved);
	meeting_after(r, &mp, &s, st, "status", !f.errs.n && !strcmp(in->body.status, "held") ? "held" : "cancelled",
		      NULL, &f);
	relp_free(&mp.rp);
}

void page_meeting_reschedule(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingReschedule_t *in = in_;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	relform_t f = {.errs = *errs};
	mtyped_t t = {.starts_local = page_raw(r, "starts_local"), .reason = page_raw(r, "reason")};
	const char *utc = in->body.has_starts_local ? relp_local_to_utc(r, mp.rp.tz, in->body.starts_local) : NULL;
	int64_t to = 0;
	if (!f.errs.n && (!utc || !time_parse(utc, &to)))
		verr_add(&f.errs, "starts_local", "must be a date and time such as 2026-11-30 10:00");
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	Meeting_t saved;
	/* The reason goes as typed, even empty: the service says it is needed. */
	if (!f.errs.n)
		st = svc_meeting_update(&s, &(in_updateMeeting_t){.id = in->id, .body = {.has_starts_at = true,
			.starts_at = to, .has_reason = true, .reason = in->body.has_reason ? in->body.reason : ""}}, &saved);
	meeting_after(r, &mp, &s, st, "reschedule", "moved", &t, &f);
	relp_free(&mp.rp);
}

void page_meeting_agenda(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingAgenda_t *in = in_;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	relform_t f = {.errs = *errs};
	mtyped_t t = {.text = page_raw(r, "text")};
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	AgendaItem_t added;
	if (!f.errs.n)
		st = svc_meeting_agenda_add(&s, &(in_addAgendaItem_t){.id = in->id, .body = in->body}, &added);
	meeting_after(r, &mp, &s, st, "agenda", "agenda", &t, &f);
	relp_free(&mp.rp);
}

void page_meeting_note(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingNote_t *in = in_;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	relform_t f = {.errs = *errs};
	mtyped_t t = {.body = page_raw(r, "body"), .priv = in->body.has_private && in->body.private};
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	Note_t added;
	if (!f.errs.n)
		st = svc_meeting_note_add(&s, &(in_addNote_t){.id = in->id, .body = in->body}, &added);
	meeting_after(r, &mp, &s, st, "notes", "note", &t, &f);
	relp_free(&mp.rp);
}

/* The comma-separated tags of the form as the API's list, each held to the
 * document's rule for a tag (FeedbackCreate.tags). */
static void tags_of(req_t *r, const FeedbackForm_t *b, strlist_t *out, verr_t *errs)
{
	const sch_field_t *rule = sch_field(&sch_FeedbackCreate, "tags");
	page_split_list(r->arena, b->has_tags ? b->tags : "", out);
	if ((unsigned)out->n > rule->max_items) {
		verr_addf(errs, r->arena, "tags", "give at most %u tags", rule->max_items);
		return;
	}
	for (int i = 0; i < out->n; i++) {
		const char *why;
		if (!sch_check_str(rule, out->v[i], strlen(out->v[i]), r->arena, &out->v[i], &why)) {
			verr_addf(errs, r->arena, "tags", "“%s” %s", out->v[i], why);
			return;
		}
	}
}

void page_meeting_feedback(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageMeetingFeedback_t *in = in_;
	const FeedbackForm_t *b = &in->body;
	mpage_t mp;
	if (!mpage_load(r, in->id, &mp))
		return;
	relform_t f = {.errs = *errs};
	mtyped_t t = {.rating = page_raw(r, "rating"), .comment = page_raw(r, "comment"), .tags = page_raw(r, "tags")};
	strlist_t tags = {0};
	tags_of(r, b, &tags, &f.errs);
	svc_t s;
	page_svc(r, &s);
	int st = SVC_OK;
	Feedback_t given;
	if (!f.errs.n)
		st = svc_meeting_feedback_give(&s, &(in_giveFeedback_t){.id = in->id, .body = {
			.rating = b->rating, .has_comment = b->has_comment, .comment = b->comment,
			.has_tags = true, .tags = tags}}, &given);
	meeting_after(r, &mp, &s, st, "feedback", "feedback", &t, &f);
	relp_free(&mp.rp);
}

void page_feedback_acknowledge(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageFeedbackAcknowledge_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	Feedback_t fb;
	int st = svc_meeting_feedback_ack(&s, &(in_acknowledgeFeedback_t){.id = in->id}, &fb);
	if (st)
		page_refuse(r, &s, st);
	else
		resp_redirect(r, arena_printf(r->arena, "/meetings/%lld?done=ack", (long long)fb.meeting_id));
}


/* Meetings: the kickoff, regular meetings (optionally a recurring series by
 * RRULE) and alumni coffees. Each records whether it lies inside the
 * mentee's and the mentor's availability; a reschedule needs a reason and
 * records who asked. Holding the kickoff opens goal setting. Agendas (the
 * mentee's questions), Markdown notes (shared or private to their author),
 * two-way feedback acknowledged by its receiver, and an .ics per meeting. */
#include "api/rel.h"
#include "core/markdown.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "notify/ical.h"
#include "notify/notify.h" /* notify: invitations */

#include <string.h>

static const char *const channels[] = {"video", "phone", "in_person", "chat", "email", NULL};
static const char *const kinds[] = {"kickoff", "regular", "coffee", NULL};
static const char *const statuses[] = {"scheduled", "held", "cancelled", NULL};

/* Whether the meeting fits each person's weekly availability. */
static int fit_hours(req_t *r, const relationship_t *rel, meeting_row_t *m)
{
	profile_t *mentor = NULL, *mentee = NULL;
	int st = store_profile_get(r->db, r->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_profile_get(r->db, r->arena, rel->mentee_id, &mentee);
	if (st != DB_OK)
		return st;
	m->in_mentee_hours = avail_contains(mentee->availability, mentee->n_availability,
					    mentee->timezone, m->starts_at, m->duration_min);
	m->in_mentor_hours = avail_contains(mentor->availability, mentor->n_availability,
					    mentor->timezone, m->starts_at, m->duration_min);
	return DB_OK;
}

static json_t *warnings(const meeting_row_t *m)
{
	json_t *w = json_array();
	if (!m->in_mentee_hours)
		json_array_append_new(w, json_string("outside the mentee's availability: respect their schedule first"));
	if (!m->in_mentor_hours)
		json_array_append_new(w, json_string("outside the mentor's availability"));
	return w;
}

static void respond_meeting(req_t *r, int status, const meeting_row_t *m)
{
	json_t *out = NULL, *res = NULL;
	int st = store_meeting_json(r->db, m->id, &out);
	if (st == DB_OK && out)
		st = store_reschedule_list(r->db, m->id, &res);
	if (st != DB_OK || !out) {
		json_decref(out);
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	json_object_set_new(out, "reschedules", res);
	json_object_set_new(out, "warnings", warnings(m));
	json_object_set_new(out, "ics_url", json_string(arena_printf(r->arena, "/api/v1/meetings/%lld.ics",
								     (long long)m->id)));
	resp_json(r, status, out);
}

static void list(req_t *r)
{
	rel_list(r, REL_CONTENT, store_meeting_list);
}

static void create(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel)
		return;
	jin_t in;
	const char *starts = NULL;
	int64_t duration = 60;
	meeting_row_t m = {.relationship_id = rel->id, .channel = "video", .kind = "regular",
			   .status = "scheduled", .created_by = r->who.user_id};
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "starts_at", JIN_REQUIRED, 40, &starts);
	jin_int(&in, "duration_min", 0, 5, 480, &duration);
	jin_enum(&in, "channel", 0, channels, &m.channel);
	jin_enum(&in, "kind", 0, kinds, &m.kind);
	jin_str(&in, "rrule", JIN_NULLABLE, 500, &m.rrule);
	jin_close(&in);
	if (starts && !time_parse(starts, &m.starts_at))
		verr_add(&in.errs, "starts_at", "must be an RFC 3339 time such as 2026-11-24T14:00:00Z");
	if (m.rrule && *m.rrule && !ical_rrule_valid(m.rrule))
		verr_add(&in.errs, "rrule", "must be an iCalendar RRULE such as FREQ=WEEKLY;INTERVAL=2;COUNT=6");
	if (m.rrule && !*m.rrule)
		m.rrule = NULL;
	if (jin_failed(&in))
		return;
	m.duration_min = (int)duration;
	phase_action_t act = !strcmp(m.kind, "kickoff") ? ACT_KICKOFF
			   : !strcmp(m.kind, "coffee") ? ACT_COFFEE : ACT_MEETING;
	if (!rel_phase_allows(r, rel, act))
		return;
	int st = fit_hours(r, rel, &m);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!api_begin(r))
		return;
	st = store_meeting_insert(r->db, &m, &m.id);
	if (st == DB_OK) /* notify: the invitation, in this transaction */
		st = notify_meeting(r->db, r->arena, m.id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		respond_meeting(r, 201, &m);
}

/* Loads meeting r->id[0] with its relationship, for a member of the pair. */
static meeting_row_t *meeting_access(req_t *r, relationship_t **rel)
{
	meeting_row_t *m = NULL;
	int st = store_meeting_get(r->db, r->arena, r->id[0], &m);
	*rel = rel_child_access(r, st, m != NULL, m ? m->relationship_id : 0, "meeting", r->id[0]);
	return *rel ? m : NULL;
}

static void get(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (m)
		respond_meeting(r, 200, m);
}

static void patch(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (!m)
		return;
	jin_t in;
	const char *starts = NULL, *reason = NULL, *status = m->status, *old_channel = m->channel;
	int64_t duration = m->duration_min, new_start = m->starts_at;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "starts_at", 0, 40, &starts);
	jin_str(&in, "reason", 0, 500, &reason);
	jin_int(&in, "duration_min", 0, 5, 480, &duration);
	jin_enum(&in, "channel", 0, channels, &m->channel);
	jin_enum(&in, "status", 0, statuses, &status);
	jin_close(&in);
	if (starts && !time_parse(starts, &new_start))
		verr_add(&in.errs, "starts_at", "must be an RFC 3339 time");
	bool moved = starts && new_start != m->starts_at;
	if (moved && (!reason || !*reason))
		verr_add(&in.errs, "reason", "a reschedule needs a reason, so the other person knows why");
	if (jin_failed(&in))
		return;
	if (strcmp(m->status, "scheduled") != 0 && (moved || strcmp(status, m->status) != 0)) {
		resp_error(r, 409, "conflict", "this meeting is already %s", m->status);
		return;
	}
	if (!strcmp(status, "held") && strcmp(m->status, "held") != 0 && new_start > time_now()) {
		resp_error(r, 409, "conflict", "a meeting can be marked held once it has started");
		return;
	}
	int64_t from = m->starts_at;
	bool kickoff_held = !strcmp(m->kind, "kickoff") && !strcmp(status, "held") &&
			    strcmp(m->status, "held") != 0;
	/* Anything an attendee's calendar shows changed: a new SEQUENCE, so the
	 * update reaches their calendar. */
	if (moved || strcmp(status, m->status) != 0 || duration != m->duration_min ||
	    strcmp(old_channel, m->channel) != 0)
		m->sequence++;
	m->starts_at = new_start;
	m->duration_min = (int)duration;
	m->status = status;
	int st = fit_hours(r, rel, m);
	if (st != DB_OK || !api_begin(r)) {
		if (st != DB_OK)
			resp_db(r, st);
		return;
	}
	st = store_meeting_update(r->db, m);
	if (st == DB_OK && moved)
		st = store_reschedule_add(r->db, m->id, from, new_start, r->who.user_id, reason);
	if (st == DB_OK && kickoff_held && rel->phase == PHASE_GETTING_TO_KNOW)
		st = rel_move(r, rel, PHASE_GOAL_SETTING,
			      "kickoff held: you know each other; goal setting opens");
	if (st == DB_OK) /* notify: update or cancellation if SEQUENCE grew */
		st = notify_meeting(r->db, r->arena, m->id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		respond_meeting(r, 200, m);
}

static void ics(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (!m)
		return;
	user_t *mentor = NULL, *mentee = NULL;
	int st = store_user_get(r->db, r->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_user_get(r->db, r->arena, rel->mentee_id, &mentee);
	if (st != DB_OK || !mentor || !mentee) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	ical_people_t who = {mentor->name, mentor->email, mentee->name, mentee->email, rel->program_name};
	char *text = ical_meeting(r->arena, m, &who, "PUBLISH");
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"meeting-%lld.ics\"", (long long)m->id));
	resp_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
}

/* ---- agenda, notes, feedback ---- */

static void agenda_list(req_t *r)
{
	relationship_t *rel;
	json_t *items = NULL;
	if (meeting_access(r, &rel)) {
		int st = store_agenda_list(r->db, r->id[0], &items);
		rel_items(r, st, items);
	}
}

static void agenda_add(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (!m)
		return;
	jin_t in;
	const char *text = NULL;
	/* What the mentee brings is a question by default: the mentee prepares
	 * the questions, the agenda shows who is engaged. */
	bool question = !rel_is_mentor(r, rel);
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "text", JIN_REQUIRED, 1000, &text);
	jin_bool(&in, "is_question", &question);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	if (strcmp(m->status, "cancelled") == 0) {
		resp_error(r, 409, "conflict", "this meeting was cancelled");
		return;
	}
	int64_t id = 0;
	if (!api_begin(r))
		return;
	int st = store_agenda_add(r->db, m->id, r->who.user_id, text, question, &id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_agenda_get(r->db, id, &out);
	rel_created(r, st, out);
}

static void notes_list(req_t *r)
{
	relationship_t *rel;
	json_t *items = NULL;
	if (!meeting_access(r, &rel))
		return;
	int st = store_note_list(r->db, r->id[0], r->who.user_id, &items);
	for (size_t i = 0; st == DB_OK && i < json_array_size(items); i++) {
		json_t *n = json_array_get(items, i);
		json_object_set_new(n, "html", json_string(md_to_html(r->arena,
			json_string_value(json_object_get(n, "body")))));
	}
	rel_items(r, st, items);
}

static void notes_add(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (!m)
		return;
	jin_t in;
	const char *body = NULL;
	bool priv = false;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "body", JIN_REQUIRED, 20000, &body);
	jin_bool(&in, "private", &priv);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int64_t id = 0;
	int st = store_note_add(r->db, m->id, r->who.user_id, body, priv, &id);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_note_get(r->db, id, &out);
	if (out)
		json_object_set_new(out, "html", json_string(md_to_html(r->arena, body)));
	rel_created(r, st, out);
}

static void feedback_list(req_t *r)
{
	relationship_t *rel;
	json_t *items = NULL;
	if (meeting_access(r, &rel)) {
		int st = store_feedback_list(r->db, r->id[0], &items);
		rel_items(r, st, items);
	}
}

/* Tags are short words ("listening", "punctuality"); stored comma-joined. */
static const char *read_tags(jin_t *in)
{
	strlist_t tags = {0};
	if (!jin_strlist(in, "tags", 0, 10, 32, &tags))
		return "";
	buf_t b = BUF_INIT;
	for (int i = 0; i < tags.n; i++) {
		for (const char *c = tags.v[i]; *c; c++)
			if (*c == ',') {
				verr_add(&in->errs, "tags", "a tag cannot contain a comma");
				buf_free(&b);
				return "";
			}
		if (!*tags.v[i])
			continue;
		if (b.len)
			buf_putc(&b, ',');
		buf_puts(&b, tags.v[i]);
	}
	const char *s = arena_strdup(in->r->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void feedback_add(req_t *r)
{
	relationship_t *rel;
	meeting_row_t *m = meeting_access(r, &rel);
	if (!m)
		return;
	jin_t in;
	int64_t rating = 0;
	const char *comment = "", *tags;
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "rating", JIN_REQUIRED, 1, 5, &rating);
	jin_str(&in, "comment", 0, 5000, &comment);
	tags = read_tags(&in);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	if (strcmp(m->status, "held") != 0 && m->starts_at > time_now()) {
		resp_error(r, 409, "conflict", "feedback comes after the meeting has taken place");
		return;
	}
	if (!api_begin(r))
		return;
	int64_t id = 0;
	int st = store_feedback_add(r->db, m->id, r->who.user_id, rel_other(r, rel), (int)rating, comment,
				    tags, &id);
	if (st == DB_CONSTRAINT) {
		db_rollback(r->db);
		resp_error(r, 409, "conflict", "you have already given feedback on this meeting");
		return;
	}
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	json_t *out = NULL;
	st = store_feedback_get(r->db, id, &out);
	rel_created(r, st, out);
}

static void feedback_ack(req_t *r)
{
	json_t *f = NULL;
	int st = store_feedback_get(r->db, r->id[0], &f);
	if (st != DB_OK || !f) {
		if (st != DB_OK)
			resp_db(r, st);
		else
			resp_error(r, 404, "not_found", "no feedback %lld", (long long)r->id[0]);
		return;
	}
	int64_t to = json_integer_value(json_object_get(f, "to_id"));
	int64_t from = json_integer_value(json_object_get(f, "from_id"));
	json_decref(f);
	if (r->who.user_id != to) {
		/* The giver may know it exists; anyone else may not. */
		if (r->who.user_id == from)
			resp_error(r, 403, "forbidden", "only the receiver acknowledges feedback");
		else
			resp_error(r, 404, "not_found", "no feedback %lld", (long long)r->id[0]);
		return;
	}
	if (!api_begin(r))
		return;
	st = store_feedback_ack(r->db, r->id[0], time_now());
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	st = store_feedback_get(r->db, r->id[0], &f);
	if (st != DB_OK || !f)
		resp_db(r, st == DB_OK ? DB_ERROR : st);
	else
		resp_json(r, 200, f);
}

void api_meetings_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/relationships/{id}/meetings", list, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/meetings", create, 0, NULL},
		{"GET", "/api/v1/meetings/{id}.ics", ics, 0, NULL},
		{"GET", "/api/v1/meetings/{id}", get, 0, NULL},
		{"PATCH", "/api/v1/meetings/{id}", patch, 0, NULL},
		{"GET", "/api/v1/meetings/{id}/agenda", agenda_list, 0, NULL},
		{"POST", "/api/v1/meetings/{id}/agenda", agenda_add, 0, NULL},
		{"GET", "/api/v1/meetings/{id}/notes", notes_list, 0, NULL},
		{"POST", "/api/v1/meetings/{id}/notes", notes_add, 0, NULL},
		{"GET", "/api/v1/meetings/{id}/feedback", feedback_list, 0, NULL},
		{"POST", "/api/v1/meetings/{id}/feedback", feedback_add, 0, NULL},
		{"POST", "/api/v1/feedback/{id}/acknowledge", feedback_ack, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}

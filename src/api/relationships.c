/* Relationships: created by a program's managers pairing a mentor and a
 * mentee (or by publishing a match run); listed, read with what the two have
 * in common and conversation starters; meeting slots proposed inside both
 * people's availability (the mentee's first); closed with reflection, a
 * survey and a thank-you note; then kept as an alumni connection. */
#include "api/rel.h"
#include "core/common.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "notify/notify.h" /* notify: thank-you email */
#include "svc/health.h" /* health: the health member */
#include "http/schema_io.h" /* health */
#include "api/endpoint.h" /* health: api_svc */

#include <string.h>

static json_t *person(int64_t id, const char *name)
{
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name);
}

static const char *next_step(const relationship_t *rel)
{
	switch ((phase_t)rel->phase) {
	case PHASE_GETTING_TO_KNOW:
		return "Get to know each other: schedule and hold the kickoff meeting.";
	case PHASE_GOAL_SETTING:
		return "Write and sign the mentoring agreement, set SMART goals, and have the mentor confirm one.";
	case PHASE_WORKING:
		return "Meet regularly, work the cooperation board, record progress and wins.";
	case PHASE_CLOSING:
		return "Both of you: write your reflection, answer the closure survey and say thank you.";
	case PHASE_COMPLETED:
		return "Stay in touch: set a keep-in-touch cadence to become alumni.";
	default:
		return "Keep in touch: meet for a coffee now and then.";
	}
}

/* Adds commonalities and conversation starters from both profiles. */
static int add_commonalities(req_t *r, const relationship_t *rel, json_t *o)
{
	profile_t *mentor = NULL, *mentee = NULL;
	int st = store_profile_get(r->db, r->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_profile_get(r->db, r->arena, rel->mentee_id, &mentee);
	if (st != DB_OK)
		return st;
	commonality_t *c;
	int n = common_find(mentor, mentee, rel->mentor_name, rel->mentee_name, time_now(), r->arena, &c);
	json_t *arr = json_array(), *starters = json_array();
	for (int i = 0; i < n; i++) {
		json_array_append_new(arr, json_pack("{s:s, s:s}", "kind", c[i].kind, "value", c[i].value));
		json_array_append_new(starters, json_string(c[i].starter));
	}
	json_object_set_new(o, "commonalities", arr);
	json_object_set_new(o, "conversation_starters", starters);
	/* The preferences from the first meeting stay visible to both. */
	json_object_set_new(o, "preferences", json_pack("{s:{s:o, s:o, s:s}, s:{s:o, s:o, s:s}}",
		"mentor", "channel", mentor->preferred_channel ? json_string(mentor->preferred_channel) : json_null(),
		"style", mentor->meeting_style ? json_string(mentor->meeting_style) : json_null(),
		"notes", mentor->preferences,
		"mentee", "channel", mentee->preferred_channel ? json_string(mentee->preferred_channel) : json_null(),
		"style", mentee->meeting_style ? json_string(mentee->meeting_style) : json_null(),
		"notes", mentee->preferences));
	return DB_OK;
}

/* health: the health member, or null if it cannot be computed. */
static json_t *health_json(req_t *r, const relationship_t *rel)
{
	svc_t s;
	RelationshipHealth_t h;
	bool known = false;
	api_svc(r, &s);
	if (svc_health_rels(&s, rel, 1, &h, &known) != SVC_OK || !known)
		return json_null();
	return sch_to_jansson(&sch_RelationshipHealth, &h);
}

json_t *api_rel_json(req_t *r, const relationship_t *rel, bool detail)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o}",
		"id", (json_int_t)rel->id, "program_id", (json_int_t)rel->program_id,
		"program_name", rel->program_name,
		"mentor", person(rel->mentor_id, rel->mentor_name),
		"mentor_id", (json_int_t)rel->mentor_id, "mentee_id", (json_int_t)rel->mentee_id,
		"mentee", person(rel->mentee_id, rel->mentee_name),
		"keep_in_touch_days", rel->keep_in_touch_days >= 0 ? json_integer(rel->keep_in_touch_days) : json_null(),
		"phase", phase_name((phase_t)rel->phase), "origin", rel->origin,
		"created_at", api_time(rel->created_at), "updated_at", api_time(rel->updated_at));
	json_object_set_new(o, "next_step", json_string(next_step(rel)));
	json_object_set_new(o, "health", health_json(r, rel)); /* health */
	if (detail && add_commonalities(r, rel, o) != DB_OK)
		json_object_set_new(o, "commonalities", json_array());
	return o;
}

static void list(req_t *r)
{
	int limit = http_limit(r, 50, 500), n;
	int64_t program_id = 0;
	const char *p = http_query(r, "program_id");
	if (p) {
		program_t *prog;
		char *end;
		program_id = strtoll(p, &end, 10);
		if (*end || program_id <= 0) {
			verr_t v = {0};
			verr_add(&v, "program_id", "must be a program id");
			resp_invalid(r, &v);
			return;
		}
		if (!api_program_access(r, program_id, true, &prog))
			return;
	}
	relationship_t *items;
	/* Without a program: the caller's own relationships. With one: all of
	 * that program's, for its managers. */
	int st = store_rel_list(r->db, r->arena, program_id ? 0 : r->who.user_id, program_id,
				http_cursor(r), limit, &items, &n);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_rel_json(r, &items[i], false));
	resp_list(r, arr, n, limit, n ? items[n - 1].id : 0);
}

int api_rel_check_pair(req_t *r, const program_t *prog, int64_t mentor_id, int64_t mentee_id,
		      verr_t *errs, const char **conflict)
{
	participant_t *mp = NULL, *ep = NULL;
	int st = store_participant_get(r->db, r->arena, prog->id, mentor_id, "mentor", &mp);
	if (st == DB_OK)
		st = store_participant_get(r->db, r->arena, prog->id, mentee_id, "mentee", &ep);
	if (st != DB_OK)
		return st;
	if (!mp)
		verr_add(errs, "mentor_id", "is not a mentor in this program");
	if (!ep)
		verr_add(errs, "mentee_id", "is not a mentee in this program");
	if (mentor_id == mentee_id)
		verr_add(errs, "mentee_id", "a person cannot mentor themselves");
	if (errs->n)
		return DB_OK;
	/* Never the mentee's own manager, nor anyone above them. */
	bool in_chain = false;
	st = store_manager_would_cycle(r->db, mentor_id, mentee_id, &in_chain);
	if (st != DB_OK)
		return st;
	if (in_chain) {
		verr_add(errs, "mentor_id", "is in the mentee's management chain");
		return DB_OK;
	}
	int64_t mentee_active = 0, pair = 0, mentor_active = 0;
	st = store_rel_active_counts(r->db, prog->id, mentor_id, mentee_id, &mentee_active, &pair,
				     &mentor_active);
	if (st != DB_OK)
		return st;
	if (pair)
		*conflict = "these two already have an active relationship in this program";
	else if (mentor_active >= mp->capacity)
		*conflict = arena_printf(r->arena, "the mentor is at capacity (%d)", mp->capacity);
	else if (mentee_active >= prog->max_mentors_per_mentee)
		*conflict = arena_printf(r->arena, "the mentee already has %lld mentors, the most this program allows",
					 (long long)mentee_active);
	return DB_OK;
}

static void create(req_t *r)
{
	jin_t in;
	int64_t program_id = 0, mentor_id = 0, mentee_id = 0;
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "program_id", JIN_REQUIRED, 1, INT64_MAX, &program_id);
	jin_int(&in, "mentor_id", JIN_REQUIRED, 1, INT64_MAX, &mentor_id);
	jin_int(&in, "mentee_id", JIN_REQUIRED, 1, INT64_MAX, &mentee_id);
	jin_close(&in);
	if (jin_failed(&in))
		return;
	program_t *prog;
	if (!api_program_access(r, program_id, true, &prog))
		return;
	verr_t errs = {0};
	const char *conflict = NULL;
	if (!api_begin(r))
		return;
	int st = api_rel_check_pair(r, prog, mentor_id, mentee_id, &errs, &conflict);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (errs.n || conflict) {
		db_rollback(r->db);
		if (errs.n)
			resp_invalid(r, &errs);
		else
			resp_error(r, 409, "conflict", "%s", conflict);
		return;
	}
	relationship_t rel = {.program_id = program_id, .mentor_id = mentor_id, .mentee_id = mentee_id,
			      .origin = "manual"};
	int64_t id = 0;
	st = store_rel_insert(r->db, &rel, r->who.user_id, &id);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "relationship.create", "relationship", id, "");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	relationship_t *made = NULL;
	if ((st = store_rel_get(r->db, r->arena, id, &made)) != DB_OK || !made) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 201, api_rel_json(r, made, true));
}

static void get(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_META);
	if (rel)
		resp_json(r, 200, api_rel_json(r, rel, true));
}

/* Events whose detail is words the pair wrote (the thank-you note, a goal's
 * title): managers see that they happened, not what was said. */
static const char *const content_events[] = {"thank_you", "goal_confirmed", NULL};

static void history(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_META);
	json_t *items = NULL, *ev;
	if (!rel)
		return;
	int st = store_rel_events(r->db, rel->id, &items);
	bool member = r->who.user_id == rel->mentor_id || r->who.user_id == rel->mentee_id;
	size_t i;
	json_array_foreach(items, i, ev) {
		for (const char *const *k = content_events; !member && *k; k++)
			if (!strcmp(json_string_value(json_object_get(ev, "kind")), *k))
				json_object_set_new(ev, "detail", json_string(""));
	}
	rel_items(r, st, items);
}

/* GET /relationships/{id}/meeting-slots?days=14&duration_min=60 */
static void slots(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel)
		return;
	const char *d = http_query(r, "days"), *m = http_query(r, "duration_min");
	int days = d ? atoi(d) : 14, minutes = m ? atoi(m) : 60;
	if (days < 1 || days > 60 || minutes < 15 || minutes > 240) {
		verr_t v = {0};
		verr_add(&v, days < 1 || days > 60 ? "days" : "duration_min",
			 days < 1 || days > 60 ? "must be 1-60" : "must be 15-240");
		resp_invalid(r, &v);
		return;
	}
	profile_t *mentor = NULL, *mentee = NULL;
	int st = store_profile_get(r->db, r->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_profile_get(r->db, r->arena, rel->mentee_id, &mentee);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	slot_t out[40];
	/* From the next full hour, so nothing is proposed in the past. */
	int64_t from = (time_now() / 3600 + 1) * 3600;
	int n = avail_propose(mentee->availability, mentee->n_availability, mentee->timezone,
			      mentor->availability, mentor->n_availability, mentor->timezone, from, days,
			      minutes, out, 40);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		local_time_t le, lm;
		tz_to_local(mentee->timezone, out[i].start, &le);
		tz_to_local(mentor->timezone, out[i].start, &lm);
		char a[6], b[6];
		clock_format(le.minute, a);
		clock_format(lm.minute, b);
		json_array_append_new(arr, json_pack("{s:o, s:i, s:s, s:s, s:s}",
			"starts_at", api_time(out[i].start), "duration_min", minutes,
			"fits", out[i].both ? "both" : "mentee_only",
			"mentee_local", arena_printf(r->arena, "%04d-%02d-%02d %s %s", le.year, le.month, le.day, a, mentee->timezone),
			"mentor_local", arena_printf(r->arena, "%04d-%02d-%02d %s %s", lm.year, lm.month, lm.day, b, mentor->timezone)));
	}
	resp_json(r, 200, json_pack("{s:o, s:n}", "items", arr, "next"));
}

static void close_rel(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_CLOSE))
		return;
	jin_t in;
	closure_row_t c = {.would_recommend = -1};
	int64_t sat = 0, met = 0, important = 0;
	if (!jin_open(&in, r))
		return;
	jin_str(&in, "reflection", JIN_REQUIRED, 5000, &c.reflection);
	jin_str(&in, "thank_you_note", JIN_REQUIRED, 5000, &c.thank_you_note);
	jin_int(&in, "satisfaction", JIN_REQUIRED, 1, 5, &sat);
	jin_int(&in, "goals_met", 0, 1, 5, &met);
	jin_int(&in, "mentor_important", 0, 1, 5, &important);
	bool recommend;
	if (jin_bool(&in, "would_recommend", &recommend))
		c.would_recommend = recommend;
	if (!rel_is_mentor(r, rel) && !important)
		verr_add(&in.errs, "mentor_important", "tell us: was your mentor important to your success? (1-5)");
	if (rel_is_mentor(r, rel) && important)
		verr_add(&in.errs, "mentor_important", "is the mentee's question");
	jin_close(&in);
	if (jin_failed(&in))
		return;
	c.satisfaction = (int)sat;
	c.goals_met = (int)met;
	c.mentor_important = (int)important;
	if (!api_begin(r))
		return;
	int st = store_closure_add(r->db, rel->id, r->who.user_id, &c);
	if (st == DB_CONSTRAINT) {
		db_rollback(r->db);
		resp_error(r, 409, "conflict", "you have already closed this relationship");
		return;
	}
	if (st == DB_OK)
		st = store_rel_event(r->db, rel->id, r->who.user_id, "thank_you", c.thank_you_note);
	if (st == DB_OK) /* notify: deliver the thank-you note by email */
		st = notify_thank_you(r->db, r->arena, rel, r->who.user_id, c.thank_you_note);
	json_t *all = NULL;
	if (st == DB_OK)
		st = store_closure_list(r->db, rel->id, &all);
	if (st == DB_OK) {
		bool both = json_array_size(all) >= 2;
		st = rel_move(r, rel, both ? PHASE_COMPLETED : PHASE_CLOSING,
			      both ? "both closed: the relationship is completed"
				   : arena_printf(r->arena, "%s started closing", r->who.name));
	}
	if (st != DB_OK) {
		json_decref(all);
		api_fail(r, st);
		return;
	}
	if (!api_commit(r)) {
		json_decref(all);
		return;
	}
	resp_json(r, 201, json_pack("{s:s, s:o}", "phase", phase_name((phase_t)rel->phase), "closures", all));
}

static void closing(req_t *r)
{
	rel_list(r, REL_CONTENT, store_closure_list);
}

static void keep_in_touch(req_t *r)
{
	relationship_t *rel = rel_access(r, r->id[0], REL_CONTENT);
	if (!rel || !rel_phase_allows(r, rel, ACT_KEEP_IN_TOUCH))
		return;
	jin_t in;
	int64_t every = 0;
	if (!jin_open(&in, r))
		return;
	jin_int(&in, "every_days", JIN_REQUIRED, 0, 365, &every);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	int st = store_rel_set_keep_in_touch(r->db, rel->id, (int)every);
	if (st == DB_OK)
		st = rel_move(r, rel, PHASE_ALUMNI, "became an alumni connection");
	if (st == DB_OK)
		st = store_rel_event(r->db, rel->id, r->who.user_id, "keep_in_touch",
				     every ? arena_printf(r->arena, "every %lld days", (long long)every)
					   : "no reminders");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	rel->keep_in_touch_days = (int)every;
	resp_json(r, 200, api_rel_json(r, rel, false));
}

void api_relationships_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/relationships", list, 0, NULL},
		{"POST", "/api/v1/relationships", create, 0, NULL},
		{"GET", "/api/v1/relationships/{id}", get, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/history", history, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/meeting-slots", slots, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/close", close_rel, 0, NULL},
		{"GET", "/api/v1/relationships/{id}/closing", closing, 0, NULL},
		{"POST", "/api/v1/relationships/{id}/keep-in-touch", keep_in_touch, 0, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
	api_goals_register();
	api_meetings_register();
	api_matching_register();
}

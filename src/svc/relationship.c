/* Relationships: created by a program's managers pairing a mentor and a
 * mentee (publishing a match run and accepting a mentor request make them
 * too, through svc_rel_check_pair); listed, read with what the two have in
 * common, conversation starters and both people's meeting preferences;
 * meeting times proposed inside both people's availability (the mentee's
 * first); closed by each of the pair with a reflection, the closure survey
 * and a thank-you note; then kept as an alumni connection. Managers see a
 * relationship's metadata (phase, history), the pair its content. */
#include "svc/relationship.h"
#include "core/common.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "notify/notify.h"
#include "notify/program_notices.h"
#include "store/stmts.h"
#include "svc/health.h"
#include "svc/program.h"
#include "svc/rel.h"

#include <string.h>

#define MAX_SLOTS 40

const char *svc_relationship_next_step(int phase)
{
	switch ((phase_t)phase) {
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

void svc_relationship_out(const relationship_t *rel, Relationship_t *out)
{
	*out = (Relationship_t){
		.id = rel->id, .program_id = rel->program_id, .program_name = rel->program_name,
		.mentor = {rel->mentor_id, rel->mentor_name}, .mentee = {rel->mentee_id, rel->mentee_name},
		.mentor_id = rel->mentor_id, .mentee_id = rel->mentee_id,
		.phase = phase_name((phase_t)rel->phase), .origin = rel->origin,
		.keep_in_touch_days = rel->keep_in_touch_days < 0 ? 0 : rel->keep_in_touch_days,
		.keep_in_touch_days_null = rel->keep_in_touch_days < 0,
		.next_step = svc_relationship_next_step(rel->phase),
		.created_at = rel->created_at, .updated_at = rel->updated_at, .health_null = true,
		.ended_by_organisation_at = rel->ended_by_org_at, .ended_by_organisation_at_null = !rel->ended_by_org_at};
	/* Nothing is left to do in a relationship the organisation ended. */
	if (rel->ended_by_org_at)
		out->next_step = "Ended by the organisation: one of you has left. Its history stays here to read.";
}

static MeetingPreference_t preference(const profile_t *p)
{
	return (MeetingPreference_t){.channel = p->preferred_channel, .channel_null = !p->preferred_channel,
				     .style = p->meeting_style, .style_null = !p->meeting_style,
				     .notes = p->preferences ? p->preferences : ""};
}

/* Commonalities and conversation starters from both profiles, and both
 * people's meeting preferences (which stay visible to both). */
static int add_detail(svc_t *s, const relationship_t *rel, Relationship_t *out)
{
	profile_t *mentor = NULL, *mentee = NULL;
	int st = store_profile_get(s->db, s->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_profile_get(s->db, s->arena, rel->mentee_id, &mentee);
	if (st != DB_OK)
		return svc_db(s, st);
	commonality_t *c;
	int n = common_find(mentor, mentee, rel->mentor_name, rel->mentee_name, time_now(), s->arena, &c);
	Commonality_t *common = arena_alloc(s->arena, sizeof(*common) * (size_t)(n + 1));
	const char **starters = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		common[i] = (Commonality_t){c[i].kind, c[i].value};
		starters[i] = c[i].starter;
	}
	out->commonalities = (Commonality_list_t){common, n};
	out->conversation_starters = (strlist_t){starters, n};
	out->preferences = (Relationship_preferences_t){preference(mentor), preference(mentee)};
	out->has_commonalities = out->has_conversation_starters = out->has_preferences = true;
	return SVC_OK;
}

/* The health of every relationship of a page, in one call. */
static int add_health(svc_t *s, const relationship_t *rels, int n, Relationship_t *out)
{
	RelationshipHealth_t *h = arena_alloc(s->arena, sizeof(*h) * (size_t)(n + 1));
	bool *known = arena_alloc(s->arena, sizeof(bool) * (size_t)(n + 1));
	int st = n ? svc_health_rels(s, rels, n, h, known) : SVC_OK;
	for (int i = 0; st == SVC_OK && i < n; i++)
		if (known[i]) {
			out[i].health = h[i];
			out[i].health_null = false;
		}
	return st;
}

/* The whole answer for one relationship: summary, health, with detail the
 * commonalities and preferences. */
static int answer(svc_t *s, const relationship_t *rel, bool detail, Relationship_t *out)
{
	svc_relationship_out(rel, out);
	int st = add_health(s, rel, 1, out);
	if (st == SVC_OK && detail)
		st = add_detail(s, rel, out);
	return st;
}

int svc_relationship_page(svc_t *s, const in_listRelationships_t *in, bool health, RelationshipList_t *out)
{
	int64_t after, program_id = in->has_program_id ? in->program_id : 0;
	if (!svc_cursor(in->has_cursor ? in->cursor : NULL, &after)) {
		svc_field(s, "cursor", "must be the next value of a previous page");
		return svc_check(s);
	}
	program_t *prog;
	int st, limit = in->has_limit ? (int)in->limit : 50, n;
	/* With a program: all of its relationships, for its managers. Without:
	 * the caller's own. */
	if (program_id && (st = svc_program_access(s, program_id, true, &prog)))
		return st;
	relationship_t *items;
	st = store_rel_list(s->db, s->arena, s->uid, program_id, after, limit, &items, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	out->items.v = arena_alloc(s->arena, sizeof(Relationship_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		svc_relationship_out(&items[i], &out->items.v[i]);
	if (health && (st = add_health(s, items, n, out->items.v)))
		return st;
	out->next = svc_next_cursor(s, n, limit, n ? items[n - 1].id : 0);
	return SVC_OK;
}

int svc_relationship_list(svc_t *s, const in_listRelationships_t *in, RelationshipList_t *out)
{
	return svc_relationship_page(s, in, true, out);
}

int svc_relationship_create(svc_t *s, const in_createRelationship_t *in, Relationship_t *out)
{
	const RelationshipCreate_t *b = &in->body;
	program_t *prog;
	const char *conflict = NULL;
	int st = svc_program_access(s, b->program_id, true, &prog);
	if (st || (st = svc_program_writable(s, prog)) || (st = svc_begin(s)))
		return st;
	if ((st = svc_rel_check_pair(s, prog, b->mentor_id, b->mentee_id, &conflict)) || (st = svc_check(s)))
		return svc_abort(s, st);
	if (conflict)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "%s", conflict));
	relationship_t rel = {.program_id = prog->id, .mentor_id = b->mentor_id, .mentee_id = b->mentee_id,
			      .origin = "manual"};
	int db = store_rel_insert(s->db, &rel, s->uid, &rel.id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "relationship.create", "relationship", rel.id, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	relationship_t *made = NULL;
	if ((db = store_rel_get(s->db, s->arena, rel.id, &made)) != DB_OK || !made)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	return answer(s, made, true, out);
}

int svc_relationship_get(svc_t *s, const in_getRelationship_t *in, Relationship_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_META, &rel);
	return st ? st : answer(s, rel, true, out);
}

int svc_relationship_view(svc_t *s, int64_t id, bool detail, svc_rel_view_t *out)
{
	memset(out, 0, sizeof(*out));
	int st = svc_rel_access(s, id, SVC_REL_META, &out->rel);
	if (st || (st = svc_relationship_viewer_tz(s, &out->tz)))
		return st;
	svc_relationship_out(out->rel, &out->out);
	return detail ? add_detail(s, out->rel, &out->out) : SVC_OK;
}

int svc_relationship_viewer_tz(svc_t *s, const char **tz)
{
	row_rel_viewer_t *v;
	int st = svc_db(s, sql_rel_viewer_timezone(s->db, s->arena, s->uid, &v));
	*tz = v && *v->timezone ? v->timezone : "UTC";
	return st;
}

/* Events whose detail is words the pair wrote (the thank-you note, a goal's
 * title): managers see that they happened, not what was said. */
static const char *const content_events[] = {"thank_you", "goal_confirmed", NULL};

int svc_relationship_history(svc_t *s, const in_getRelationshipHistory_t *in, EventList_t *out)
{
	relationship_t *rel;
	row_rel_event_t *rows;
	int n;
	int st = svc_rel_access(s, in->id, SVC_REL_META, &rel);
	if (st || (st = svc_db(s, sql_rel_events(s->db, s->arena, rel->id, &rows, &n))))
		return st;
	bool member = s->uid == rel->mentor_id || s->uid == rel->mentee_id;
	out->items.v = arena_alloc(s->arena, sizeof(Event_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++) {
		const char *detail = rows[i].detail;
		for (const char *const *k = content_events; !member && *k; k++)
			if (!strcmp(rows[i].kind, *k))
				detail = "";
		out->items.v[i] = (Event_t){.id = rows[i].id, .at = rows[i].at, .actor_id = rows[i].actor_id,
					    .actor_id_null = rows[i].actor_id_null, .kind = rows[i].kind,
					    .detail = detail};
	}
	return SVC_OK;
}

/* "2026-11-24 15:00 Europe/Berlin": an instant in a person's local time. */
static const char *local_start(svc_t *s, const char *zone, int64_t t)
{
	local_time_t lt;
	char clock[6];
	if (!tz_to_local(zone, t, &lt))
		return "";
	clock_format(lt.minute, clock);
	return arena_printf(s->arena, "%04d-%02d-%02d %s %s", lt.year, lt.month, lt.day, clock, zone);
}

int svc_relationship_slots(svc_t *s, const in_proposeMeetingSlots_t *in, SlotList_t *out)
{
	relationship_t *rel;
	profile_t *mentor = NULL, *mentee = NULL;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	int db = store_profile_get(s->db, s->arena, rel->mentor_id, &mentor);
	if (db == DB_OK)
		db = store_profile_get(s->db, s->arena, rel->mentee_id, &mentee);
	if (db != DB_OK)
		return svc_db(s, db);
	int days = in->has_days ? (int)in->days : 14, minutes = in->has_duration_min ? (int)in->duration_min : 60;
	slot_t slots[MAX_SLOTS];
	/* From the next full hour, so nothing is proposed in the past. */
	int64_t from = (time_now() / 3600 + 1) * 3600;
	int n = avail_propose(mentee->availability, mentee->n_availability, mentee->timezone,
			      mentor->availability, mentor->n_availability, mentor->timezone, from, days,
			      minutes, slots, MAX_SLOTS);
	out->items.v = arena_alloc(s->arena, sizeof(Slot_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		out->items.v[i] = (Slot_t){.starts_at = slots[i].start, .duration_min = minutes,
					   .fits = slots[i].both ? "both" : "mentee_only",
					   .mentee_local = local_start(s, mentee->timezone, slots[i].start),
					   .mentor_local = local_start(s, mentor->timezone, slots[i].start)};
	return SVC_OK;
}

static void closure_out(const row_closure_t *c, Closure_t *out)
{
	*out = (Closure_t){.user_id = c->user_id, .reflection = c->reflection, .satisfaction = c->satisfaction,
			   .goals_met = c->goals_met, .goals_met_null = c->goals_met_null,
			   .mentor_important = c->mentor_important, .mentor_important_null = c->mentor_important_null,
			   .would_recommend = c->would_recommend, .would_recommend_null = c->would_recommend_null,
			   .thank_you_note = c->thank_you_note, .created_at = c->created_at};
}

/* Both closings of rel, oldest first. */
static int closures_of(svc_t *s, const relationship_t *rel, Closure_list_t *out)
{
	row_closure_t *rows;
	int n;
	int st = svc_db(s, sql_closure_list(s->db, s->arena, rel->id, &rows, &n));
	if (st)
		return st;
	out->v = arena_alloc(s->arena, sizeof(Closure_t) * (size_t)(n + 1));
	out->n = n;
	for (int i = 0; i < n; i++)
		closure_out(&rows[i], &out->v[i]);
	return SVC_OK;
}

int svc_relationship_closures(svc_t *s, const in_listClosures_t *in, ClosureList_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	return st ? st : closures_of(s, rel, &out->items);
}

/* Writes the caller's closing, its history line and the thank-you email,
 * and moves the phase: closing after the first, completed after both. */
static int record_closing(svc_t *s, relationship_t *rel, const CloseRequest_t *b, Closure_list_t *all)
{
	int db = sql_closure_insert(s->db, rel->id, s->uid, b->reflection, b->satisfaction,
				    b->has_goals_met ? b->goals_met : 0,
				    b->has_mentor_important ? b->mentor_important : 0,
				    b->has_would_recommend ? b->would_recommend : -1, b->thank_you_note, time_now());
	if (db == DB_CONSTRAINT)
		return svc_fail(s, SVC_CONFLICT, "conflict", "you have already closed this relationship");
	if (db == DB_OK)
		db = store_rel_event(s->db, rel->id, s->uid, "thank_you", b->thank_you_note);
	if (db == DB_OK)
		db = notify_thank_you(s->db, s->arena, rel, s->uid, b->thank_you_note);
	int st = svc_db(s, db);
	if (st || (st = closures_of(s, rel, all)))
		return st;
	bool both = all->n >= 2;
	return svc_db(s, svc_rel_move(s, rel, both ? PHASE_COMPLETED : PHASE_CLOSING,
				      both ? "both closed: the relationship is completed"
					   : arena_printf(s->arena, "%s started closing", s->name ? s->name : "someone")));
}

int svc_relationship_close(svc_t *s, const in_closeRelationship_t *in, CloseResult_t *out)
{
	const CloseRequest_t *b = &in->body;
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_rel_phase(s, rel, ACT_CLOSE)))
		return st;
	bool mentor = svc_rel_is_mentor(s, rel);
	if (!mentor && !b->has_mentor_important)
		svc_field(s, "mentor_important", "tell us: was your mentor important to your success? (1-5)");
	if (mentor && b->has_mentor_important)
		svc_field(s, "mentor_important", "is the mentee's question");
	if ((st = svc_check(s)) || (st = svc_begin(s)))
		return st;
	if ((st = record_closing(s, rel, b, &out->closures)))
		return svc_abort(s, st);
	if ((st = svc_commit(s)))
		return st;
	out->phase = phase_name((phase_t)rel->phase);
	return SVC_OK;
}

int svc_relationship_keep_in_touch(svc_t *s, const in_keepInTouch_t *in, Relationship_t *out)
{
	relationship_t *rel;
	int64_t every = in->body.every_days;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_rel_phase(s, rel, ACT_KEEP_IN_TOUCH)) || (st = svc_begin(s)))
		return st;
	int db = store_rel_set_keep_in_touch(s->db, rel->id, (int)every);
	if (db == DB_OK)
		db = svc_rel_move(s, rel, PHASE_ALUMNI, "became an alumni connection");
	if (db == DB_OK)
		db = store_rel_event(s->db, rel->id, s->uid, "keep_in_touch",
				     every ? arena_printf(s->arena, "every %lld days", (long long)every) : "no reminders");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	rel->keep_in_touch_days = (int)every;
	return answer(s, rel, false, out);
}

/* ---- a program manager steps in ---- */

int svc_relationship_manage(svc_t *s, int64_t id, relationship_t **out)
{
	int st = svc_rel_access(s, id, SVC_REL_META, out);
	if (st)
		return st;
	if (s->uid == (*out)->mentor_id || s->uid == (*out)->mentee_id)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the program's managers do this");
	return SVC_OK;
}

int svc_relationship_end_tx(svc_t *s, relationship_t *rel, const char *reason)
{
	int db = svc_rel_move(s, rel, PHASE_COMPLETED, "ended by a program manager");
	if (db == DB_OK)
		db = store_rel_event(s->db, rel->id, s->uid, "ended", reason);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "relationship.end", "relationship", rel->id, reason);
	notify_pair_t p = {.rel_id = rel->id, .program_name = rel->program_name, .mentor_id = rel->mentor_id,
			   .mentee_id = rel->mentee_id, .mentor_name = rel->mentor_name, .mentee_name = rel->mentee_name};
	if (db == DB_OK)
		db = notify_rel_ended(s->db, s->arena, &p, s->name && *s->name ? s->name : "A program manager", reason);
	return db;
}

int svc_relationship_end(svc_t *s, const in_endRelationship_t *in, Relationship_t *out)
{
	relationship_t *rel;
	int st = svc_relationship_manage(s, in->id, &rel);
	if (st)
		return st;
	if (!phase_active((phase_t)rel->phase))
		return svc_fail(s, SVC_CONFLICT, "conflict", "this relationship has already ended");
	if ((st = svc_begin(s)))
		return st;
	int db = svc_relationship_end_tx(s, rel, in->body.reason);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, rel, false, out);
}

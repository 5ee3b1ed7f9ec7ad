/* Meetings: the kickoff, regular meetings (a single one or a recurring
 * series by RRULE, within core/rrule.h's bounds) and alumni coffees. Each
 * records whether it lies inside the mentee's and the mentor's weekly
 * availability; a reschedule needs a reason and records who asked; holding
 * the kickoff opens goal setting. Every change an attendee's calendar shows
 * raises the SEQUENCE, and the invitation, update or cancellation goes into
 * the outbox in the same transaction (notify_meeting). Inside a meeting:
 * the agenda (what the mentee brings is a question by default), Markdown
 * notes (shared, or private to their author), and two-way feedback that its
 * receiver acknowledges. Only the mentor and the mentee see any of it
 * (svc/rel.h). Meetings are read through the store's record
 * (store_meeting_*), which notify and the iCalendar writer share; what lies
 * inside one with its named statements. */
#include "svc/meeting.h"
#include "svc/rel.h"
#include "core/buf.h"
#include "core/markdown.h"
#include "core/rrule.h"
#include "core/timeutil.h"
#include "core/tzconv.h"
#include "notify/ical.h"
#include "notify/notify.h"
#include "store/stmts.h"

#include <string.h>

#define MAX_SLOTS 40

/* Whether the meeting fits each person's weekly availability. */
static int fit_hours(svc_t *s, const relationship_t *rel, meeting_row_t *m)
{
	profile_t *mentor = NULL, *mentee = NULL;
	int st = store_profile_get(s->db, s->arena, rel->mentor_id, &mentor);
	if (st == DB_OK)
		st = store_profile_get(s->db, s->arena, rel->mentee_id, &mentee);
	if (st != DB_OK)
		return st;
	m->in_mentee_hours = avail_contains(mentee->availability, mentee->n_availability, mentee->timezone,
					    m->starts_at, m->duration_min);
	m->in_mentor_hours = avail_contains(mentor->availability, mentor->n_availability, mentor->timezone,
					    m->starts_at, m->duration_min);
	return DB_OK;
}

static void meeting_out(const meeting_row_t *m, Meeting_t *out)
{
	*out = (Meeting_t){.id = m->id, .relationship_id = m->relationship_id, .starts_at = m->starts_at,
			   .duration_min = m->duration_min, .channel = m->channel, .kind = m->kind,
			   .rrule = m->rrule, .rrule_null = !m->rrule, .status = m->status,
			   .in_mentee_hours = m->in_mentee_hours, .in_mentor_hours = m->in_mentor_hours,
			   .sequence = m->sequence, .created_by = m->created_by, .created_at = m->created_at,
			   .updated_at = m->updated_at};
}

/* Meeting id freshly read, as one meeting's answer shows it: with its
 * reschedules, the availability warnings and the link to its .ics. */
static int answer(svc_t *s, int64_t id, Meeting_t *out)
{
	meeting_row_t *m;
	row_meeting_reschedule_t *rows = NULL;
	int n = 0;
	int st = store_meeting_get(s->db, s->arena, id, &m);
	if (st == DB_OK && !m)
		st = DB_ERROR;
	if (st == DB_OK)
		st = sql_meeting_reschedule_list(s->db, s->arena, id, &rows, &n);
	if (st != DB_OK)
		return svc_db(s, st);
	meeting_out(m, out);
	out->has_reschedules = out->has_warnings = out->has_ics_url = true;
	out->reschedules.v = arena_alloc(s->arena, sizeof(Reschedule_t) * (size_t)(n + 1));
	out->reschedules.n = n;
	for (int i = 0; i < n; i++)
		out->reschedules.v[i] = (Reschedule_t){rows[i].id, rows[i].from_starts_at, rows[i].to_starts_at,
							rows[i].requested_by, rows[i].reason, rows[i].at};
	out->warnings.v = arena_alloc(s->arena, sizeof(char *) * 2);
	if (!m->in_mentee_hours)
		out->warnings.v[out->warnings.n++] = "outside the mentee's availability: respect their schedule first";
	if (!m->in_mentor_hours)
		out->warnings.v[out->warnings.n++] = "outside the mentor's availability";
	out->ics_url = arena_printf(s->arena, "/api/v1/meetings/%lld.ics", (long long)m->id);
	return SVC_OK;
}

/* Meeting id and its relationship, for a member of the pair. */
static int meeting_access(svc_t *s, int64_t id, meeting_row_t **m, relationship_t **rel)
{
	int db = store_meeting_get(s->db, s->arena, id, m);
	return svc_rel_child_access(s, db, *m != NULL, *m ? (*m)->relationship_id : 0, "meeting", id, rel);
}

/* The same, to change something of the meeting: not in an archived program. */
static int meeting_write_access(svc_t *s, int64_t id, meeting_row_t **m, relationship_t **rel)
{
	int st = meeting_access(s, id, m, rel);
	return st ? st : svc_rel_writable(s, *rel);
}

int svc_meeting_list(svc_t *s, const in_listMeetings_t *in, MeetingList_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	meeting_row_t *items;
	int n = 0, db = store_meeting_list(s->db, s->arena, rel->id, &items, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Meeting_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		meeting_out(&items[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_meeting_get(svc_t *s, const in_getMeeting_t *in, Meeting_t *out)
{
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_access(s, in->id, &m, &rel);
	return st ? st : answer(s, m->id, out);
}

int svc_meeting_create(svc_t *s, const in_createMeeting_t *in, Meeting_t *out)
{
	const MeetingCreate_t *b = &in->body;
	relationship_t *rel;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	meeting_row_t m = {.relationship_id = rel->id, .starts_at = b->starts_at,
			   .duration_min = b->has_duration_min ? (int)b->duration_min : 60,
			   .channel = b->has_channel ? b->channel : "video", .kind = b->has_kind ? b->kind : "regular",
			   .rrule = b->has_rrule && !b->rrule_null ? b->rrule : NULL, .status = "scheduled",
			   .created_by = s->uid};
	/* The edge held the rule to its bounds from today; the series starts
	 * at starts_at, which may move where UNTIL falls. */
	const char *why;
	if (m.rrule && !rrule_check(m.rrule, m.starts_at, &why))
		svc_field(s, "rrule", "%s", why);
	if ((st = svc_check(s)))
		return st;
	phase_action_t act = !strcmp(m.kind, "kickoff") ? ACT_KICKOFF : !strcmp(m.kind, "coffee") ? ACT_COFFEE
											   : ACT_MEETING;
	if ((st = svc_rel_phase(s, rel, act)))
		return st;
	int db = fit_hours(s, rel, &m);
	if (db != DB_OK)
		return svc_db(s, db);
	if ((st = svc_begin(s)))
		return st;
	db = store_meeting_insert(s->db, &m, &m.id);
	if (db == DB_OK) /* the invitation, in this transaction */
		db = notify_meeting(s->db, s->arena, m.id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, m.id, out);
}

int svc_meeting_update(svc_t *s, const in_updateMeeting_t *in, Meeting_t *out)
{
	const MeetingPatch_t *b = &in->body;
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_write_access(s, in->id, &m, &rel);
	if (st)
		return st;
	int64_t from = m->starts_at, to = b->has_starts_at ? b->starts_at : m->starts_at;
	bool moved = to != from;
	const char *reason = b->has_reason ? b->reason : "", *why;
	const char *status = b->has_status ? b->status : m->status;
	if (moved && !*reason)
		svc_field(s, "reason", "a reschedule needs a reason, so the other person knows why");
	if (moved && m->rrule && !rrule_check(m->rrule, to, &why))
		svc_field(s, "starts_at", "the series' rule no longer fits from this time: it %s", why);
	if ((st = svc_check(s)))
		return st;
	if (strcmp(m->status, "scheduled") != 0 && (moved || strcmp(status, m->status) != 0))
		return svc_fail(s, SVC_CONFLICT, "conflict", "this meeting is already %s", m->status);
	if (!strcmp(status, "held") && strcmp(m->status, "held") != 0 && to > time_now())
		return svc_fail(s, SVC_CONFLICT, "conflict", "a meeting can be marked held once it has started");
	bool kickoff_held = !strcmp(m->kind, "kickoff") && !strcmp(status, "held") && strcmp(m->status, "held");
	int duration = b->has_duration_min ? (int)b->duration_min : m->duration_min;
	const char *channel = b->has_channel ? b->channel : m->channel;
	/* Anything an attendee's calendar shows changed: a new SEQUENCE, so the
	 * update reaches their calendar. */
	if (moved || strcmp(status, m->status) || duration != m->duration_min || strcmp(channel, m->channel))
		m->sequence++;
	m->starts_at = to;
	m->duration_min = duration;
	m->channel = channel;
	m->status = status;
	int db = fit_hours(s, rel, m);
	if (db != DB_OK)
		return svc_db(s, db);
	if ((st = svc_begin(s)))
		return st;
	db = store_meeting_update(s->db, m);
	if (db == DB_OK && moved)
		db = store_reschedule_add(s->db, m->id, from, to, s->uid, reason);
	if (db == DB_OK && kickoff_held && rel->phase == PHASE_GETTING_TO_KNOW)
		db = svc_rel_move(s, rel, PHASE_GOAL_SETTING, "kickoff held: you know each other; goal setting opens");
	if (db == DB_OK) /* the update or cancellation, if SEQUENCE grew */
		db = notify_meeting(s->db, s->arena, m->id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return answer(s, m->id, out);
}

int svc_meeting_ics(svc_t *s, int64_t id, const char **text)
{
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_access(s, id, &m, &rel);
	if (st)
		return st;
	user_t *mentor = NULL, *mentee = NULL;
	int db = store_user_get(s->db, s->arena, rel->mentor_id, &mentor);
	if (db == DB_OK)
		db = store_user_get(s->db, s->arena, rel->mentee_id, &mentee);
	if (db == DB_OK && (!mentor || !mentee))
		db = DB_ERROR;
	if (db != DB_OK)
		return svc_db(s, db);
	ical_people_t who = {mentor->name, mentor->email, mentee->name, mentee->email, rel->program_name};
	*text = ical_meeting(s->arena, m, &who, "PUBLISH");
	return SVC_OK;
}

/* "2026-11-30 10:00 Europe/Berlin": the instant t on zone's clock. */
static const char *local_of(svc_t *s, const char *zone, int64_t t)
{
	local_time_t lt;
	char clock[6];
	tz_to_local(zone, t, &lt);
	clock_format(lt.minute, clock);
	return arena_printf(s->arena, "%04d-%02d-%02d %s %s", lt.year, lt.month, lt.day, clock, zone);
}

int svc_meeting_slots(svc_t *s, int64_t rel_id, int days, int minutes, SlotList_t *out)
{
	relationship_t *rel;
	int st = svc_rel_access(s, rel_id, SVC_REL_CONTENT, &rel);
	if (st)
		return st;
	profile_t *mentor = NULL, *mentee = NULL;
	int db = store_profile_get(s->db, s->arena, rel->mentor_id, &mentor);
	if (db == DB_OK)
		db = store_profile_get(s->db, s->arena, rel->mentee_id, &mentee);
	if (db != DB_OK)
		return svc_db(s, db);
	slot_t slots[MAX_SLOTS];
	/* From the next full hour, so nothing is proposed in the past. */
	int64_t from = (time_now() / 3600 + 1) * 3600;
	int n = avail_propose(mentee->availability, mentee->n_availability, mentee->timezone,
			      mentor->availability, mentor->n_availability, mentor->timezone, from, days, minutes,
			      slots, MAX_SLOTS);
	out->items.v = arena_alloc(s->arena, sizeof(Slot_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		out->items.v[i] = (Slot_t){slots[i].start, minutes, slots[i].both ? "both" : "mentee_only",
					   local_of(s, mentee->timezone, slots[i].start),
					   local_of(s, mentor->timezone, slots[i].start)};
	return SVC_OK;
}

/* ---- agenda, notes, feedback ---- */

static void agenda_out(const row_meeting_agenda_item_t *r, AgendaItem_t *out)
{
	*out = (AgendaItem_t){r->id, r->meeting_id, r->author_id, r->text, r->is_question, r->created_at};
}

int svc_meeting_agenda_list(svc_t *s, const in_listAgenda_t *in, AgendaItemList_t *out)
{
	meeting_row_t *m;
	relationship_t *rel;
	row_meeting_agenda_item_t *rows;
	int n = 0, st = meeting_access(s, in->id, &m, &rel);
	if (st)
		return st;
	int db = sql_meeting_agenda_list(s->db, s->arena, m->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(AgendaItem_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		agenda_out(&rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_meeting_agenda_add(svc_t *s, const in_addAgendaItem_t *in, AgendaItem_t *out)
{
	const AgendaItemCreate_t *b = &in->body;
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_write_access(s, in->id, &m, &rel);
	if (st)
		return st;
	if (!strcmp(m->status, "cancelled"))
		return svc_fail(s, SVC_CONFLICT, "conflict", "this meeting was cancelled");
	/* What the mentee brings is a question by default: the mentee prepares
	 * the questions, and the agenda shows who is engaged. */
	bool question = b->has_is_question ? b->is_question : !svc_rel_is_mentor(s, rel);
	if ((st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = store_agenda_add(s->db, m->id, s->uid, b->text, question, &id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	row_meeting_agenda_item_t *r;
	if ((db = sql_meeting_agenda_get(s->db, s->arena, id, &r)) != DB_OK || !r)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	agenda_out(r, out);
	return SVC_OK;
}

static void note_out(svc_t *s, const row_meeting_note_t *r, Note_t *out)
{
	*out = (Note_t){r->id, r->meeting_id, r->author_id, r->body, md_to_html(s->arena, r->body), r->private,
			r->created_at};
}

int svc_meeting_note_list(svc_t *s, const in_listNotes_t *in, NoteList_t *out)
{
	meeting_row_t *m;
	relationship_t *rel;
	row_meeting_note_t *rows;
	int n = 0, st = meeting_access(s, in->id, &m, &rel);
	if (st)
		return st;
	int db = sql_meeting_note_list(s->db, s->arena, m->id, s->uid, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Note_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		note_out(s, &rows[i], &out->items.v[i]);
	return SVC_OK;
}

int svc_meeting_note_add(svc_t *s, const in_addNote_t *in, Note_t *out)
{
	const NoteCreate_t *b = &in->body;
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_write_access(s, in->id, &m, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = store_note_add(s->db, m->id, s->uid, b->body, b->has_private && b->private, &id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	row_meeting_note_t *r;
	if ((db = sql_meeting_note_get(s->db, s->arena, id, &r)) != DB_OK || !r)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	note_out(s, r, out);
	return SVC_OK;
}

/* Tags are stored comma-joined (a tag holds no comma: the document's rule). */
static strlist_t tags_split(svc_t *s, const char *joined)
{
	strlist_t l = {arena_alloc(s->arena, sizeof(char *) * (strlen(joined) / 2 + 2)), 0};
	for (const char *p = joined; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len)
			l.v[l.n++] = arena_strndup(s->arena, p, len);
		p += len + (e != NULL);
	}
	return l;
}

static const char *tags_join(svc_t *s, const strlist_t *tags)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < tags->n; i++) {
		if (!*tags->v[i])
			continue;
		if (b.len)
			buf_putc(&b, ',');
		buf_puts(&b, tags->v[i]);
	}
	const char *out = arena_strdup(s->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void feedback_out(svc_t *s, const row_meeting_feedback_t *r, Feedback_t *out)
{
	*out = (Feedback_t){.id = r->id, .meeting_id = r->meeting_id, .from_id = r->from_id, .to_id = r->to_id,
			    .rating = r->rating, .comment = r->comment, .tags = tags_split(s, r->tags),
			    .acknowledged_at = r->acknowledged_at, .acknowledged_at_null = r->acknowledged_at_null,
			    .created_at = r->created_at};
}

int svc_meeting_feedback_list(svc_t *s, const in_listFeedback_t *in, FeedbackList_t *out)
{
	meeting_row_t *m;
	relationship_t *rel;
	row_meeting_feedback_t *rows;
	int n = 0, st = meeting_access(s, in->id, &m, &rel);
	if (st)
		return st;
	int db = sql_meeting_feedback_list(s->db, s->arena, m->id, &rows, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	out->items.v = arena_alloc(s->arena, sizeof(Feedback_t) * (size_t)(n + 1));
	out->items.n = n;
	for (int i = 0; i < n; i++)
		feedback_out(s, &rows[i], &out->items.v[i]);
	return SVC_OK;
}

static int feedback_answer(svc_t *s, int64_t id, Feedback_t *out)
{
	row_meeting_feedback_t *r;
	int db = sql_meeting_feedback_get(s->db, s->arena, id, &r);
	if (db != DB_OK || !r)
		return svc_db(s, db == DB_OK ? DB_ERROR : db);
	feedback_out(s, r, out);
	return SVC_OK;
}

int svc_meeting_feedback_give(svc_t *s, const in_giveFeedback_t *in, Feedback_t *out)
{
	const FeedbackCreate_t *b = &in->body;
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_write_access(s, in->id, &m, &rel);
	if (st)
		return st;
	if (strcmp(m->status, "held") != 0 && m->starts_at > time_now())
		return svc_fail(s, SVC_CONFLICT, "conflict", "feedback comes after the meeting has taken place");
	const char *tags = b->has_tags ? tags_join(s, &b->tags) : "";
	if ((st = svc_begin(s)))
		return st;
	int64_t id = 0;
	int db = store_feedback_add(s->db, m->id, s->uid, svc_rel_other(s, rel), (int)b->rating,
				    b->has_comment ? b->comment : "", tags, &id);
	if (db == DB_CONSTRAINT)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict",
					     "you have already given feedback on this meeting"));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return feedback_answer(s, id, out);
}

int svc_meeting_feedback_ack(svc_t *s, const in_acknowledgeFeedback_t *in, Feedback_t *out)
{
	row_meeting_feedback_t *f;
	int db = sql_meeting_feedback_get(s->db, s->arena, in->id, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	/* Only the receiver acknowledges; the giver may know the feedback
	 * exists, anyone else may not. */
	if (!f || (s->uid != f->to_id && s->uid != f->from_id))
		return svc_not_found(s, "feedback", in->id);
	if (s->uid != f->to_id)
		return svc_fail(s, SVC_FORBIDDEN, "forbidden", "only the receiver acknowledges feedback");
	meeting_row_t *m;
	relationship_t *rel;
	int st = meeting_write_access(s, f->meeting_id, &m, &rel);
	if (st)
		return st;
	st = svc_begin(s);
	if (st)
		return st;
	if ((db = sql_meeting_feedback_ack(s->db, f->id, time_now(), NULL)) != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return feedback_answer(s, f->id, out);
}

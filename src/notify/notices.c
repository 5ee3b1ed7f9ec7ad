/* The notices the handlers queue as part of their own transaction: meeting
 * invitations, updates and cancellations (with their iCalendar part), new
 * messages, and the thank-you note written at closing. Each carries a
 * unique key, so calling a hook twice for the same event queues one email
 * per recipient. */
#include "notify/notify.h"
#include "notify/ical.h"
#include "notify/notices.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "core/tzconv.h"

#include <string.h>

const char *notice_when(arena_t *a, int64_t t, const char *zone)
{
	static const char *const wd[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	local_time_t lt;
	if (!zone || !tz_to_local(zone, t, &lt)) {
		zone = "UTC";
		if (!tz_to_local("UTC", t, &lt))
			return "";
	}
	return arena_printf(a, "%s %d %s %d, %02d:%02d (%s)", wd[lt.weekday % 8], lt.day,
			    mon[(lt.month - 1) % 12], lt.year, lt.minute / 60, lt.minute % 60, zone);
}

const char *notice_link(arena_t *a, const char *path)
{
	const char *base = notify_config()->base_url;
	size_t n = base ? strlen(base) : 0;
	while (n && base[n - 1] == '/')
		n--;
	return arena_printf(a, "%.*s%s", (int)n, base ? base : "", path);
}

/* The zone a meeting is written in for one recipient: a series is anchored
 * in the mentee's zone (the mentee's schedule comes first) so both
 * calendars expand it the same way across daylight-saving changes; a
 * single meeting is shown in the recipient's own zone. */
const char *notice_zone(const notify_meeting_t *nm, const notify_person_t *to)
{
	const char *z = nm->m.rrule && *nm->m.rrule ? nm->mentee_timezone : to->timezone;
	return z && ical_zone_known(z) ? z : "UTC";
}

static const char *what_of(const meeting_row_t *m)
{
	return !strcmp(m->kind, "kickoff") ? "Kickoff meeting" : !strcmp(m->kind, "coffee") ? "Coffee"
											   : "Mentoring meeting";
}

static int meeting_to(db_t *db, arena_t *a, const notify_meeting_t *nm, int64_t user_id,
		      const char *kind, const char *method)
{
	notify_person_t *to = NULL;
	int st = store_notify_person(db, a, user_id, &to);
	if (st != DB_OK || !to)
		return st;
	const meeting_row_t *m = &nm->m;
	bool mentor = user_id == nm->mentor_id;
	const char *other = mentor ? nm->mentee_name : nm->mentor_name;
	const char *zone = notice_zone(nm, to);
	const char *when = notice_when(a, m->starts_at, to->timezone);
	ical_people_t who = {nm->mentor_name, nm->mentor_email, nm->mentee_name, nm->mentee_email,
			     nm->program_name};
	ical_event_t ev = {.m = m, .who = &who, .tzid = zone, .organizer = notify_config()->mail_from};
	const char *verb = !strcmp(kind, "invite") ? "Invitation" : !strcmp(kind, "update") ? "Updated"
												  : "Cancelled";
	buf_t b = BUF_INIT;
	if (!strcmp(kind, "cancel"))
		buf_printf(&b, "Your %s with %s on %s has been cancelled.\n", what_of(m), other, when);
	else if (!strcmp(kind, "update"))
		buf_printf(&b, "Your %s with %s has moved to %s.\n", what_of(m), other, when);
	else
		buf_printf(&b, "%s with %s: %s, %d minutes, %s.\n", what_of(m), other, when,
			   m->duration_min, m->channel);
	if (m->rrule && *m->rrule && strcmp(kind, "cancel") != 0)
		buf_printf(&b, "This is a recurring series (%s).\n", m->rrule);
	buf_printf(&b, "\nProgram: %s\nAgenda and notes: %s\n\nThe attached invitation updates your calendar.\n",
		   nm->program_name, notice_link(a, arena_printf(a, "/meetings/%lld", (long long)m->id)));
	notify_mail_t mail = {
		.category = "meetings", .kind = kind,
		.dedup_key = arena_printf(a, "meeting:%lld:%d:%lld", (long long)m->id, m->sequence,
					  (long long)user_id),
		.subject = arena_printf(a, "%s: %s with %s, %s", verb, what_of(m), other, when),
		.body = arena_strdup(a, buf_cstr(&b)),
		.ics = ical_calendar(a, method, NULL, &ev, 1), .ics_method = method,
	};
	buf_free(&b);
	return notify_enqueue(db, a, to, &mail, NULL);
}

int notify_meeting(db_t *db, arena_t *a, int64_t meeting_id)
{
	notify_meeting_t *nm = NULL;
	int st = store_notify_meeting(db, a, meeting_id, &nm);
	if (st != DB_OK || !nm)
		return st;
	int last = 0;
	bool found = false;
	st = store_meeting_notice_get(db, meeting_id, &last, &found);
	if (st != DB_OK || (found && nm->m.sequence <= last))
		return st;
	const char *status = nm->m.status;
	bool cancelled = !strcmp(status, "cancelled");
	/* A held meeting needs no notice; a cancellation of a meeting never
	 * announced has nobody to tell. */
	if (!strcmp(status, "scheduled") || (cancelled && found)) {
		const char *kind = cancelled ? "cancel" : found ? "update" : "invite";
		const char *method = cancelled ? "CANCEL" : "REQUEST";
		st = meeting_to(db, a, nm, nm->mentee_id, kind, method);
		if (st == DB_OK)
			st = meeting_to(db, a, nm, nm->mentor_id, kind, method);
	}
	if (st == DB_OK)
		st = store_meeting_notice_put(db, meeting_id, nm->m.sequence, status);
	return st;
}

/* At most max bytes of s, cut on a UTF-8 character boundary. */
static const char *excerpt(arena_t *a, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return arena_printf(a, "%.*s…", (int)max, s);
}

static int other_person(db_t *db, arena_t *a, const relationship_t *rel, int64_t author_id,
			notify_person_t **to, const char **author)
{
	bool by_mentor = author_id == rel->mentor_id;
	*author = by_mentor ? rel->mentor_name : rel->mentee_name;
	return store_notify_person(db, a, by_mentor ? rel->mentee_id : rel->mentor_id, to);
}

int notify_message(db_t *db, arena_t *a, const relationship_t *rel, int64_t author_id,
		   int64_t message_id, const char *body)
{
	notify_person_t *to = NULL;
	const char *author;
	int st = other_person(db, a, rel, author_id, &to, &author);
	if (st != DB_OK || !to)
		return st;
	notify_mail_t mail = {
		.category = "messages", .kind = "message",
		.dedup_key = arena_printf(a, "message:%lld", (long long)message_id),
		.subject = arena_printf(a, "New message from %s", author),
		.body = arena_printf(a, "%s wrote in your mentoring thread (%s):\n\n%s\n\nReply: %s\n", author,
				     rel->program_name, excerpt(a, body, 4000),
				     notice_link(a, arena_printf(a, "/relationships/%lld", (long long)rel->id))),
	};
	return notify_enqueue(db, a, to, &mail, NULL);
}

int notify_thank_you(db_t *db, arena_t *a, const relationship_t *rel, int64_t author_id,
		     const char *note)
{
	notify_person_t *to = NULL;
	const char *author;
	int st = other_person(db, a, rel, author_id, &to, &author);
	if (st != DB_OK || !to || !note || !*note)
		return st;
	notify_mail_t mail = {
		.category = "thank_you", .kind = "thank_you",
		.dedup_key = arena_printf(a, "thank_you:%lld:%lld", (long long)rel->id, (long long)author_id),
		.subject = arena_printf(a, "A thank-you note from %s", author),
		.body = arena_printf(a, "%s is closing your mentoring relationship in %s and wrote to you:\n\n"
				     "%s\n\nThe note stays in your relationship's history: %s\n", author,
				     rel->program_name, excerpt(a, note, 5000),
				     notice_link(a, arena_printf(a, "/relationships/%lld", (long long)rel->id))),
	};
	return notify_enqueue(db, a, to, &mail, NULL);
}

/* Through the API to the SMTP server: a meeting created through the API
 * arrives as a valid invitation (METHOD:REQUEST, the attendee's zone with its
 * VTIMEZONE), a reschedule as an update (same UID, higher SEQUENCE), a
 * cancellation as METHOD:CANCEL; a series carries its RRULE; messages and
 * the thank-you note arrive by mail; settings and the daily digest; the
 * personal calendar feed and its token. Everything received is read back by
 * check_mail.py (Python's email package and icalendar). */
#include <criterion/criterion.h>
#include <string.h>

#include "nh.h"
#include "core/timeutil.h"

static void init(void)
{
	nh_setup(NULL, true);
}

static void fini(void)
{
	nh_teardown();
}

static const char *jstr(json_t *o, const char *path)
{
	/* dotted path with numeric array indexes: "calendar.events.0.uid" */
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	json_t *cur = o;
	for (char *save = NULL, *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
		cur = json_is_array(cur) ? json_array_get(cur, (size_t)atoi(tok)) : json_object_get(cur, tok);
	if (json_is_integer(cur))
		return nh_fmt("%lld", (long long)json_integer_value(cur));
	return json_string_value(cur);
}

static int64_t create_meeting(const char *json)
{
	json_t *b = NULL;
	char *text = NULL;
	long st = nh_http(NH.mentee_token, "POST", nh_fmt("/api/v1/relationships/%lld/meetings", (long long)NH.rel),
			  json, &b, &text);
	cr_assert_eq(st, 201, "create meeting: %ld %s", st, text);
	return json_integer_value(json_object_get(b, "id"));
}

static json_t *one(json_t *mails, const char *kind, const char *addr)
{
	json_t *p = nh_pick(mails, kind, addr);
	cr_assert_eq(json_array_size(p), 1, "want one %s to %s, got %zu", kind, addr, json_array_size(p));
	return json_array_get(p, 0);
}

static void check_calendar(json_t *m, const char *method, const char *uid, int seq, const char *start,
			   const char *tzid)
{
	cr_assert_str_eq(jstr(m, "calendar.method"), method);
	cr_assert_str_eq(jstr(m, "calendar_part_method"), method);
	cr_assert(json_is_true(json_object_get(m, "attachment_same")), "the invite.ics attachment differs");
	cr_assert_eq(json_array_size(json_object_get(json_object_get(m, "calendar"), "events")), 1);
	cr_assert_str_eq(jstr(m, "calendar.events.0.uid"), uid);
	cr_assert_str_eq(jstr(m, "calendar.events.0.sequence"), nh_fmt("%d", seq));
	cr_assert_str_eq(jstr(m, "calendar.events.0.dtstart"), start);
	cr_assert_str_eq(jstr(m, "calendar.events.0.tzid"), tzid);
	/* the calendar's own VTIMEZONE gives the same instant as tzdata */
	cr_assert_str_eq(jstr(m, "calendar.events.0.dtstart_via_vtimezone"), start);
	cr_assert_str_eq(jstr(m, "calendar.vtimezones.0"), tzid);
	cr_assert_str_eq(jstr(m, "calendar.events.0.organizer"), "mailto:mentord@mentoring.example.org");
	cr_assert_eq(json_array_size(json_object_get(json_array_get(
		json_object_get(json_object_get(m, "calendar"), "events"), 0), "attendees")), 2);
}

Test(invites, create_reschedule_cancel, .init = init, .fini = fini, .timeout = 60)
{
	int64_t id = create_meeting("{\"starts_at\": \"2030-03-28T14:00:00Z\", \"duration_min\": 45}");
	const char *uid = nh_fmt("meeting-%lld@mentord", (long long)id);
	cr_assert(nh_wait_mail(2, 20), "the invitations did not arrive");
	json_t *mails = nh_mail_json();
	json_t *mentee = one(mails, "invite", "mentee@example.org");
	json_t *mentor = one(mails, "invite", "mentor@example.org");
	/* 14:00Z is 15:00 in Berlin (CET) and 10:00 in New York (EDT) */
	check_calendar(mentee, "REQUEST", uid, 0, "2030-03-28T14:00:00Z", "Europe/Berlin");
	check_calendar(mentor, "REQUEST", uid, 0, "2030-03-28T14:00:00Z", "America/New_York");
	cr_assert_str_eq(jstr(mentee, "calendar.events.0.duration_s"), "2700");
	cr_assert_not_null(strstr(jstr(mentee, "subject"), "Marta Mentor"));
	cr_assert_not_null(strstr(jstr(mentee, "text"), "Thu 28 Mar 2030, 15:00 (Europe/Berlin)"));
	cr_assert_not_null(strstr(jstr(mentor, "subject"), "Jonas Müller"));
	cr_assert_str_neq(jstr(mentee, "message_id"), jstr(mentor, "message_id"));

	/* Reschedule across the DST change: same UID, higher SEQUENCE. */
	long st = nh_http(NH.mentor_token, "PATCH", nh_fmt("/api/v1/meetings/%lld", (long long)id),
			  "{\"starts_at\": \"2030-04-02T13:00:00Z\", \"reason\": \"travelling\"}", NULL, NULL);
	cr_assert_eq(st, 200);
	cr_assert(nh_wait_mail(4, 20), "the updates did not arrive");
	mails = nh_mail_json();
	check_calendar(one(mails, "update", "mentee@example.org"), "REQUEST", uid, 1, "2030-04-02T13:00:00Z",
		       "Europe/Berlin");
	check_calendar(one(mails, "update", "mentor@example.org"), "REQUEST", uid, 1, "2030-04-02T13:00:00Z",
		       "America/New_York");
	cr_assert_not_null(strstr(jstr(one(mails, "update", "mentee@example.org"), "text"),
				  "Tue 2 Apr 2030, 15:00 (Europe/Berlin)"));

	/* A new channel changes what the invitation says: an update too. */
	st = nh_http(NH.mentor_token, "PATCH", nh_fmt("/api/v1/meetings/%lld", (long long)id),
		     "{\"channel\": \"phone\"}", NULL, NULL);
	cr_assert_eq(st, 200);
	cr_assert(nh_wait_mail(6, 20), "the channel updates did not arrive");
	mails = nh_mail_json();
	cr_assert_eq(json_array_size(nh_pick(mails, "update", "mentee@example.org")), 2);
	cr_assert_eq(json_array_size(nh_pick(mails, "update", "mentor@example.org")), 2);

	st = nh_http(NH.mentee_token, "PATCH", nh_fmt("/api/v1/meetings/%lld", (long long)id),
		     "{\"status\": \"cancelled\"}", NULL, NULL);
	cr_assert_eq(st, 200);
	cr_assert(nh_wait_mail(8, 20), "the cancellations did not arrive");
	mails = nh_mail_json();
	json_t *c = one(mails, "cancel", "mentee@example.org");
	check_calendar(c, "CANCEL", uid, 3, "2030-04-02T13:00:00Z", "Europe/Berlin");
	cr_assert_str_eq(jstr(c, "calendar.events.0.status"), "CANCELLED");
	one(mails, "cancel", "mentor@example.org");
	nh_sleep(0.3);
	cr_assert_eq(nh_mail_count(), 8);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts = 1"), 8);
}

Test(invites, outbox_written_in_the_same_transaction, .init = init, .fini = fini)
{
	/* A refused request writes neither the meeting nor mail. */
	long st = nh_http(NH.mentee_token, "POST", nh_fmt("/api/v1/relationships/%lld/meetings", (long long)NH.rel),
			  "{\"starts_at\": \"not a time\"}", NULL, NULL);
	cr_assert_eq(st, 422);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox"), 0);
	create_meeting("{\"starts_at\": \"2030-05-06T08:00:00Z\"}");
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'invite'"), 2);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM meeting_notices"), 1);
}

Test(invites, recurring_series, .init = init, .fini = fini, .timeout = 60)
{
	int64_t id = create_meeting("{\"starts_at\": \"2030-03-20T14:00:00Z\", \"rrule\": \"FREQ=WEEKLY;COUNT=6\"}");
	cr_assert(nh_wait_mail(2, 20));
	json_t *mails = nh_mail_json();
	const char *uid = nh_fmt("meeting-%lld@mentord", (long long)id);
	/* A series is anchored in the mentee's zone for both, so both calendars
	 * keep it at 15:00 Berlin time across the DST change. */
	json_t *mentor = one(mails, "invite", "mentor@example.org");
	check_calendar(mentor, "REQUEST", uid, 0, "2030-03-20T14:00:00Z", "Europe/Berlin");
	cr_assert_str_eq(jstr(mentor, "calendar.events.0.rrule"), "FREQ=WEEKLY;COUNT=6");
	check_calendar(one(mails, "invite", "mentee@example.org"), "REQUEST", uid, 0, "2030-03-20T14:00:00Z",
		       "Europe/Berlin");
}

Test(invites, message_and_thank_you_by_mail, .init = init, .fini = fini, .timeout = 60)
{
	long st = nh_http(NH.mentor_token, "POST", nh_fmt("/api/v1/relationships/%lld/messages", (long long)NH.rel),
			  "{\"body\": \"How did the presentation go? ünïcödé\"}", NULL, NULL);
	cr_assert_eq(st, 201);
	cr_assert(nh_wait_mail(1, 20));
	json_t *m = one(nh_mail_json(), "message", "mentee@example.org");
	cr_assert_str_eq(jstr(m, "subject"), "New message from Marta Mentor");
	cr_assert_not_null(strstr(jstr(m, "text"), "How did the presentation go? ünïcödé"));
	cr_assert_not_null(strstr(jstr(m, "text"), "https://mentoring.example.org/relationships/"));

	char *text = NULL;
	st = nh_http(NH.mentee_token, "POST", nh_fmt("/api/v1/relationships/%lld/close", (long long)NH.rel),
		     "{\"reflection\": \"I grew a lot.\", \"thank_you_note\": \"Thank you, Marta, for your patience!\", "
		     "\"satisfaction\": 5, \"mentor_important\": 5}", NULL, &text);
	cr_assert_eq(st, 201, "%s", text);
	cr_assert(nh_wait_mail(2, 20));
	json_t *t = one(nh_mail_json(), "thank_you", "mentor@example.org");
	cr_assert_str_eq(jstr(t, "subject"), "A thank-you note from Jonas Müller");
	cr_assert_not_null(strstr(jstr(t, "text"), "Thank you, Marta, for your patience!"));
}

Test(invites, settings_and_daily_digest, .init = init, .fini = fini, .timeout = 60)
{
	json_t *b = NULL;
	cr_assert_eq(nh_http(NH.mentee_token, "GET", "/api/v1/me/notifications", NULL, &b, NULL), 200);
	cr_assert_str_eq(json_string_value(json_object_get(b, "mode")), "immediate");
	cr_assert(json_is_true(json_object_get(b, "messages")));
	cr_assert_eq(nh_http(NH.mentee_token, "PUT", "/api/v1/me/notifications", "{\"mode\": \"weekly\"}", &b,
			     NULL), 422);
	cr_assert_eq(nh_http(NH.mentee_token, "PUT", "/api/v1/me/notifications",
			     "{\"mode\": \"digest\", \"digest_hour\": 8}", &b, NULL), 200);
	cr_assert_str_eq(json_string_value(json_object_get(b, "mode")), "digest");

	for (int i = 0; i < 2; i++)
		cr_assert_eq(nh_http(NH.mentor_token, "POST",
				     nh_fmt("/api/v1/relationships/%lld/messages", (long long)NH.rel),
				     nh_fmt("{\"body\": \"note %d\"}", i), NULL, NULL), 201);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'held'"), 2);
	/* Calendar mail is never held back for a digest. */
	create_meeting("{\"starts_at\": \"2030-05-06T08:00:00Z\"}");
	cr_assert(nh_wait_mail(2, 20));

	/* 06:30 in Berlin: before digest_hour; 09:30: the digest goes out, once a day. */
	int64_t before = 0, after = 0;
	cr_assert(time_parse("2030-01-15T05:30:00Z", &before));
	cr_assert(time_parse("2030-01-15T08:30:00Z", &after));
	cr_assert_eq(nh_jobs(before).digests, 0);
	cr_assert_eq(nh_jobs(after).digests, 1);
	cr_assert_eq(nh_jobs(after).digests, 0);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE status = 'digested'"), 2);
	cr_assert(nh_wait_mail(3, 20));
	json_t *d = one(nh_mail_json(), "digest", "mentee@example.org");
	cr_assert_str_eq(jstr(d, "subject"), "Your mentoring digest for 2030-01-15");
	cr_assert_not_null(strstr(jstr(d, "text"), "note 0"));
	cr_assert_not_null(strstr(jstr(d, "text"), "note 1"));

	/* A category switched off writes nothing. */
	cr_assert_eq(nh_http(NH.mentee_token, "PUT", "/api/v1/me/notifications",
			     "{\"mode\": \"immediate\", \"messages\": false}", NULL, NULL), 200);
	cr_assert_eq(nh_http(NH.mentor_token, "POST", nh_fmt("/api/v1/relationships/%lld/messages", (long long)NH.rel),
			     "{\"body\": \"unheard\"}", NULL, NULL), 201);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM outbox WHERE body LIKE '%unheard%'"), 0);
}

Test(invites, calendar_feed_token, .init = init, .fini = fini, .timeout = 60)
{
	cr_assert_eq(nh_http(NULL, "POST", "/api/v1/me/calendar-token", NULL, NULL, NULL), 401);
	json_t *b = NULL;
	cr_assert_eq(nh_http(NH.mentee_token, "POST", "/api/v1/me/calendar-token", NULL, &b, NULL), 201);
	const char *path = nh_fmt("%s", json_string_value(json_object_get(b, "path")));
	const char *token = nh_fmt("%s", json_string_value(json_object_get(b, "token")));
	cr_assert_str_eq(json_string_value(json_object_get(b, "url")),
			 nh_fmt("https://mentoring.example.org%s", path));
	/* only the hash is stored */
	cr_assert_eq(nh_db_int(nh_fmt("SELECT COUNT(*) FROM calendar_tokens WHERE token_hash = '%s'", token)), 0);
	cr_assert_eq(nh_db_int("SELECT COUNT(*) FROM calendar_tokens"), 1);

	int64_t id = create_meeting("{\"starts_at\": \"2030-03-28T14:00:00Z\"}");
	create_meeting("{\"starts_at\": \"2030-03-20T14:00:00Z\", \"rrule\": \"FREQ=WEEKLY;COUNT=3\"}");
	char *ics = NULL;
	cr_assert_eq(nh_http(NULL, "GET", path, NULL, NULL, &ics), 200);
	json_t *cal = nh_ics_json(ics);
	cr_assert_str_eq(jstr(cal, "method"), "PUBLISH");
	cr_assert_eq(json_array_size(json_object_get(cal, "events")), 2);
	cr_assert_str_eq(jstr(cal, "events.1.uid"), nh_fmt("meeting-%lld@mentord", (long long)id));
	cr_assert_str_eq(jstr(cal, "events.1.dtstart"), "2030-03-28T14:00:00Z");
	cr_assert_str_eq(jstr(cal, "events.1.dtstart_via_vtimezone"), "2030-03-28T14:00:00Z");
	cr_assert_str_eq(jstr(cal, "events.0.rrule"), "FREQ=WEEKLY;COUNT=3");

	/* The mentor's own feed shows the same meetings in New York time. */
	json_t *mb = NULL;
	cr_assert_eq(nh_http(NH.mentor_token, "POST", "/api/v1/me/calendar-token", NULL, &mb, NULL), 201);
	cr_assert_eq(nh_http(NULL, "GET", json_string_value(json_object_get(mb, "path")), NULL, NULL, &ics), 200);
	cal = nh_ics_json(ics);
	cr_assert_str_eq(jstr(cal, "events.1.tzid"), "America/New_York");
	cr_assert_str_eq(jstr(cal, "events.1.dtstart"), "2030-03-28T14:00:00Z");

	/* Rotate: the old address stops working. */
	cr_assert_eq(nh_http(NH.mentee_token, "POST", "/api/v1/me/calendar-token", NULL, &b, NULL), 201);
	const char *path2 = nh_fmt("%s", json_string_value(json_object_get(b, "path")));
	cr_assert_str_neq(path, path2);
	cr_assert_eq(nh_http(NULL, "GET", path, NULL, NULL, NULL), 404);
	cr_assert_eq(nh_http(NULL, "GET", path2, NULL, NULL, NULL), 200);
	/* Revoke. */
	cr_assert_eq(nh_http(NH.mentee_token, "DELETE", "/api/v1/me/calendar-token", NULL, NULL, NULL), 200);
	cr_assert_eq(nh_http(NULL, "GET", path2, NULL, NULL, NULL), 404);
	cr_assert_eq(nh_http(NH.mentee_token, "DELETE", "/api/v1/me/calendar-token", NULL, NULL, NULL), 404);
	cr_assert_eq(nh_http(NULL, "GET", "/calendar/123456789012345678-123456789012345678-123456789012345678.ics",
			     NULL, NULL, NULL), 404);
}

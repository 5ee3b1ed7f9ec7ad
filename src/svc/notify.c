/* Notification settings and the personal calendar feed. Everyone reads and
 * changes their own settings: which emails they get, at once or in a daily
 * digest. The feed token is a bearer secret in a URL (calendar apps cannot
 * send headers), so only its hash is stored, it grants nothing but the
 * read-only feed, and creating a new one or revoking it cuts every old
 * subscriber off. The router matches a token's segment as text and the
 * document's pattern checks its form: three 18-digit random numbers (about
 * 178 bits), /calendar/123...-456...-789....ics. */
#include "svc/svc.h"
#include "svc/notify.h"
#include "core/secret.h"
#include "core/timeutil.h"
#include "notify/ical.h"
#include "notify/notices.h"
#include "notify/notify.h"

#include <sodium.h>
#include <stdio.h>

static void settings_out(const notify_settings_t *n, NotificationSettings_t *out)
{
	*out = (NotificationSettings_t){.mode = n->mode, .digest_hour = n->digest_hour, .meetings = n->meetings,
					.messages = n->messages, .reminders = n->reminders, .nudges = n->nudges,
					.thank_you = n->thank_you};
}

/* The caller as a recipient, with their settings (the defaults when never saved). */
static int person(svc_t *s, notify_person_t **p)
{
	int st = store_notify_person(s->db, s->arena, s->uid, p);
	if (st == DB_OK && !*p)
		return svc_fail(s, SVC_UNAUTH, "unauthenticated", "log in first");
	return svc_db(s, st);
}

int svc_notify_settings_get(svc_t *s, NotificationSettings_t *out)
{
	notify_person_t *p;
	int st = person(s, &p);
	if (st)
		return st;
	settings_out(&p->settings, out);
	return SVC_OK;
}

int svc_notify_settings_put(svc_t *s, const in_putNotificationSettings_t *in, NotificationSettings_t *out)
{
	const NotificationSettingsUpdate_t *b = &in->body;
	notify_person_t *p;
	int st = svc_begin(s);
	if (st)
		return st;
	if ((st = person(s, &p)))
		return svc_abort(s, st);
	notify_settings_t n = p->settings;
	if (b->has_mode)
		n.mode = b->mode;
	if (b->has_digest_hour)
		n.digest_hour = (int)b->digest_hour;
	if (b->has_meetings)
		n.meetings = b->meetings;
	if (b->has_messages)
		n.messages = b->messages;
	if (b->has_reminders)
		n.reminders = b->reminders;
	if (b->has_nudges)
		n.nudges = b->nudges;
	if (b->has_thank_you)
		n.thank_you = b->thank_you;
	int db = store_notify_settings_put(s->db, &n);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	settings_out(&n, out);
	return SVC_OK;
}

/* ---- the feed token ---- */

enum { TOKEN_CHARS = 3 * 19 + 1, FEED_MAX = 2000, FEED_PAST_DAYS = 180 };

/* A uniform number in [10^17, 10^18): 18 digits, no leading zero. */
static uint64_t digits18(void)
{
	const uint64_t lo = 100000000000000000ULL, span = 900000000000000000ULL;
	const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
	uint64_t x;
	do
		randombytes_buf(&x, sizeof(x));
	while (x >= limit);
	return lo + x % span;
}

int svc_calendar_token_create(svc_t *s, CalendarToken_t *out)
{
	char token[TOKEN_CHARS], hash[SECRET_HASH_HEX];
	unsigned long long a = digits18(), b = digits18(), c = digits18();
	snprintf(token, sizeof(token), "%llu-%llu-%llu", a, b, c);
	secret_hash(token, hash);
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_calendar_token_set(s->db, s->uid, hash);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "calendar_token.rotate", "user", s->uid, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	out->token = arena_strdup(s->arena, token);
	out->path = arena_printf(s->arena, "/calendar/%s.ics", token);
	out->url = notice_link(s->arena, out->path);
	return SVC_OK;
}

int svc_calendar_token_revoke(svc_t *s, CalendarTokenRevoked_t *out)
{
	int changes = 0;
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_calendar_token_delete(s->db, s->uid, &changes);
	if (db == DB_OK && changes)
		db = store_audit(s->db, s->uid, "calendar_token.revoke", "user", s->uid, "");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!changes)
		return svc_abort(s, svc_fail(s, SVC_NOT_FOUND, "not_found", "you have no calendar feed token"));
	if ((st = svc_commit(s)))
		return st;
	out->revoked = true;
	return SVC_OK;
}

/* ---- the feed ---- */

int svc_calendar_feed(svc_t *s, const char *token, const char **ics)
{
	char hash[SECRET_HASH_HEX];
	secret_hash(token, hash);
	int64_t now = time_now(), user_id = 0;
	/* The lookup notes the token's use: a write, so a transaction. */
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_calendar_token_lookup(s->db, hash, now, &user_id);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	notify_person_t *p = NULL;
	if (user_id && (db = store_notify_person(s->db, s->arena, user_id, &p)) != DB_OK)
		return svc_db(s, db);
	if (!p)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "no calendar feed at this address");
	notify_meeting_t *ms;
	int n = 0;
	db = store_feed_meetings(s->db, s->arena, user_id, now - FEED_PAST_DAYS * 86400LL, FEED_MAX, &ms, &n);
	if (db != DB_OK)
		return svc_db(s, db);
	ical_event_t *ev = arena_alloc(s->arena, sizeof(*ev) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		ical_people_t *who = arena_alloc(s->arena, sizeof(*who));
		*who = (ical_people_t){ms[i].mentor_name, ms[i].mentor_email, ms[i].mentee_name,
				       ms[i].mentee_email, ms[i].program_name};
		ev[i] = (ical_event_t){.m = &ms[i].m, .who = who, .tzid = notice_zone(&ms[i], p),
				       .organizer = notify_config()->mail_from};
	}
	*ics = ical_calendar(s->arena, "PUBLISH", arena_printf(s->arena, "Mentoring: %s", p->name), ev, n);
	return SVC_OK;
}

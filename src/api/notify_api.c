/* Notification settings and the personal calendar feed.
 *   GET/PUT /api/v1/me/notifications   which notifications, immediate or a daily digest
 *   POST/DELETE /api/v1/me/calendar-token   create or rotate / revoke the feed token
 *   GET /calendar/{token}.ics           public: the person's meetings, for calendar apps
 * The feed token is a bearer secret in a URL (calendar apps cannot send
 * headers), so only its hash is stored, it grants nothing but this read-only
 * feed, and rotating or revoking it cuts every old subscriber off. The
 * router matches numeric segments only, so a token is three 18-digit random
 * numbers (about 178 bits): /calendar/123...-456...-789....ics. */
#include "api/api.h"
#include "core/timeutil.h"
#include "http/auth.h"
#include "notify/ical.h"
#include "notify/notices.h"
#include "notify/notify.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const modes[] = {"immediate", "digest", NULL};

static json_t *settings_json(const notify_settings_t *s)
{
	return json_pack("{s:s, s:i, s:b, s:b, s:b, s:b, s:b}", "mode", s->mode, "digest_hour",
			 s->digest_hour, "meetings", s->meetings, "messages", s->messages, "reminders",
			 s->reminders, "nudges", s->nudges, "thank_you", s->thank_you);
}

static void settings_get(req_t *r)
{
	notify_person_t *p = NULL;
	int st = store_notify_person(r->db, r->arena, r->who.user_id, &p);
	if (st != DB_OK || !p) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	resp_json(r, 200, settings_json(&p->settings));
}

/* PUT takes any subset of the fields; the rest keep their current values. */
static void settings_put(req_t *r)
{
	notify_person_t *p = NULL;
	int st = store_notify_person(r->db, r->arena, r->who.user_id, &p);
	if (st != DB_OK || !p) {
		resp_db(r, st == DB_OK ? DB_ERROR : st);
		return;
	}
	notify_settings_t s = p->settings;
	int64_t hour = s.digest_hour;
	jin_t in;
	if (!jin_open(&in, r))
		return;
	jin_enum(&in, "mode", 0, modes, &s.mode);
	jin_int(&in, "digest_hour", 0, 0, 23, &hour);
	jin_bool(&in, "meetings", &s.meetings);
	jin_bool(&in, "messages", &s.messages);
	jin_bool(&in, "reminders", &s.reminders);
	jin_bool(&in, "nudges", &s.nudges);
	jin_bool(&in, "thank_you", &s.thank_you);
	jin_close(&in);
	if (jin_failed(&in) || !api_begin(r))
		return;
	s.digest_hour = (int)hour;
	st = store_notify_settings_put(r->db, &s);
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (api_commit(r))
		resp_json(r, 200, settings_json(&s));
}

/* ---- the feed token ---- */

enum { TOKEN_CHARS = 3 * 19 + 1 };

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

static void token_new(char out[TOKEN_CHARS])
{
	unsigned long long a = digits18(), b = digits18(), c = digits18();
	snprintf(out, TOKEN_CHARS, "%llu-%llu-%llu", a, b, c);
}

static void token_create(req_t *r)
{
	char token[TOKEN_CHARS], hash[AUTH_HASH_HEX];
	token_new(token);
	auth_secret_hash(token, hash);
	if (!api_begin(r))
		return;
	int st = store_calendar_token_set(r->db, r->who.user_id, hash);
	if (st == DB_OK)
		st = store_audit(r->db, r->who.user_id, "calendar_token.rotate", "user", r->who.user_id, "");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!api_commit(r))
		return;
	const char *path = arena_printf(r->arena, "/calendar/%s.ics", token);
	resp_json(r, 201, json_pack("{s:s, s:s, s:s}", "token", token, "path", path, "url",
				    notice_link(r->arena, path)));
}

static void token_revoke(req_t *r)
{
	if (!api_begin(r))
		return;
	int changes = 0;
	int st = store_calendar_token_delete(r->db, r->who.user_id, &changes);
	if (st == DB_OK && changes)
		st = store_audit(r->db, r->who.user_id, "calendar_token.revoke", "user", r->who.user_id, "");
	if (st != DB_OK) {
		api_fail(r, st);
		return;
	}
	if (!changes) {
		db_rollback(r->db);
		resp_error(r, 404, "not_found", "you have no calendar feed token");
		return;
	}
	if (api_commit(r))
		resp_json(r, 200, json_pack("{s:b}", "revoked", 1));
}

/* ---- the feed ---- */

static void feed_not_found(req_t *r)
{
	const char *msg = "no calendar feed at this address\n";
	resp_text(r, 404, "text/plain; charset=utf-8", msg, strlen(msg));
}

static void feed(req_t *r)
{
	enum { FEED_MAX = 2000, FEED_PAST_DAYS = 180 };
	const char *prefix = "/calendar/";
	size_t plen = strlen(prefix), n = strlen(r->path);
	if (n <= plen + 4 || n - plen - 4 >= TOKEN_CHARS) {
		feed_not_found(r);
		return;
	}
	char *token = arena_strndup(r->arena, r->path + plen, n - plen - 4);
	char hash[AUTH_HASH_HEX];
	auth_secret_hash(token, hash);
	int64_t now = time_now(), user_id = 0;
	int st = store_calendar_token_lookup(r->db, hash, now, &user_id);
	notify_person_t *p = NULL;
	if (st == DB_OK && user_id)
		st = store_notify_person(r->db, r->arena, user_id, &p);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	if (!p) {
		feed_not_found(r);
		return;
	}
	notify_meeting_t *ms;
	int count = 0;
	st = store_feed_meetings(r->db, r->arena, user_id, now - FEED_PAST_DAYS * 86400LL, FEED_MAX, &ms,
				 &count);
	if (st != DB_OK) {
		resp_db(r, st);
		return;
	}
	ical_event_t *ev = arena_alloc(r->arena, sizeof(*ev) * (size_t)(count ? count : 1));
	for (int i = 0; i < count; i++) {
		ical_people_t *who = arena_alloc(r->arena, sizeof(*who));
		*who = (ical_people_t){ms[i].mentor_name, ms[i].mentor_email, ms[i].mentee_name,
				       ms[i].mentee_email, ms[i].program_name};
		ev[i] = (ical_event_t){.m = &ms[i].m, .who = who, .tzid = notice_zone(&ms[i], p),
				       .organizer = notify_config()->mail_from};
	}
	char *text = ical_calendar(r->arena, "PUBLISH", arena_printf(r->arena, "Mentoring: %s", p->name),
				   ev, count);
	resp_header(r, "Cache-Control", "private, max-age=300");
	resp_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
}

void api_notify_register(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/me/notifications", settings_get, 0, NULL},
		{"PUT", "/api/v1/me/notifications", settings_put, 0, NULL},
		{"POST", "/api/v1/me/calendar-token", token_create, 0, NULL},
		{"DELETE", "/api/v1/me/calendar-token", token_revoke, 0, NULL},
		{"GET", "/calendar/{id}-{id}-{id}.ics", feed, ROUTE_PUBLIC, NULL},
	};
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}

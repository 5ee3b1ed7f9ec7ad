/* The person's own settings page: which notifications they get, at once or
 * in a daily digest, and their personal calendar feed (create, rotate,
 * switch off), through the notification services (svc/notify.c), so the
 * page follows the API's rules exactly. The form's input is declared in
 * pages/settings.json and checked before the handlers run. */
#include "web/page.h"
#include "web/page_types.h"

#include <string.h>

static const struct {
	const char *name, *label;
} topics[] = {
	{"meetings", "Meeting invitations, updates and cancellations"},
	{"messages", "New messages from your mentor or mentee"},
	{"reminders", "Reminders: meetings tomorrow, goals and action items coming due"},
	{"nudges", "Nudges when a relationship has gone quiet or one side does all the talking"},
	{"thank_you", "Thank-you notes when a relationship closes"},
};
enum { NTOPICS = sizeof(topics) / sizeof(topics[0]) };

static const page_opt_t hours[] = {
	{"6", "06:00"}, {"7", "07:00"}, {"8", "08:00"}, {"9", "09:00"}, {"10", "10:00"}, {"12", "12:00"},
	{"14", "14:00"}, {"17", "17:00"}, {"18", "18:00"}, {"20", "20:00"}, {NULL, NULL}};

/* What a page shows besides the settings: a notice, an alert, the new feed
 * address (shown once: the server keeps only its hash), field problems. */
typedef struct shown {
	int status;
	const char *notice, *alert, *feed;
	const verr_t *errs;
} shown_t;

static void render(req_t *r, const NotificationSettings_t *s, const shown_t *w)
{
	json_t *ctx = page_ctx(r, "Notifications and calendar", "settings");
	json_t *list = json_array(), *modes = json_array();
	const bool on[NTOPICS] = {s->meetings, s->messages, s->reminders, s->nudges, s->thank_you};
	for (int i = 0; i < NTOPICS; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "name", topics[i].name, "label",
						      topics[i].label, "on", on[i]));
	bool digest = strcmp(s->mode, "digest") == 0;
	json_array_append_new(modes, json_pack("{s:s, s:s, s:b}", "value", "immediate", "label", "As they happen",
					       "on", !digest));
	json_array_append_new(modes, json_pack("{s:s, s:s, s:b}", "value", "digest", "label",
					       "In one daily digest", "on", digest));
	const char *hour = arena_printf(r->arena, "%lld", (long long)s->digest_hour);
	json_t *f = json_object();
	json_object_set_new(f, "digest_hour", page_select("digest_hour", "Digest time (your time zone)", hours,
							  hour, NULL, w->errs));
	json_object_set_new(ctx, "f", f);
	json_object_set_new(ctx, "topics", list);
	json_object_set_new(ctx, "modes", modes);
	if (w->notice)
		json_object_set_new(ctx, "notice", page_str(w->notice));
	if (w->alert)
		json_object_set_new(ctx, "alert", page_str(w->alert));
	if (w->feed)
		json_object_set_new(ctx, "feed_url", page_str(w->feed));
	page_render(r, w->status, "settings", ctx);
}

/* Loads the settings and shows them. */
static void show(req_t *r, svc_t *s, const shown_t *w)
{
	NotificationSettings_t cur;
	int st = svc_notify_settings_get(s, &cur);
	if (st) {
		page_refuse(r, s, st);
		return;
	}
	render(r, &cur, w);
}

void page_settings(req_t *r, const void *in_, const verr_t *errs)
{
	const in_pageSettings_t *in = in_;
	svc_t s;
	page_svc(r, &s);
	show(r, &s, &(shown_t){.status = 200, .notice = in->has_saved ? "Your settings have been saved." : NULL});
}

/* One sentence for the alert from a form's problems. */
static const char *problems(req_t *r, const verr_t *errs)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "Your settings were not saved: ");
	for (int i = 0; i < errs->n; i++)
		buf_printf(&b, "%s%s %s", i ? "; " : "", errs->e[i].field, errs->e[i].msg);
	buf_putc(&b, '.');
	const char *out = arena_strdup(r->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

void page_settings_save(req_t *r, const void *in_, const verr_t *errs)
{
	const SettingsForm_t *f = &((const in_pageSettingsSave_t *)in_)->body;
	svc_t s;
	page_svc(r, &s);
	if (errs->n) {
		show(r, &s, &(shown_t){.status = 422, .alert = problems(r, errs), .errs = errs});
		return;
	}
	/* A checkbox that is not checked is not sent: every topic is given. */
	in_putNotificationSettings_t u = {.body = {
		.has_mode = f->has_mode, .mode = f->mode,
		.has_digest_hour = f->has_digest_hour, .digest_hour = f->digest_hour,
		.has_meetings = true, .meetings = f->has_meetings && f->meetings,
		.has_messages = true, .messages = f->has_messages && f->messages,
		.has_reminders = true, .reminders = f->has_reminders && f->reminders,
		.has_nudges = true, .nudges = f->has_nudges && f->nudges,
		.has_thank_you = true, .thank_you = f->has_thank_you && f->thank_you}};
	NotificationSettings_t saved;
	int st = svc_notify_settings_put(&s, &u, &saved);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	resp_redirect(r, "/settings?saved=1");
}

void page_calendar_create(req_t *r, const void *in, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	CalendarToken_t t;
	int st = svc_calendar_token_create(&s, &t);
	if (st) {
		page_refuse(r, &s, st);
		return;
	}
	show(r, &s, &(shown_t){.status = 200, .feed = t.url});
}

void page_calendar_revoke(req_t *r, const void *in, const verr_t *errs)
{
	svc_t s;
	page_svc(r, &s);
	CalendarTokenRevoked_t done;
	int st = svc_calendar_token_revoke(&s, &done);
	if (st && st != SVC_NOT_FOUND) {
		page_refuse(r, &s, st);
		return;
	}
	page_svc(r, &s); /* a fresh context: the refusal is answered below */
	show(r, &s, &(shown_t){.status = 200,
			       .notice = st ? NULL : "Your calendar feed is switched off.",
			       .alert = st ? "You have no calendar feed to switch off." : NULL});
}

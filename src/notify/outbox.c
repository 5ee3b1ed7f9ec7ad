/* The outbox side of notifications: the process-wide configuration and
 * notify_enqueue, which turns one email for one person into one outbox row
 * inside the caller's transaction, after the person's settings have had
 * their say. */
#include "notify/notify.h"
#include "notify/mail.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static notify_config_t cfg;
static bool configured;

void notify_config_defaults(notify_config_t *c)
{
	memset(c, 0, sizeof(*c));
	c->smtp_tls = "auto";
	c->smtp_timeout = 60;
	c->mail_from = "mentord@localhost";
	c->base_url = "http://127.0.0.1:8080";
	c->poll_ms = 500;
	c->job_interval = 60;
	c->retry_base = 30;
	c->retry_cap = 3600;
	c->max_attempts = 12;
}

static const char *keep(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void notify_configure(const notify_config_t *c)
{
	/* Strings are copied once per configuration and live for the process;
	 * a new configuration (every command configures notify when it opens
	 * the database, and tests configure again) frees the last one's. */
	if (configured) {
		free((char *)cfg.smtp_url);
		free((char *)cfg.smtp_user);
		free((char *)cfg.smtp_password);
		free((char *)cfg.smtp_tls);
		free((char *)cfg.mail_from);
		free((char *)cfg.base_url);
	}
	cfg = *c;
	cfg.smtp_url = keep(c->smtp_url);
	cfg.smtp_user = keep(c->smtp_user);
	cfg.smtp_password = keep(c->smtp_password);
	cfg.smtp_tls = keep(c->smtp_tls ? c->smtp_tls : "auto");
	cfg.mail_from = keep(c->mail_from ? c->mail_from : "mentord@localhost");
	cfg.base_url = keep(c->base_url ? c->base_url : "");
	configured = true;
}

const notify_config_t *notify_config(void)
{
	if (!configured) {
		notify_config_t d;
		notify_config_defaults(&d);
		notify_configure(&d);
	}
	return &cfg;
}

int64_t notify_lease_seconds(const notify_config_t *c)
{
	/* Twice the longest exchange curl will wait for, so a live worker
	 * always finishes (or gives up) before its lease runs out. */
	int64_t t = c->smtp_timeout > 0 ? c->smtp_timeout : 60;
	return 2 * t + 2;
}

static bool wants(const notify_settings_t *s, const char *category)
{
	if (!strcmp(category, "meetings"))
		return s->meetings;
	if (!strcmp(category, "messages"))
		return s->messages;
	if (!strcmp(category, "reminders"))
		return s->reminders;
	if (!strcmp(category, "nudges"))
		return s->nudges;
	if (!strcmp(category, "thank_you"))
		return s->thank_you;
	return true; /* digests themselves, and account mail, which nobody can turn off */
}

int notify_enqueue(db_t *db, arena_t *a, const notify_person_t *to, const notify_mail_t *m,
		   int64_t *id)
{
	int64_t unused;
	if (!id)
		id = &unused;
	*id = 0;
	if (!to || !to->active || !to->email || !*to->email || !wants(&to->settings, m->category))
		return DB_OK;
	const notify_config_t *c = notify_config();
	int64_t now = time_now();
	/* A calendar message must arrive on its own to update the calendar; an
	 * account mail (an invitation, a reset link) is wanted now. */
	bool hold = !m->ics && !strcmp(to->settings.mode, "digest") && strcmp(m->category, "digest") != 0 &&
		    strcmp(m->category, "account") != 0;
	outbox_row_t o = {
		.user_id = to->id, .to_addr = to->email, .to_name = to->name, .category = m->category,
		.kind = m->kind, .dedup_key = m->dedup_key, .message_id = mail_new_message_id(a, c->mail_from),
		.subject = m->subject, .body = m->body, .ics = m->ics, .ics_method = m->ics_method,
		.status = hold ? "held" : "pending", .next_attempt_at = now, .created_at = now,
	};
	return store_outbox_insert(db, &o, id);
}

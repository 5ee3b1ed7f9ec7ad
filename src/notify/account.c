/* Account mail: the invitation to a new account, the password reset link,
 * and the notices of a changed password or of two-factor sign-in turned
 * off, which tell a person of a change they may not have made. Written in
 * the transaction of the change, in the outbox's "account" category: sent
 * at once whatever the person's settings (nobody can turn these off, and a
 * link must not wait for a digest). The links carry a single-use secret
 * whose hash alone is kept; the mail's own copy leaves the outbox once it
 * is delivered (outbox_sent). */
#include "notify/notify.h"
#include "notify/notices.h"
#include "notify/mail.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

const char *notify_account_link(arena_t *a, const char *purpose, const char *token)
{
	return notice_link(a, arena_printf(a, "%s?token=%s", strcmp(purpose, "invite") ? "/reset-password" : "/invite",
					   token));
}

static int account_mail(db_t *db, arena_t *a, int64_t user_id, const char *kind, const char *dedup, const char *subject,
		const char *(*body)(arena_t *, const notify_person_t *, const void *), const void *ctx)
{
	notify_person_t *to = NULL;
	int st = store_notify_person(db, a, user_id, &to);
	if (st != DB_OK || !to)
		return st;
	notify_mail_t mail = {.category = "account", .kind = kind, .dedup_key = dedup, .subject = subject,
			      .body = body(a, to, ctx)};
	return notify_enqueue(db, a, to, &mail, NULL);
}

typedef struct link_ctx {
	const char *token, *inviter;
	int64_t expires_at;
} link_ctx_t;

static const char *invitation_body(arena_t *a, const notify_person_t *to, const void *p)
{
	const link_ctx_t *c = p;
	return arena_printf(a,
		"Hello %s,\n\n"
		"%s invited you to mentord, your organisation's mentoring platform: mentors and mentees\n"
		"meet, set goals and keep their relationship going there.\n\n"
		"Choose your password and sign in here:\n%s\n\n"
		"The link works once, until %s. Your sign-in email is %s.\n\n"
		"If you did not expect this invitation, you can ignore this mail.\n",
		to->name, c->inviter && *c->inviter ? c->inviter : "Your organisation",
		notify_account_link(a, "invite", c->token), notice_when(a, c->expires_at, to->timezone), to->email);
}

int notify_invitation(db_t *db, arena_t *a, int64_t user_id, int64_t link_id, const char *token,
		      int64_t expires_at, const char *inviter)
{
	link_ctx_t c = {token, inviter, expires_at};
	return account_mail(db, a, user_id, "invitation", arena_printf(a, "link:%lld", (long long)link_id),
		    "You are invited to mentord", invitation_body, &c);
}

int notify_invitations(db_t *db, arena_t *a, int n, const int64_t *user_ids, const int64_t *link_ids,
		       const char *const *tokens, int64_t expires_at, const char *inviter)
{
	if (n <= 0)
		return DB_OK;
	store_list_t ids, rows;
	store_list_init(&ids);
	for (int i = 0; i < n; i++)
		store_list_int(&ids, user_ids[i]);
	row_notify_person_t *people;
	int np;
	int st = sql_import_notify_people(db, a, store_list_json(&ids, a), &people, &np);
	if (st != DB_OK)
		return st;
	/* The answer comes in no particular order: each person finds their
	 * link by a walk over the (short) list of the batch. */
	const char *from = notify_config()->mail_from;
	store_list_init(&rows);
	for (int k = 0; k < np; k++) {
		const row_notify_person_t *r = &people[k];
		int i = 0;
		while (i < n && user_ids[i] != r->id)
			i++;
		/* As notify_enqueue: account mail goes whatever the settings, to an
		 * active account with an address. */
		if (i == n || !r->active || !r->email || !*r->email)
			continue;
		notify_person_t to = {.id = r->id, .email = r->email, .name = r->name, .timezone = r->timezone,
				      .active = r->active};
		link_ctx_t c = {tokens[i], inviter, expires_at};
		store_list_row(&rows);
		store_list_int(&rows, r->id);
		store_list_text(&rows, r->email);
		store_list_text(&rows, r->name ? r->name : "");
		store_list_text(&rows, "account");
		store_list_text(&rows, "invitation");
		store_list_text(&rows, arena_printf(a, "link:%lld", (long long)link_ids[i]));
		store_list_text(&rows, mail_new_message_id(a, from));
		store_list_text(&rows, "You are invited to mentord");
		store_list_text(&rows, invitation_body(a, &to, &c));
	}
	return sql_import_outbox_insert(db, "pending", time_now(), store_list_json(&rows, a));
}

static const char *reset_body(arena_t *a, const notify_person_t *to, const void *p)
{
	const link_ctx_t *c = p;
	return arena_printf(a,
		"Hello %s,\n\n"
		"Someone, probably you, asked to reset the password of your mentord account (%s).\n\n"
		"Choose a new password here:\n%s\n\n"
		"The link works once, until %s.\n\n"
		"If you did not ask for this, ignore this mail: your password stays as it is.\n",
		to->name, to->email, notify_account_link(a, "reset", c->token),
		notice_when(a, c->expires_at, to->timezone));
}

int notify_password_reset(db_t *db, arena_t *a, int64_t user_id, int64_t link_id, const char *token,
			  int64_t expires_at)
{
	link_ctx_t c = {token, NULL, expires_at};
	return account_mail(db, a, user_id, "password_reset", arena_printf(a, "link:%lld", (long long)link_id),
		    "Reset your mentord password", reset_body, &c);
}

static const char *changed_body(arena_t *a, const notify_person_t *to, const void *p)
{
	return arena_printf(a,
		"Hello %s,\n\n"
		"The password of your mentord account (%s) was %s. Every other session was signed out\n"
		"and your API tokens were revoked.\n\n"
		"If this was not you, reset your password now (%s) and tell your administrator.\n",
		to->name, to->email, (const char *)p, notice_link(a, "/forgot-password"));
}

int notify_password_changed(db_t *db, arena_t *a, int64_t user_id, const char *how)
{
	return account_mail(db, a, user_id, "password_changed", NULL, "Your mentord password was changed", changed_body,
		    how);
}

static const char *two_factor_body(arena_t *a, const notify_person_t *to, const void *p)
{
	const char *by = p;
	return arena_printf(a,
		"Hello %s,\n\n"
		"Two-factor sign-in of your mentord account (%s) was turned off%s%s. You can turn it on\n"
		"again in your security settings: %s\n\n"
		"If you did not expect this, tell your administrator.\n",
		to->name, to->email, by ? " by " : "", by ? by : "", notice_link(a, "/settings/security"));
}

int notify_two_factor_off(db_t *db, arena_t *a, int64_t user_id, const char *by)
{
	return account_mail(db, a, user_id, "two_factor_off", NULL, "Two-factor sign-in was turned off", two_factor_body, by);
}

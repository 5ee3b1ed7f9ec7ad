/* The mail of requests to a program's managers (see help_notices.h). */
#include "notify/help_notices.h"
#include "notify/notices.h"

#include <string.h>

/* At most max bytes of s, cut on a UTF-8 character boundary, marked. */
static const char *cut(arena_t *a, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return arena_printf(a, "%.*s…", (int)max, s);
}

static const char *page(arena_t *a, const notify_help_t *h)
{
	return notice_link(a, arena_printf(a, "/guides/requests/%lld", (long long)h->id));
}

static int queue(db_t *db, arena_t *a, int64_t to_id, const char *kind, const char *key, const char *subject,
		const char *body)
{
	notify_person_t *to = NULL;
	int st = store_notify_person(db, a, to_id, &to);
	if (st != DB_OK || !to)
		return st;
	notify_mail_t mail = {.category = "messages", .kind = kind, .dedup_key = key, .subject = subject,
			      .body = body};
	return notify_enqueue(db, a, to, &mail, NULL);
}

int notify_help_asked(db_t *db, arena_t *a, const notify_help_t *h, int64_t manager_id)
{
	const char *body = arena_printf(a,
		"%s asks the managers of %s:\n\n%s\n\n%s\n\n%sAnswer in the request's thread: %s\n",
		h->asker_name, h->program_name, h->subject, cut(a, h->body, 4000),
		h->about_relationship ? "It is about one of their relationships and stays private to them and "
					"the program's managers.\n\n" : "",
		page(a, h));
	return queue(db, a, manager_id, "help_request",
		    arena_printf(a, "help_request:%lld:%lld", (long long)h->id, (long long)manager_id),
		    arena_printf(a, "A request from %s: %s", h->asker_name, cut(a, h->subject, 120)), body);
}

int notify_help_reply(db_t *db, arena_t *a, const notify_help_t *h, int64_t to_id, int64_t reply_id,
		      const char *author, const char *text, bool answered)
{
	const char *body = arena_printf(a, "%s replied to the request \"%s\" (%s):\n\n%s\n\n%sThe thread: %s\n",
		author, h->subject, h->program_name, cut(a, text, 4000),
		answered ? "The request is marked answered. If something is still unclear, reply in the thread "
			   "and it opens again.\n\n" : "",
		page(a, h));
	return queue(db, a, to_id, "help_reply",
		    arena_printf(a, "help_reply:%lld:%lld", (long long)reply_id, (long long)to_id),
		    arena_printf(a, "Re: %s", cut(a, h->subject, 120)), body);
}

int notify_help_answered(db_t *db, arena_t *a, const notify_help_t *h, int64_t asker_id, const char *by,
			 int64_t at)
{
	const char *body = arena_printf(a,
		"%s marked your request \"%s\" (%s) answered.\n\nIf something is still unclear, reply in the "
		"thread and it opens again: %s\n", by, h->subject, h->program_name, page(a, h));
	return queue(db, a, asker_id, "help_answered",
		    arena_printf(a, "help_answered:%lld:%lld", (long long)h->id, (long long)at),
		    arena_printf(a, "Answered: %s", cut(a, h->subject, 120)), body);
}

/* The mail of requests to a program's managers ("Have more questions?
 * Submit a request"): a new request to each manager, a reply to the other
 * side of the thread, and the news that a request was answered. Called by
 * svc/help_request.c inside its transaction (the outbox is transactional:
 * notify.h); each mail has its own key, so nothing is queued twice. Mail goes
 * in the "messages" category of a person's settings, like the messages of a
 * relationship, and links to the request's page. */
#ifndef MENTORD_NOTIFY_HELP_NOTICES_H
#define MENTORD_NOTIFY_HELP_NOTICES_H
#include "notify/notify.h"

/* The request a notice is about. */
typedef struct notify_help {
	int64_t id;
	const char *program_name, *asker_name, *subject, *body;
	bool about_relationship; /* said in the mail: it is private */
} notify_help_t;

/* A new request, to manager_id. */
int notify_help_asked(db_t *db, arena_t *a, const notify_help_t *h, int64_t manager_id);
/* A reply (reply_id, by author, text), to to_id; answered says the
 * manager also marked the request answered. */
int notify_help_reply(db_t *db, arena_t *a, const notify_help_t *h, int64_t to_id, int64_t reply_id,
		      const char *author, const char *text, bool answered);
/* The request was marked answered by `by`, to the asker (asker_id). */
int notify_help_answered(db_t *db, arena_t *a, const notify_help_t *h, int64_t asker_id, const char *by,
			 int64_t at);

#endif

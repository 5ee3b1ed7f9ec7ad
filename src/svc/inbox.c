/* The inbox: what waits for a person, each item with the sentence that
 * says what to do and the page where it is done — mentor requests to
 * answer, agreements to sign, goals to confirm, feedback to acknowledge,
 * unread messages, past meetings to confirm as held, surveys to answer, and (for managers
 * and administrators) the invitations they sent that ran out unaccepted. Items are not stored: each is a state of
 * the data (a pending request, an unsigned agreement...), so an item
 * leaves the inbox the moment the thing is done, whoever does it and
 * through whichever door. The only state of its own is what a person has
 * read of a message thread (message_reads). */
#include "svc/inbox.h"
#include "store/stmts.h"
#include "svc/rel.h"
#include "core/timeutil.h"

#include <stdlib.h>
#include <string.h>

/* The sentence and the page of one item. */
static void item_out(arena_t *a, const row_inbox_item_t *row, InboxItem_t *out)
{
	const char *kind = row->kind, *title = "", *href = "/";
	long long id = (long long)row->id, rel = (long long)row->relationship_id;
	if (!strcmp(kind, "request")) {
		title = arena_printf(a, "%s asks you to be their mentor in %s", row->other, row->title);
		href = "/requests";
	} else if (!strcmp(kind, "agreement")) {
		title = arena_printf(a, "Sign the mentoring agreement with %s", row->other);
		href = arena_printf(a, "/relationships/%lld/agreement", rel);
	} else if (!strcmp(kind, "goal")) {
		title = arena_printf(a, "Confirm %s's goal \"%s\"", row->other, row->title);
		href = arena_printf(a, "/relationships/%lld/goals", rel);
	} else if (!strcmp(kind, "feedback")) {
		title = arena_printf(a, "Acknowledge the feedback %s gave you", row->other);
		href = arena_printf(a, "/meetings/%lld#feedback-title", (long long)row->page_id);
	} else if (!strcmp(kind, "messages")) {
		title = row->n == 1 ? arena_printf(a, "1 new message from %s", row->other)
				    : arena_printf(a, "%lld new messages from %s", (long long)row->n, row->other);
		href = arena_printf(a, "/relationships/%lld/messages", rel);
	} else if (!strcmp(kind, "meeting")) {
		title = arena_printf(a, "Did your %s with %s take place? Mark it held or cancelled",
				     !strcmp(row->title, "kickoff") ? "kickoff meeting" : !strcmp(row->title, "coffee")
				     ? "coffee" : "meeting", row->other);
		href = arena_printf(a, "/meetings/%lld", id);
	} else if (!strcmp(kind, "survey")) {
		title = arena_printf(a, "Answer the survey \"%s\" about your mentoring with %s", row->title, row->other);
		href = arena_printf(a, "/survey-responses/%lld", id);
	} else if (!strcmp(kind, "invitation")) {
		title = row->n == 1 ? "1 person you invited did not accept in time: send the invitation again"
				    : arena_printf(a, "%lld people you invited did not accept in time: send their invitations again",
						   (long long)row->n);
		href = "/people?status=invited";
	}
	*out = (InboxItem_t){.kind = kind, .id = row->id, .title = title, .href = href,
			     .relationship_id = row->relationship_id,
			     .relationship_id_null = row->relationship_id == 0,
			     .count = row->n > 0 ? row->n : 1, .at = row->at};
}

int svc_inbox_invitations(svc_t *s, InboxItem_t **items, int *n)
{
	row_inbox_item_t *rows;
	*items = NULL;
	*n = 0;
	int st = svc_db(s, sql_inbox_invitations(s->db, s->arena, s->uid, time_now(), &rows, n));
	if (st)
		return st;
	*items = arena_alloc(s->arena, sizeof(InboxItem_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		item_out(s->arena, &rows[i], &(*items)[i]);
	return SVC_OK;
}

/* Newest first, the higher id first at the same moment; rows the same in
 * both keep the statement's order (the pointers point into its rows). */
static int newest_first(const void *x, const void *y)
{
	const row_inbox_item_t *a = *(const row_inbox_item_t *const *)x, *b = *(const row_inbox_item_t *const *)y;
	if (a->at != b->at)
		return a->at > b->at ? -1 : 1;
	if (a->id != b->id)
		return a->id > b->id ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Every kind of item for the caller, newest first. */
static int load(svc_t *s, Inbox_t *out)
{
	row_inbox_item_t *rows;
	int n;
	if (!s->uid) {
		*out = (Inbox_t){0};
		return SVC_OK;
	}
	int st = svc_db(s, sql_inbox_items(s->db, s->arena, s->uid, time_now(), &rows, &n));
	if (st)
		return st;
	InboxItem_t *inv;
	int ninv = 0;
	if (s->role >= ROLE_MANAGER && (st = svc_inbox_invitations(s, &inv, &ninv)))
		return st;
	const row_inbox_item_t **order = arena_alloc(s->arena, sizeof(*order) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		order[i] = &rows[i];
	qsort(order, (size_t)n, sizeof(*order), newest_first);
	InboxItem_t *items = arena_alloc(s->arena, sizeof(InboxItem_t) * (size_t)(n + ninv + 1));
	for (int i = 0; i < n; i++)
		item_out(s->arena, order[i], &items[i]);
	for (int i = 0; i < ninv; i++)
		items[n + i] = inv[i];
	*out = (Inbox_t){.items = {items, n + ninv}, .count = n + ninv};
	return SVC_OK;
}

int svc_inbox_get(svc_t *s, Inbox_t *out)
{
	return load(s, out);
}

int svc_inbox_count(svc_t *s, int *count)
{
	Inbox_t in;
	int st = load(s, &in);
	*count = st ? 0 : (int)in.count;
	return st;
}

int svc_message_mark_read(svc_t *s, const in_markMessagesRead_t *in, Inbox_t *out)
{
	relationship_t *rel;
	int64_t last = 0;
	bool found;
	int st = svc_rel_access(s, in->id, SVC_REL_CONTENT, &rel);
	if (st || (st = svc_begin(s)))
		return st;
	int db = sql_message_last_id(s->db, rel->id, &last, &found);
	if (db == DB_OK && last > 0)
		db = sql_message_read_mark(s->db, s->uid, rel->id, last);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return load(s, out);
}

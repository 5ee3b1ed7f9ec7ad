/* The reminder before a relationship's end (see endings.h). */
#include "notify/endings.h"
#include "notify/notices.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <string.h>

enum { DAY = 86400 };

static const char *day_of(arena_t *a, int64_t t)
{
	char iso[32];
	time_format(t, iso, sizeof(iso));
	return arena_strndup(a, iso, 10);
}

/* The end a reminder is about: the earlier of the agreement's and the
 * program's that falls in the window. */
typedef struct ending_at {
	const char *day;  /* YYYY-MM-DD */
	bool agreement;   /* the agreed duration (else the program) */
} ending_at_t;

static ending_at_t ending_of(arena_t *a, const row_ending_t *e, const char *from_day, const char *to_day,
			     int64_t now)
{
	ending_at_t out = {NULL, false};
	if (!e->agreement_ends_at_null && e->agreement_ends_at >= now &&
	    e->agreement_ends_at <= now + NOTIFY_ENDING_LEAD_DAYS * DAY)
		out = (ending_at_t){day_of(a, e->agreement_ends_at), true};
	bool program = strcmp(e->program_ends_on, from_day) >= 0 && strcmp(e->program_ends_on, to_day) <= 0;
	if (program && (!out.day || strcmp(e->program_ends_on, out.day) < 0))
		out = (ending_at_t){e->program_ends_on, false};
	return out;
}

static int remind(db_t *db, arena_t *a, notify_batch_t *b, const row_ending_t *e, const ending_at_t *end,
		  int64_t today, int64_t user_id, const char *other, int *queued)
{
	notify_person_t *to = NULL;
	int st = store_notify_person(db, a, user_id, &to);
	if (st != DB_OK || !to)
		return st;
	int64_t end_day = 0;
	date_parse(end->day, &end_day);
	int days = (int)(end_day - today);
	const char *when = days <= 0 ? "today" : days == 1 ? "tomorrow" : arena_printf(a, "in %d days", days);
	const char *what = end->agreement
		? arena_printf(a, "The mentoring you agreed with %s runs until %s, %s.", other, end->day, when)
		: arena_printf(a, "The program %s ends on %s, %s, and your mentoring with %s with it.", e->program_name,
			       end->day, when, other);
	notify_mail_t m = {.category = "reminders", .kind = "ending",
		.dedup_key = arena_printf(a, "remind:ending:%lld:%s:%lld", (long long)e->id, end->day, (long long)user_id),
		.subject = arena_printf(a, "Your mentoring with %s ends on %s", other, end->day),
		.body = arena_printf(a, "%s\n\nPlan how to close well: a last meeting to look back at your goals and wins, "
				     "your reflection, the skill ratings for the end, and a thank-you note.\n\n"
				     "Guides for closing: %s\nYour relationship: %s\n", what,
				     notice_link(a, "/guides?phase=closing"),
				     notice_link(a, arena_printf(a, "/relationships/%lld", (long long)e->id)))};
	int64_t id = 0;
	if ((st = notify_batch_open(b)) == DB_OK)
		st = notify_enqueue(db, a, to, &m, &id);
	*queued += st == DB_OK && id;
	return st;
}

int notify_endings_run(db_t *db, notify_batch_t *b, int64_t now, int *queued)
{
	arena_t *a = arena_new();
	const char *from_day = day_of(a, now), *to_day = day_of(a, now + NOTIFY_ENDING_LEAD_DAYS * DAY);
	int64_t today = 0;
	date_parse(from_day, &today);
	row_ending_t *rows;
	int n = 0;
	*queued = 0;
	int st = sql_endings_due(db, a, now, now + NOTIFY_ENDING_LEAD_DAYS * DAY, from_day, to_day, &rows, &n);
	for (int i = 0; st == DB_OK && i < n; i++) {
		ending_at_t end = ending_of(a, &rows[i], from_day, to_day, now);
		if (!end.day)
			continue;
		st = remind(db, a, b, &rows[i], &end, today, rows[i].mentee_id, rows[i].mentor_name, queued);
		if (st == DB_OK)
			st = remind(db, a, b, &rows[i], &end, today, rows[i].mentor_id, rows[i].mentee_name, queued);
		st = notify_batch_done(b, st);
	}
	arena_free(a);
	return st;
}

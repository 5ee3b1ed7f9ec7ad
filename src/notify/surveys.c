/* The program surveys' due job (see surveys.h). */
#include "notify/surveys.h"
#include "notify/notices.h"
#include "store/stmts.h"

#include <string.h>

/* Sends round `round` of survey d to one member, unless a pass did. */
static int send_one(db_t *db, arena_t *a, notify_batch_t *b, const row_survey_due_t *d, int64_t round,
		    bool mentor, int64_t now, int *queued)
{
	int64_t uid = mentor ? d->mentor_id : d->mentee_id, id = 0;
	const char *other = mentor ? d->mentee_name : d->mentor_name;
	bool claimed = false;
	int st = notify_batch_open(b);
	if (st == DB_OK)
		st = sql_survey_response_claim(db, d->survey_id, d->relationship_id, uid, mentor ? "mentor" : "mentee",
					       round, now, &id, &claimed);
	if (st != DB_OK || !claimed)
		return st;
	++*queued;
	notify_person_t *to = NULL;
	if ((st = store_notify_person(db, a, uid, &to)) != DB_OK || !to)
		return st;
	notify_mail_t m = {.category = "reminders", .kind = "survey",
		.dedup_key = arena_printf(a, "survey:%lld", (long long)id),
		.subject = arena_printf(a, "A short survey: %s", d->title),
		.body = arena_printf(a, "%s, the managers of %s would like to hear how your mentoring with %s is going.\n\n"
				     "Answer \"%s\" (%s): %s\n\nYour answers are seen only by you and the program's "
				     "managers, never by %s.\n", to->name, d->program_name, other, d->title,
				     !strcmp(d->kind, "nps") ? "an NPS survey" : "a pulse survey",
				     notice_link(a, arena_printf(a, "/survey-responses/%lld", (long long)id)), other)};
	int64_t mail = 0;
	return notify_enqueue(db, a, to, &m, &mail);
}

int notify_surveys_run(db_t *db, notify_batch_t *b, int64_t now, int *queued)
{
	*queued = 0;
	arena_t *a = arena_new();
	row_survey_due_t *rows;
	int n = 0;
	int st = sql_surveys_due(db, a, now, &rows, &n);
	for (int i = 0; st == DB_OK && i < n; i++) {
		const row_survey_due_t *d = &rows[i];
		int64_t round = d->round;
		if (strcmp(d->audience, "mentees"))
			st = send_one(db, a, b, d, round, true, now, queued);
		if (st == DB_OK && strcmp(d->audience, "mentors"))
			st = send_one(db, a, b, d, round, false, now, queued);
		st = notify_batch_done(b, st);
	}
	arena_free(a);
	return st;
}

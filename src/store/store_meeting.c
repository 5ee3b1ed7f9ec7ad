/* Meetings as the domain's record (meeting_row_t, store_rel.h), which
 * notify and the iCalendar writer read too, composed from the named
 * statements of sql/meeting.sql; and the writes inside a meeting that the
 * services, the demo and the tests share. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "store/stmts.h"
#include "core/timeutil.h"

static void from_row(const row_meeting_t *r, meeting_row_t *m)
{
	*m = (meeting_row_t){.id = r->id, .relationship_id = r->relationship_id, .starts_at = r->starts_at,
			     .created_by = r->created_by, .duration_min = (int)r->duration_min,
			     .sequence = (int)r->sequence, .channel = r->channel, .kind = r->kind,
			     .status = r->status, .rrule = r->rrule, .in_mentee_hours = r->in_mentee_hours,
			     .in_mentor_hours = r->in_mentor_hours, .created_at = r->created_at,
			     .updated_at = r->updated_at};
}

int store_meeting_insert(db_t *db, const meeting_row_t *m, int64_t *id)
{
	return sql_meeting_insert(db, m->relationship_id, m->starts_at, m->duration_min, m->channel, m->kind,
				  m->rrule, m->in_mentee_hours, m->in_mentor_hours, m->created_by, time_now(),
				  id, NULL);
}

int store_meeting_get(db_t *db, arena_t *a, int64_t id, meeting_row_t **out)
{
	row_meeting_t *r;
	*out = NULL;
	int st = sql_meeting_get(db, a, id, &r);
	if (st != DB_OK || !r)
		return st;
	*out = arena_alloc(a, sizeof(**out));
	from_row(r, *out);
	return DB_OK;
}

int store_meeting_list(db_t *db, arena_t *a, int64_t rel_id, meeting_row_t **items, int *n)
{
	row_meeting_t *rows;
	int st = sql_meeting_list(db, a, rel_id, &rows, n);
	if (st != DB_OK)
		return st;
	*items = arena_alloc(a, sizeof(meeting_row_t) * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		from_row(&rows[i], &(*items)[i]);
	return DB_OK;
}

int store_meeting_update(db_t *db, const meeting_row_t *m)
{
	return sql_meeting_update(db, m->id, m->starts_at, m->duration_min, m->channel, m->rrule, m->status,
				  m->in_mentee_hours, m->in_mentor_hours, m->sequence, time_now(), NULL);
}

int store_reschedule_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int64_t by,
			 const char *reason)
{
	return sql_meeting_reschedule_add(db, meeting_id, from, to, by, reason, time_now());
}

int store_agenda_add(db_t *db, int64_t meeting_id, int64_t by, const char *text, bool question,
		     int64_t *id)
{
	return sql_meeting_agenda_add(db, meeting_id, by, text, question, time_now(), id, NULL);
}

int store_note_add(db_t *db, int64_t meeting_id, int64_t by, const char *body, bool private_,
		   int64_t *id)
{
	return sql_meeting_note_add(db, meeting_id, by, body, private_, time_now(), id, NULL);
}

int store_feedback_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int rating,
		       const char *comment, const char *tags, int64_t *id)
{
	return sql_meeting_feedback_add(db, meeting_id, from, to, rating, comment ? comment : "",
					tags ? tags : "", time_now(), id, NULL);
}

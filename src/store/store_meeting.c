/* Meetings, reschedules, agendas, notes and feedback. */
#include "store/store_base.h"
#include "store/store_rel.h"
#include "core/timeutil.h"

#define N(a) ((int)(sizeof(a) / sizeof(a[0])))

static const col_t meeting_cols[] = {
	{"id", COL_INT}, {"relationship_id", COL_INT}, {"starts_at", COL_TIME},
	{"duration_min", COL_INT}, {"channel", COL_TEXT}, {"kind", COL_TEXT}, {"rrule", COL_OPT_TEXT},
	{"status", COL_TEXT}, {"in_mentee_hours", COL_BOOL}, {"in_mentor_hours", COL_BOOL},
	{"sequence", COL_INT}, {"created_by", COL_INT}, {"created_at", COL_TIME},
	{"updated_at", COL_TIME}};
#define MEETING_SELECT "SELECT id, relationship_id, starts_at, duration_min, channel, kind, rrule, " \
	"status, in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at FROM meetings "

int store_meeting_insert(db_t *db, const meeting_row_t *m, int64_t *id)
{
	int64_t now = time_now();
	return db_query_int(db, id, NULL,
		"INSERT INTO meetings (relationship_id, starts_at, duration_min, channel, kind, rrule, status, "
		"in_mentee_hours, in_mentor_hours, sequence, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8, 0, $9, $10, $10) RETURNING id",
		DB_ARGS(DB_INT(m->relationship_id), DB_INT(m->starts_at), DB_INT(m->duration_min),
			DB_TEXT(m->channel), DB_TEXT(m->kind), DB_TEXT(m->rrule),
			DB_INT(m->in_mentee_hours), DB_INT(m->in_mentor_hours), DB_INT(m->created_by),
			DB_INT(now)));
}

int store_meeting_get(db_t *db, arena_t *a, int64_t id, meeting_row_t **out)
{
	db_stmt_t *s;
	*out = NULL;
	int st = db_query(db, &s, MEETING_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (st != DB_OK)
		return st;
	int rc = db_step(s);
	if (rc == 1) {
		meeting_row_t *m = arena_alloc(a, sizeof(*m));
		m->id = db_col_int(s, 0);
		m->relationship_id = db_col_int(s, 1);
		m->starts_at = db_col_int(s, 2);
		m->duration_min = (int)db_col_int(s, 3);
		m->channel = arena_strdup(a, db_col_text(s, 4));
		m->kind = arena_strdup(a, db_col_text(s, 5));
		m->rrule = arena_strdup(a, db_col_text(s, 6));
		m->status = arena_strdup(a, db_col_text(s, 7));
		m->in_mentee_hours = db_col_int(s, 8) != 0;
		m->in_mentor_hours = db_col_int(s, 9) != 0;
		m->sequence = (int)db_col_int(s, 10);
		m->created_by = db_col_int(s, 11);
		*out = m;
	}
	db_done(s);
	return rc < 0 ? rc : DB_OK;
}

int store_meeting_update(db_t *db, const meeting_row_t *m)
{
	return db_exec(db,
		"UPDATE meetings SET starts_at = $2, duration_min = $3, channel = $4, rrule = $5, status = $6, "
		"in_mentee_hours = $7, in_mentor_hours = $8, sequence = $9, updated_at = $10 WHERE id = $1",
		DB_ARGS(DB_INT(m->id), DB_INT(m->starts_at), DB_INT(m->duration_min), DB_TEXT(m->channel),
			DB_TEXT(m->rrule), DB_TEXT(m->status), DB_INT(m->in_mentee_hours),
			DB_INT(m->in_mentor_hours), DB_INT(m->sequence), DB_INT(time_now())));
}

int store_meeting_json(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, meeting_cols, N(meeting_cols), MEETING_SELECT "WHERE id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_meeting_list(db_t *db, int64_t rel_id, json_t **out)
{
	return store_rows(db, out, meeting_cols, N(meeting_cols),
			  MEETING_SELECT "WHERE relationship_id = $1 ORDER BY starts_at, id",
			  DB_ARGS(DB_INT(rel_id)));
}

int store_meeting_count(db_t *db, int64_t rel_id, const char *kind, const char *status, int64_t *n)
{
	return db_query_int(db, n, NULL,
		"SELECT COUNT(*) FROM meetings WHERE relationship_id = $1 AND ($2 IS NULL OR kind = $2) "
		"AND ($3 IS NULL OR status = $3)",
		DB_ARGS(DB_INT(rel_id), DB_TEXT(kind), DB_TEXT(status)));
}

int store_reschedule_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int64_t by,
			 const char *reason)
{
	return db_exec(db,
		"INSERT INTO meeting_reschedules (meeting_id, from_starts_at, to_starts_at, requested_by, "
		"reason, at) VALUES ($1, $2, $3, $4, $5, $6)",
		DB_ARGS(DB_INT(meeting_id), DB_INT(from), DB_INT(to), DB_INT(by), DB_TEXT(reason),
			DB_INT(time_now())));
}

int store_reschedule_list(db_t *db, int64_t meeting_id, json_t **out)
{
	static const col_t cols[] = {{"id", COL_INT}, {"from", COL_TIME}, {"to", COL_TIME},
				     {"requested_by", COL_INT}, {"reason", COL_TEXT}, {"at", COL_TIME}};
	return store_rows(db, out, cols, N(cols),
		"SELECT id, from_starts_at, to_starts_at, requested_by, reason, at FROM meeting_reschedules "
		"WHERE meeting_id = $1 ORDER BY at, id", DB_ARGS(DB_INT(meeting_id)));
}

int store_agenda_add(db_t *db, int64_t meeting_id, int64_t by, const char *text, bool question,
		     int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO agenda_items (meeting_id, author_id, text, is_question, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(meeting_id), DB_INT(by), DB_TEXT(text), DB_INT(question ? 1 : 0),
			DB_INT(time_now())));
}

static const col_t agenda_cols[] = {{"id", COL_INT}, {"meeting_id", COL_INT}, {"author_id", COL_INT},
				    {"text", COL_TEXT}, {"is_question", COL_BOOL}, {"created_at", COL_TIME}};
#define AGENDA_SELECT "SELECT id, meeting_id, author_id, text, is_question, created_at FROM agenda_items "

int store_agenda_list(db_t *db, int64_t meeting_id, json_t **out)
{
	return store_rows(db, out, agenda_cols, N(agenda_cols), AGENDA_SELECT "WHERE meeting_id = $1 ORDER BY id",
			  DB_ARGS(DB_INT(meeting_id)));
}

int store_agenda_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, agenda_cols, N(agenda_cols), AGENDA_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
}

int store_note_add(db_t *db, int64_t meeting_id, int64_t by, const char *body, bool private_,
		   int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO meeting_notes (meeting_id, author_id, body, private, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(meeting_id), DB_INT(by), DB_TEXT(body), DB_INT(private_ ? 1 : 0),
			DB_INT(time_now())));
}

static const col_t note_cols[] = {{"id", COL_INT}, {"meeting_id", COL_INT}, {"author_id", COL_INT},
				  {"body", COL_TEXT}, {"private", COL_BOOL}, {"created_at", COL_TIME}};
#define NOTE_SELECT "SELECT id, meeting_id, author_id, body, private, created_at FROM meeting_notes "

int store_note_list(db_t *db, int64_t meeting_id, int64_t viewer, json_t **out)
{
	return store_rows(db, out, note_cols, N(note_cols),
		NOTE_SELECT "WHERE meeting_id = $1 AND (private = 0 OR author_id = $2) ORDER BY id",
		DB_ARGS(DB_INT(meeting_id), DB_INT(viewer)));
}

int store_note_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, note_cols, N(note_cols), NOTE_SELECT "WHERE id = $1", DB_ARGS(DB_INT(id)));
}

static const col_t feedback_cols[] = {
	{"id", COL_INT}, {"meeting_id", COL_INT}, {"from_id", COL_INT}, {"to_id", COL_INT},
	{"rating", COL_INT}, {"comment", COL_TEXT}, {"tags", COL_TAGS},
	{"acknowledged_at", COL_OPT_TIME}, {"created_at", COL_TIME}};
#define FEEDBACK_SELECT "SELECT id, meeting_id, from_id, to_id, rating, comment, tags, " \
	"acknowledged_at, created_at FROM feedback "

int store_feedback_add(db_t *db, int64_t meeting_id, int64_t from, int64_t to, int rating,
		       const char *comment, const char *tags, int64_t *id)
{
	return db_query_int(db, id, NULL,
		"INSERT INTO feedback (meeting_id, from_id, to_id, rating, comment, tags, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		DB_ARGS(DB_INT(meeting_id), DB_INT(from), DB_INT(to), DB_INT(rating),
			DB_TEXT(comment ? comment : ""), DB_TEXT(tags ? tags : ""), DB_INT(time_now())));
}

int store_feedback_list(db_t *db, int64_t meeting_id, json_t **out)
{
	return store_rows(db, out, feedback_cols, N(feedback_cols),
			  FEEDBACK_SELECT "WHERE meeting_id = $1 ORDER BY id", DB_ARGS(DB_INT(meeting_id)));
}

int store_feedback_get(db_t *db, int64_t id, json_t **out)
{
	return store_row(db, out, feedback_cols, N(feedback_cols), FEEDBACK_SELECT "WHERE id = $1",
			 DB_ARGS(DB_INT(id)));
}

int store_feedback_ack(db_t *db, int64_t id, int64_t at)
{
	return db_exec(db, "UPDATE feedback SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL",
		       DB_ARGS(DB_INT(id), DB_INT(at)));
}

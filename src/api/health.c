/* The program report streamed as JSON and as CSV (see health.h). */
#include "api/health.h"
#include "api/endpoint.h"
#include "api/handlers.h"
#include "core/timeutil.h"
#include "http/schema_io.h"
#include "svc/health.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* One quoted field; text that a spreadsheet would run as a formula is
 * prefixed with an apostrophe. */
static void csv_field(buf_t *out, const char *s)
{
	buf_putc(out, ',');
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	size_t n = strlen(s);
	char *src = NULL;
	if (formula) {
		src = malloc(n + 2);
		if (!src)
			abort();
		src[0] = '\'';
		memcpy(src + 1, s, n + 1);
		s = src;
		n++;
	}
	size_t need = csv_write(NULL, 0, s, n);
	buf_grow(out, need + 1);
	out->len += csv_write(out->data + out->len, need, s, n);
	out->data[out->len] = '\0';
	free(src);
}

static void csv_int(buf_t *out, int64_t v)
{
	buf_printf(out, ",%lld", (long long)v);
}

/* A one-decimal figure, or an empty field for unknown (null). */
static void csv_real(buf_t *out, double v, bool null)
{
	if (null)
		buf_putc(out, ',');
	else
		buf_printf(out, ",%.1f", v);
}

void api_report_csv_header(buf_t *out)
{
	buf_puts(out, "relationship_id,mentor_id,mentor_name,mentee_id,mentee_name,phase,state,score,at_risk,"
		      "flags,days_since_contact,meetings,meetings_held,goals,goals_achieved,goals_active,"
		      "average_rating,goal_progress_pct,skill_change,mentor_skill_change,mentoring_hours,mentor_hours,"
		      "mentor_reply_hours,mentee_reply_hours,ended_by_organisation_at,survey_answers,survey_rating,nps\r\n");
}

void api_report_csv_row(buf_t *out, const ReportRow_t *row)
{
	buf_t flags = BUF_INIT;
	for (int k = 0; k < row->flags.n; k++) {
		if (k)
			buf_putc(&flags, ';');
		buf_puts(&flags, row->flags.v[k]);
	}
	buf_printf(out, "%lld", (long long)row->relationship_id);
	csv_int(out, row->mentor.id);
	csv_field(out, row->mentor.name);
	csv_int(out, row->mentee.id);
	csv_field(out, row->mentee.name);
	csv_field(out, row->phase);
	csv_field(out, row->state);
	if (row->score_null)
		buf_putc(out, ',');
	else
		csv_int(out, row->score);
	buf_puts(out, row->at_risk ? ",yes" : ",no");
	csv_field(out, buf_cstr(&flags));
	buf_free(&flags);
	if (row->days_since_contact_null)
		buf_putc(out, ',');
	else
		csv_int(out, row->days_since_contact);
	csv_int(out, row->meetings);
	csv_int(out, row->meetings_held);
	csv_int(out, row->goals);
	csv_int(out, row->goals_achieved);
	csv_int(out, row->goals_active);
	csv_real(out, row->average_rating, row->average_rating_null);
	csv_real(out, row->goal_progress_pct, row->goal_progress_pct_null);
	csv_real(out, row->skill_change, row->skill_change_null);
	csv_real(out, row->mentor_skill_change, row->mentor_skill_change_null);
	csv_real(out, row->mentoring_hours, false);
	csv_real(out, row->mentor_hours, false);
	csv_real(out, row->mentor_reply_hours, row->mentor_reply_hours_null);
	csv_real(out, row->mentee_reply_hours, row->mentee_reply_hours_null);
	if (row->ended_by_organisation_at_null) {
		buf_putc(out, ',');
	} else {
		char ts[32];
		time_format(row->ended_by_organisation_at, ts, sizeof(ts));
		csv_field(out, ts);
	}
	csv_int(out, row->survey_answers);
	csv_real(out, row->survey_rating, row->survey_rating_null);
	csv_real(out, row->nps, row->nps_null);
	buf_puts(out, "\r\n");
}

/* ---- streamed answers ---- */

#define ROWS_PER_PIECE 256

/* The report going out: its head, then its rows a piece at a time, each
 * piece's strings in a scratch arena freed before the next. */
typedef struct report_stream {
	svc_report_t *rep;
	ProgramReport_t head;
	int next, n;
	bool started, csv;
	arena_t *scratch;
} report_stream_t;

static void scratch_free(void *p)
{
	report_stream_t *rs = p;
	arena_free(rs->scratch);
}

static int report_next(void *state, buf_t *out)
{
	report_stream_t *rs = state;
	if (!rs->started) {
		rs->started = true;
		if (rs->csv) {
			api_report_csv_header(out);
		} else {
			/* The head with no items ends in "[]}"; the rows go in between. */
			sch_write_json(out, &sch_ProgramReport, &rs->head);
			out->len -= 2;
			out->data[out->len] = '\0';
		}
	}
	arena_free(rs->scratch);
	rs->scratch = arena_new();
	for (int k = 0; k < ROWS_PER_PIECE && rs->next < rs->n; k++, rs->next++) {
		ReportRow_t row;
		svc_report_row(rs->rep, rs->next, rs->scratch, &row);
		if (rs->csv) {
			api_report_csv_row(out, &row);
		} else {
			if (rs->next)
				buf_putc(out, ',');
			sch_write_json(out, &sch_ReportRow, &row);
		}
	}
	if (rs->next < rs->n)
		return 1;
	if (!rs->csv)
		buf_puts(out, "]}");
	return 0;
}

static void report_answer(req_t *r, int64_t program_id, bool csv)
{
	svc_t s;
	api_svc(r, &s);
	report_stream_t *rs = arena_alloc(r->arena, sizeof(*rs));
	int st = svc_report_open(&s, program_id, &rs->head, &rs->rep);
	if (st != SVC_OK) {
		api_refuse(r, &s, st);
		return;
	}
	rs->n = svc_report_rows(rs->rep);
	rs->csv = csv;
	rs->scratch = arena_new();
	arena_defer(r->arena, scratch_free, rs);
	if (csv) {
		resp_header(r, "Content-Disposition", arena_printf(r->arena,
			"attachment; filename=\"program-%lld-report.csv\"", (long long)program_id));
		resp_stream(r, 200, "text/csv; charset=utf-8", report_next, rs);
	} else {
		resp_stream(r, 200, "application/json", report_next, rs);
	}
}

void api_report_json(req_t *r, const void *in)
{
	report_answer(r, ((const in_getProgramReport_t *)in)->id, false);
}

void api_report_csv(req_t *r, const void *in)
{
	report_answer(r, ((const in_getProgramReportCsv_t *)in)->id, true);
}

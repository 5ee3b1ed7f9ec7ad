/* GET /api/v1/programs/{id}/report.csv: the program report's rows as a CSV
 * file (the x-handler of getProgramReportCsv; every other health operation
 * is a service behind the generated dispatcher). The rows are those of
 * svc_report_get: counts and dates only, no message, note or feedback text. */
#include "api/health.h"
#include "api/endpoint.h"

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

void api_report_csv_write(buf_t *out, const ProgramReport_t *rep)
{
	buf_puts(out, "relationship_id,mentor_id,mentor_name,mentee_id,mentee_name,phase,state,score,at_risk,"
		      "flags,days_since_contact,meetings,meetings_held,goals,goals_achieved,goals_active,"
		      "average_rating,goal_progress_pct\r\n");
	for (int i = 0; i < rep->items.n; i++) {
		const ReportRow_t *row = &rep->items.v[i];
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
		buf_puts(out, "\r\n");
	}
}

void api_report_csv(req_t *r, const void *in_)
{
	const in_getProgramReportCsv_t *in = in_;
	svc_t s;
	ProgramReport_t rep;
	api_svc(r, &s);
	int st = svc_report_get(&s, &(in_getProgramReport_t){.id = in->id}, &rep);
	if (st != SVC_OK) {
		api_refuse(r, &s, st);
		return;
	}
	buf_t out = BUF_INIT;
	api_report_csv_write(&out, &rep);
	resp_header(r, "Content-Disposition",
		    arena_printf(r->arena, "attachment; filename=\"program-%lld-report.csv\"", (long long)in->id));
	resp_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&out), out.len);
	buf_free(&out);
}

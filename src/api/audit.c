/* GET /api/v1/audit.csv: the audit log as a CSV file (the x-handler of
 * getAuditCsv; listAudit is a service behind the generated dispatcher).
 * The export reads the log a thousand entries at a time. */
#include "api/audit.h"
#include "api/csv.h"
#include "api/endpoint.h"
#include "api/handlers.h"
#include "core/timeutil.h"

int api_audit_csv_write(svc_t *s, const svc_audit_filter_t *f, buf_t *out)
{
	buf_puts(out, "id,at,actor_id,actor_name,action,object_type,object_id,detail\r\n");
	int64_t before = 0;
	for (int total = 0; total < SVC_AUDIT_EXPORT_MAX;) {
		AuditList_t page;
		int st = svc_audit_page(s, f, before, 1000, &page);
		if (st)
			return st;
		for (int i = 0; i < page.items.n; i++) {
			const AuditEntry_t *e = &page.items.v[i];
			char at[32];
			time_format(e->at, at, sizeof(at));
			buf_printf(out, "%lld", (long long)e->id);
			api_csv_text(out, at, false);
			api_csv_int(out, e->actor_id, e->actor_id_null);
			api_csv_text(out, e->actor_name_null ? "" : e->actor_name, false);
			api_csv_text(out, e->action, false);
			api_csv_text(out, e->object_type, false);
			api_csv_int(out, e->object_id, e->object_id_null);
			api_csv_text(out, e->detail, false);
			api_csv_end_row(out);
		}
		total += page.items.n;
		if (!page.next || !svc_cursor(page.next, &before))
			break;
	}
	return SVC_OK;
}

void api_audit_csv(req_t *r, const void *in_)
{
	const in_getAuditCsv_t *in = in_;
	svc_t s;
	api_svc(r, &s);
	svc_audit_filter_t f = {.person_id = in->has_person_id ? in->person_id : 0,
				.action = in->has_action ? in->action : NULL};
	buf_t out = BUF_INIT;
	int st = api_audit_csv_write(&s, &f, &out);
	if (st) {
		buf_free(&out);
		api_refuse(r, &s, st);
		return;
	}
	resp_header(r, "Content-Disposition", "attachment; filename=\"audit.csv\"");
	resp_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&out), out.len);
	buf_free(&out);
}

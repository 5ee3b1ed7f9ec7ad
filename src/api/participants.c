/* The CSV import of a program's participants: the one API operation of the
 * participants whose request is not JSON (its body is text/csv), so it has
 * a hand-written handler (x-handler in openapi.json). The import itself is
 * svc_participant_import, which `mentord import` calls too; listing and
 * adding one participant are generated endpoints (svc/participant.c). */
#include "api/endpoint.h"
#include "api/handlers.h"
#include "svc/participant.h"

void api_participants_import(req_t *r, const void *in_)
{
	const in_importParticipants_t *in = in_;
	svc_t s;
	ImportReport_t report;
	api_svc(r, &s);
	int st = svc_participant_import(&s, in->id, in->has_dry_run && in->dry_run, r->body, r->body_len,
					&report);
	if (db_in_tx(r->db))
		db_rollback(r->db); /* never half an import */
	if (st != SVC_OK)
		api_refuse(r, &s, st);
	else
		api_reply(r, report.dry_run ? 200 : 201, &sch_ImportReport, &report);
}

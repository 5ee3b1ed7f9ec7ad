/* Program surveys: pulse and NPS surveys a program's managers define
 * (title, kind, audience, a schedule counted from the match, ordered
 * questions), sent by the due job (notify/surveys.c) to the members of the
 * program's live relationships, answered once per member and round. The
 * operations are declared in svc/api_types.h (svc_survey_*); this header
 * adds what the due job and the program report read. Answers are private
 * to the respondent and the program's managers: the other member of the
 * relationship gets 403. */
#ifndef MENTORD_SVC_SURVEY_H
#define MENTORD_SVC_SURVEY_H
#include "svc/svc.h"

/* The standard NPS question, an NPS survey's first. */
extern const char survey_nps_prompt[];

/* One relationship's survey figures in the program report. */
typedef struct survey_rel {
	int64_t rel_id;
	int answered;              /* responses answered by either member */
	int ratings, nps_n;        /* answers to rating and NPS questions */
	double rating_avg, nps_avg;
} survey_rel_t;

/* A program's surveys for the report (not archived ones): the summaries
 * and, by relationship id, the rows' figures. */
typedef struct survey_report {
	ProgramReportSurvey_t *surveys;
	int nsurveys;
	survey_rel_t *rels;
	int nrels;
} survey_report_t;

/* Loads it (a store status; the caller has checked access). */
int survey_report_load(db_t *db, arena_t *a, int64_t program_id, survey_report_t *out);
/* Relationship rel_id's figures, or NULL when it has none. */
const survey_rel_t *survey_report_find(const survey_report_t *r, int64_t rel_id);

#endif

/* What the relationship pages share: loading a relationship through the
 * relationship services (so their privacy rule, svc_rel_access, decides what
 * a page may show), the header every relationship page carries (the pair,
 * the phase progress, the tabs), the viewer's local time for instants, the
 * pieces of the pages' forms. Every JSON value here belongs to the request
 * (page_json) unless a comment says otherwise; strings come from the
 * request arena. */
#ifndef MENTORD_WEB_REL_SHARED_H
#define MENTORD_WEB_REL_SHARED_H
#include <jansson.h>

#include "svc/relationship.h"
#include "web/page.h"

/* A relationship as the viewer may see it. */
typedef struct relp {
	int64_t id;
	json_t *rel;       /* the summary as GET /api/v1/relationships/{id} shows it (health
			      null), owned by the request */
	bool is_mentor, is_mentee;
	bool member;       /* one of the pair: sees the content */
	const char *phase; /* "getting_to_know" ... "alumni" */
	const char *tz;    /* the viewer's time zone, "UTC" when unknown */
	int64_t mentor_id, mentee_id;
	svc_rel_view_t view; /* the same, typed */
} relp_t;

/* A form on its way back after an API refusal. */
typedef struct relform {
	int status;        /* the status to render the page with */
	const char *which; /* which form of the page the errors belong to */
	const char *alert; /* a refusal that belongs to no field (409, 403) */
	verr_t errs;
} relform_t;

/* Loads relationship id for the viewer; on refusal answers the error page
 * and returns false. A manager gets the metadata; the content pages then
 * ask for content, which the services refuse them (403) by their rule.
 * relp_open with detail also loads commonalities, starters and
 * preferences (rp->view.out). */
bool relp_load(req_t *r, int64_t id, relp_t *rp);
bool relp_open(req_t *r, int64_t id, bool detail, relp_t *rp);
/* Nothing to free any more (rp->rel belongs to the request); kept for the
 * pages that still call it. */
void relp_free(relp_t *rp);
/* Answers a relationship service's refusal as an error page, in the words
 * of the relationship pages (404: "nothing here, or not yours to see"). */
void relp_refuse(req_t *r, const svc_t *s, int st);

/* The base page context with "rel" (the pair, phase steps with the current
 * one marked, the tabs with tab current) and "relcss". */
json_t *relp_ctx(req_t *r, const relp_t *rp, const char *title, const char *tab);
/* The URL of the pages' extra stylesheet, with its content hash. */
const char *relp_css_url(void);
/* The name of one of the pair, "" for anyone else. */
const char *relp_name(const relp_t *rp, int64_t user_id);
/* "you" when user_id is the viewer, else the name. */
const char *relp_who(req_t *r, const relp_t *rp, int64_t user_id);
/* A phase for people: "Goal setting". */
const char *relp_phase_label(const char *phase);
/* A relationship's state for people: its phase, or "Ended by the
 * organisation" when a deactivation ended it. */
const char *relp_state_label(const Relationship_t *rel);
/* The viewer's time zone from their profile ("UTC" when none). */
const char *relp_viewer_tz(req_t *r);

/* An instant in words in tz: "Monday 30 November, 10:00 (Berlin time)",
 * the year added when it is not this year's (in UTC when tz is unknown). */
const char *relp_at(req_t *r, const char *tz, int64_t t);
/* A date "2026-12-01" in words: "1 December 2026" (itself when it is not
 * a date). */
const char *relp_date(req_t *r, const char *ymd);
/* The same for an RFC 3339 instant (itself when it cannot be read). */
const char *relp_when(req_t *r, const char *tz, const char *rfc3339);
/* A datetime-local input ("2026-11-30T10:00") read in tz as an RFC 3339
 * UTC instant; NULL when malformed. */
const char *relp_local_to_utc(req_t *r, const char *tz, const char *local);
/* The value for a datetime-local input showing an instant in tz. */
const char *relp_utc_to_local_input(req_t *r, const char *tz, const char *rfc3339);

/* A labelled field like page_field but with an explicit id (several forms
 * of the same kind on one page); errors count only when f names this form. */
json_t *relp_field(const char *name, const char *id, const char *label, const char *value,
		   const char *hint, const relform_t *f, const char *which);
/* Adds the error summary of f to ctx, with anchors pointing into the form. */
void relp_summary(json_t *ctx, const relform_t *f, const page_label_t *labels);
/* Sets "notice" from ?done=KEY using the table {key, sentence, ..., NULL}. */
void relp_notice(req_t *r, json_t *ctx, const char *const *table);

/* A select's options from value/label pairs with current selected. */
json_t *relp_options(const page_opt_t *opts, const char *current);
/* Ratings 1-5 with a first "choose" option. */
extern const page_opt_t relp_ratings[];

/* The mentor requests addressed to the viewer in self-match programs where
 * they mentor (the request's), with the number still waiting for an answer. */
json_t *relp_requests_to_me(req_t *r, int *pending);

/* Serves /static/rel.css, the relationship pages' extra styles. */
void relp_css(req_t *r);

#endif
